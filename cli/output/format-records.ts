import { describeIssue } from '../../lambda/shared/event-schema.ts';
import type { RejectedRecord, StatusRecord } from '../../lambda/shared/records.ts';
import { displayText } from '../toolkit/display.ts';

/**
 * Plain-text tables for a terminal: columns padded to their widest cell. Every
 * cell is made safe to print (display.ts), since most come from event data.
 */
export const formatTable = (
  headers: readonly string[],
  unsafeRows: readonly (readonly string[])[],
): string => {
  const rows = unsafeRows.map((row) => row.map(displayText));
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [render(headers), render(widths.map((width) => '-'.repeat(width))), ...rows.map(render)].join('\n');
};

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
