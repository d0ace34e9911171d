import { describe, expect, it } from 'vitest';
import { synthesize } from '../support/synth.ts';

interface IndexProperty {
  readonly IndexName: string;
  readonly KeySchema: readonly { AttributeName: string; KeyType: string }[];
}

const indexesOf = (settings: Record<string, string>): IndexProperty[] => {
  const tables = Object.values(synthesize(settings).template.findResources('AWS::DynamoDB::Table'));
  expect(tables).toHaveLength(1);
  return (tables[0] as { Properties: { GlobalSecondaryIndexes: IndexProperty[] } }).Properties
    .GlobalSecondaryIndexes;
};
const names = (indexes: readonly IndexProperty[]) => indexes.map((index) => index.IndexName).sort();

// 0.2's template, copied from it: CloudFormation adds or drops one index per update, never both.
const V02_INDEX_NAMES = ['byDevice', 'byOrganization', 'byOrganizationStatus'];

describe("the table's indexes", () => {
  const final = indexesOf({});
  const upgrade = indexesOf({ keepOrganizationIndex: 'true' });

  it('are byDevice and byOrganizationStatus as in 0.2, and byStatusCompany with a multi-attribute key', () => {
    expect(names(final)).toEqual(['byDevice', 'byOrganizationStatus', 'byStatusCompany']);
    expect(final.find((index) => index.IndexName === 'byStatusCompany')?.KeySchema).toEqual([
      { AttributeName: 'status', KeyType: 'HASH' },
      { AttributeName: 'parentCompanyUid', KeyType: 'RANGE' },
      { AttributeName: 'orderKey', KeyType: 'RANGE' },
      { AttributeName: 'organizationKey', KeyType: 'RANGE' },
    ]);
  });

  it('upgrade from 0.2 in two deploys, each adding or dropping exactly one index', () => {
    const added = names(upgrade).filter((name) => !V02_INDEX_NAMES.includes(name));
    expect(added).toEqual(['byStatusCompany']);
    expect(V02_INDEX_NAMES.filter((name) => !names(upgrade).includes(name))).toEqual([]);
    expect(names(upgrade).filter((name) => !names(final).includes(name))).toEqual(['byOrganization']);
    expect(names(final).filter((name) => !names(upgrade).includes(name))).toEqual([]);
  });
});
