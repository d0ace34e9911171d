import { describeIssue } from '../../lambda/contract/event-schema.ts';
import type { RejectedRecord, StatusRecord } from '../../lambda/records/records.ts';
import { displayText } from '../toolkit/display.ts';
import { formatTable } from '../toolkit/format-table.ts';

export const STATUS_HEADERS = [
  'RECIPE',
  'STATUS',
  'DEVICE',
  'ORGANIZATION',
  'OCCURRED AT',
  'EVENT ID',
] as const;

export const statusRow = (record: StatusRecord): string[] => [
  record.recipeUid,
  record.status,
  record.deviceIdentityHash,
  record.organizationUid,
  record.occurredAt,
  record.eventId,
];

export const formatStatusRecords = (records: readonly StatusRecord[]): string =>
  records.length === 0 ? '(none)' : formatTable(STATUS_HEADERS, records.map(statusRow));

/** One record, field by field; each value made safe to print. */
export const formatRecord = (record: StatusRecord): string => {
  const fields: [string, string | number | undefined][] = [
    ['recipe', record.recipeUid],
    ['status', record.status],
    ['device', record.deviceIdentityHash],
    ['organization', record.organizationUid],
    ['parent company', record.parentCompanyUid],
    ['originator account', record.originatorAccountId],
    ['originator organization', record.originatorOrganizationUid],
    ['originator policy', record.originatorPolicyUid],
    ['event id', record.eventId],
    ['occurred at', record.occurredAt],
    ['recorded at', record.recordedAt],
    ['source', record.source],
  ];
  const shown = fields.filter((field): field is [string, string | number] => field[1] !== undefined);
  const width = Math.max(...shown.map(([label]) => label.length));
  return shown
    .map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${displayText(String(value))}`)
    .join('\n');
};

export const formatRejected = (records: readonly RejectedRecord[]): string =>
  records.length === 0
    ? '(none)'
    : formatTable(
        ['RECEIVED AT', 'EVENT ID', 'RECIPE', 'SIZE', 'REASONS'],
        records.map((record) => [
          record.receivedAt,
          record.eventId ?? '-',
          record.recipeUid ?? '-',
          `${record.rawBytes} B${record.rawTruncated ? ' (cut)' : ''}`,
          record.issues.map(describeIssue).join('; ') +
            (record.issueCount > record.issues.length
              ? ` (+${record.issueCount - record.issues.length} more)`
              : ''),
        ]),
      );
