import { groupListingCommand } from './group-listing.ts';

export const companyCommand = groupListingCommand({
  name: 'company',
  summary: 'recipes of every organization of a parent company, newest first',
  usage: '<parentCompanyUid>',
  uidName: 'the parent company uid',
  list: (queries, uid, query) => queries.listCompanyRecipes(uid, query),
});
