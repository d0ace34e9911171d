import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { publishChanges, UnpublishedChangesError } from '../../../lambda/changes/publish-changes.ts';
import type { StatusChanged } from '../../../lambda/changes/status-changed.ts';
import { printSeedOnFailure } from '../../support/print-seed.ts';
import { seededRandom, TEST_SEED } from '../../support/seed.ts';

printSeedOnFailure();

const eventBridge = mockClient(EventBridgeClient);
const client = new EventBridgeClient({ region: 'eu-central-1' });
const noWait = async () => {};

afterEach(() => {
  eventBridge.reset();
});

const change = (index: number): StatusChanged => ({
  changeId: `change-${index}`,
  recipeUid: `recipe-${index % 3}`,
  previousStatus: index < 3 ? null : 'Pending',
  status: 'Applied',
  deviceIdentityHash: 'device-1',
  organizationUid: 'org-1',
  parentCompanyUid: 'company-1',
  occurredAt: '2026-11-26T09:00:00.000Z',
  eventId: `event-${index}`,
  orderKey: `001795683600000#event-${index}`,
  repair: false,
  changedAt: '2026-11-26T09:00:01.000Z',
});

const idsOf = (entries: readonly PutEventsRequestEntry[] = []) =>
  entries.map((entry) => (JSON.parse(entry.Detail ?? '{}') as StatusChanged).changeId);

/** What EventBridge accepted, entry by entry, across every call. */
const accepted: string[] = [];

/** PutEvents that fails each entry with the given chance, per entry, as a partial failure (HTTP 200). */
const flakyPutEvents = (random: () => number, failureChance: number, errorCode = 'ThrottlingException') =>
  eventBridge.on(PutEventsCommand).callsFake(({ Entries = [] }: { Entries?: PutEventsRequestEntry[] }) => {
    const results = Entries.map((entry) => {
      if (random() < failureChance) return { ErrorCode: errorCode, ErrorMessage: 'Rate exceeded' };
      accepted.push(...idsOf([entry]));
      return { EventId: `eb-${accepted.length}` };
    });
    return { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results };
  });

describe('publishChanges', () => {
  it('puts every change, ten per call, once EventBridge takes them all', async () => {
    // Prepare
    accepted.length = 0;
    flakyPutEvents(() => 1, 0);
    const changes = Array.from({ length: 23 }, (_, index) => change(index));

    // Act
    await publishChanges(changes, { client, eventBusName: 'bus', sleep: noWait });

    // Assess
    const calls = eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries ?? []);
    expect(calls.map((entries) => entries.length)).toEqual([10, 10, 3]);
    expect(accepted).toEqual(changes.map((each) => each.changeId));
  });

  it('puts again only the entries a partial failure names, until none is lost', async () => {
    // Prepare: a third of the entries fail on each attempt (throttled inside a 200 answer).
    accepted.length = 0;
    flakyPutEvents(seededRandom(TEST_SEED), 1 / 3);
    const changes = Array.from({ length: 40 }, (_, index) => change(index));

    // Act
    await publishChanges(changes, { client, eventBusName: 'bus', maxAttempts: 20, sleep: noWait });

    // Assess: every change is on the bus exactly once, and a retry never carried an accepted entry.
    expect([...accepted].sort()).toEqual(changes.map((each) => each.changeId).sort());
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls.length).toBeGreaterThan(4);
  });

  it('throws the failed entries when they still fail after every attempt, never resolves', async () => {
    // Prepare
    accepted.length = 0;
    flakyPutEvents(() => 0, 1, 'InternalFailure');
    const waits: number[] = [];

    // Act
    const publishing = publishChanges([change(1), change(2)], {
      client,
      eventBusName: 'bus',
      maxAttempts: 3,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });

    // Assess
    await expect(publishing).rejects.toThrow(UnpublishedChangesError);
    await expect(publishing).rejects.toMatchObject({
      failed: [
        { changeId: 'change-1', errorCode: 'InternalFailure' },
        { changeId: 'change-2', errorCode: 'InternalFailure' },
      ],
    });
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
  });

  it('counts a failure it cannot match to an entry as a failure of every entry', async () => {
    // Prepare: FailedEntryCount says 1, the entries say nothing.
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [] })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'a' }, { EventId: 'b' }] });

    // Act
    await publishChanges([change(1), change(2)], { client, eventBusName: 'bus', sleep: noWait });

    // Assess: both put again: at least once, never lost.
    const calls = eventBridge.commandCalls(PutEventsCommand).map((call) => idsOf(call.args[0].input.Entries));
    expect(calls).toEqual([
      ['change-1', 'change-2'],
      ['change-1', 'change-2'],
    ]);
  });

  it('lets a throttled or failing PutEvents call throw, so Lambda retries the batch', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    eventBridge.on(PutEventsCommand).rejects(throttled);

    // Act / Assess
    await expect(publishChanges([change(1)], { client, eventBusName: 'bus', sleep: noWait })).rejects.toThrow(
      'Rate exceeded',
    );
  });

  it('makes no call when there is no change', async () => {
    await publishChanges([], { client, eventBusName: 'bus', sleep: noWait });
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });
});
