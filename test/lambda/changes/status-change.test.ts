import { marshall } from '@aws-sdk/util-dynamodb';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { statusChangeOf, UnreadableCurrentItemError } from '../../../lambda/changes/status-change.ts';
import { StatusChangedSchema } from '../../../lambda/changes/status-changed.ts';
import { itemWriteOf, parseStreamEvent } from '../../../lambda/changes/stream-records.ts';

/** A current item as the table holds it: keys, index keys and the record. */
const currentItem = (status: string, eventId: string, extra: Record<string, unknown> = {}) => ({
  pk: 'RECIPE#rcp-1',
  sk: 'CURRENT',
  recipeUid: 'rcp-1',
  status,
  deviceIdentityHash: 'dev-1',
  organizationUid: 'org-acme',
  parentCompanyUid: 'company-1',
  eventId,
  eventBridgeId: `eb-${eventId}`,
  source: 'signageos',
  eventTime: '2026-11-26T09:15:02.000Z',
  occurredAt: '2026-11-26T09:15:00.000Z',
  orderedBy: 'eventTime',
  orderKey: `001795684500000#${eventId}`,
  recordedAt: '2026-11-26T09:15:03.000Z',
  deviceKey: 'dev-1',
  organizationKey: 'org-acme',
  organizationStatusKey: `org-acme#${status}`,
  ...extra,
});

const write = (
  oldImage: Record<string, unknown> | undefined,
  newImage: Record<string, unknown> | undefined,
) => ({
  recordId: 'stream-record-1',
  oldImage,
  newImage,
});

describe('statusChangeOf', () => {
  it("turns a recipe's first status into a change from null", () => {
    expect(statusChangeOf(write(undefined, currentItem('Pending', 'evt-1')))).toEqual({
      changeId: 'stream-record-1',
      recipeUid: 'rcp-1',
      previousStatus: null,
      status: 'Pending',
      deviceIdentityHash: 'dev-1',
      organizationUid: 'org-acme',
      parentCompanyUid: 'company-1',
      occurredAt: '2026-11-26T09:15:00.000Z',
      eventId: 'evt-1',
      orderKey: '001795684500000#evt-1',
      repair: false,
      changedAt: '2026-11-26T09:15:03.000Z',
    });
  });

  it('turns a new status into a change from the old one, valid by the published schema', () => {
    const change = statusChangeOf(write(currentItem('Pending', 'evt-1'), currentItem('Failed', 'evt-2')));
    expect(change).toMatchObject({ previousStatus: 'Pending', status: 'Failed', eventId: 'evt-2' });
    expect(v.safeParse(StatusChangedSchema, change)).toMatchObject({ success: true, output: change });
  });

  it('emits nothing for a newer event of the same status', () => {
    expect(
      statusChangeOf(write(currentItem('Applied', 'evt-1'), currentItem('Applied', 'evt-2'))),
    ).toBeUndefined();
  });

  it('emits nothing for history and rejected items, or a deleted current item', () => {
    const history = { ...currentItem('Failed', 'evt-2'), sk: 'EVENT#evt-2' };
    expect(statusChangeOf(write(undefined, history))).toBeUndefined();
    expect(
      statusChangeOf(write(undefined, { pk: 'REJECTED', sk: '2026-11-26T09:15:03.000Z#ab' })),
    ).toBeUndefined();
    expect(statusChangeOf(write(currentItem('Failed', 'evt-2'), undefined))).toBeUndefined();
  });

  it('says a repair caused the change, dated when the repair wrote it', () => {
    const repaired = currentItem('Pending', 'evt-1', { repairedAt: '2026-11-27T08:00:00.000Z' });
    expect(statusChangeOf(write(currentItem('Failed', 'evt-9'), repaired))).toMatchObject({
      previousStatus: 'Failed',
      status: 'Pending',
      repair: true,
      changedAt: '2026-11-27T08:00:00.000Z',
    });
  });

  it('publishes a real change from an unreadable old item, with previousStatus null and a warning', () => {
    // Prepare
    const unreadable = { ...currentItem('Pending', 'evt-1'), status: 'Lost' };
    const warnings: { message: string; recordId: string }[] = [];

    // Act
    const change = statusChangeOf(write(unreadable, currentItem('Failed', 'evt-2')), (warning) =>
      warnings.push({ ...warning }),
    );

    // Assess
    expect(change).toMatchObject({ previousStatus: null, status: 'Failed', eventId: 'evt-2' });
    expect(warnings).toEqual([
      { recordId: 'stream-record-1', message: expect.stringMatching(/old current item of RECIPE#rcp-1/) },
    ]);
  });

  it('refuses a current item that is not a status record, naming the stream record', () => {
    const broken = { ...currentItem('Pending', 'evt-1'), status: 'Lost' };
    expect(() => statusChangeOf(write(undefined, broken))).toThrow(UnreadableCurrentItemError);
    expect(() => statusChangeOf(write(undefined, broken))).toThrow(
      /stream record stream-record-1.*RECIPE#rcp-1/,
    );
  });
});

describe('stream records', () => {
  it("read Lambda's DynamoDB stream event into item writes", () => {
    const event = {
      Records: [
        {
          eventID: 'abc',
          eventName: 'MODIFY',
          dynamodb: {
            SequenceNumber: '100',
            OldImage: marshall(currentItem('Pending', 'evt-1')),
            NewImage: marshall(currentItem('Applied', 'evt-2')),
          },
        },
      ],
    };
    const [record] = parseStreamEvent(event);
    expect(record === undefined ? undefined : itemWriteOf(record)).toEqual({
      recordId: 'abc',
      oldImage: currentItem('Pending', 'evt-1'),
      newImage: currentItem('Applied', 'evt-2'),
    });
  });

  it('refuse an event that is not a batch of stream records', () => {
    expect(() => parseStreamEvent({ detail: {} })).toThrow(/not a DynamoDB stream batch/);
  });
});
