import { groupListingCommand } from './group-listing.ts';

export const orgCommand = groupListingCommand({
  name: 'org',
  summary: 'recipes of an organization, newest first',
  usage: '<organizationUid>',
  uidName: 'the organization uid',
  list: (queries, uid, query) => queries.listOrganizationRecipes(uid, query),
});
