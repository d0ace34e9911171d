import { describe, expect, it } from 'vitest';
import {
  matchesEventPattern,
  recipeStatusEventPattern,
  unmatchedReason,
} from '../../lambda/contract/event-pattern.ts';
import { recipeEvent, seedEvent } from '../support/events.ts';
import { synthesize } from '../support/synth.ts';

/** The account of the seed's example, which the deployed stack is taken to run in. */
const ACCOUNT = '123456789012';

/**
 * The pattern as deployed: read back from the synthesized template, not from
 * the source. The stack is account-agnostic, so its pattern names the account
 * it is deployed in (`AWS::AccountId`); CloudFormation resolves that, and so
 * does this, to the seed's account.
 */
const deployedPattern = (settings = {}): unknown => {
  const rules = Object.values(synthesize(settings).template.findResources('AWS::Events::Rule'));
  expect(rules).toHaveLength(1);
  const pattern = rules[0]?.Properties.EventPattern;
  expect(pattern.account).toEqual([{ Ref: 'AWS::AccountId' }]);
  return { ...pattern, account: [ACCOUNT] };
};

const sibling = (type: string) => ({ ...seedEvent(), 'detail-type': type });

describe('the deployed event pattern', () => {
  const pattern = deployedPattern();

  it("matches the seed's example in an EventBridge envelope", () => {
    expect(matchesEventPattern(pattern, seedEvent())).toBe(true);
  });

  it.each([
    'Device.ProvisioningRecipeCreated',
    'Device.ProvisioningRecipeUpdated',
    'Device.ProvisioningRecipeDeleted',
    'Device.DeviceConnectionAdded',
  ])('does not match the sibling event %s', (type) => {
    expect(matchesEventPattern(pattern, sibling(type))).toBe(false);
  });

  it('matches an invalid event of our type, so the function records it as rejected', () => {
    const event = recipeEvent({ id: 'x' });
    event.detail.payload.status = 'Done' as 'Pending';
    expect(matchesEventPattern(pattern, event)).toBe(true);
  });

  it('does not match an event put on a bus of another account', () => {
    expect(matchesEventPattern(pattern, { ...seedEvent(), account: '210987654321' })).toBe(false);
  });

  it('with sources configured, matches only those sources', () => {
    const bySource = deployedPattern({ sources: 'signageos' });
    expect(matchesEventPattern(bySource, seedEvent())).toBe(true);
    expect(matchesEventPattern(bySource, { ...seedEvent(), source: 'someone.else' })).toBe(false);
  });

  it('is the very pattern the local tooling matches with', () => {
    expect(deployedPattern()).toEqual(recipeStatusEventPattern(undefined, ACCOUNT));
    expect(deployedPattern({ sources: 'signageos,b' })).toEqual(
      recipeStatusEventPattern(['signageos', 'b'], ACCOUNT),
    );
  });
});

describe('matchesEventPattern', () => {
  it('matches nested fields, and any element of an array field', () => {
    const nested = { detail: { kind: ['domain'] }, resources: ['arn:a'] };
    expect(matchesEventPattern(nested, { detail: { kind: 'domain' }, resources: ['arn:b', 'arn:a'] })).toBe(
      true,
    );
    expect(matchesEventPattern(nested, { detail: { kind: 'telemetry' }, resources: ['arn:a'] })).toBe(false);
    expect(matchesEventPattern(nested, { detail: 'domain', resources: ['arn:a'] })).toBe(false);
  });

  it('does not match a missing field, nor anything that is not an event object', () => {
    const pattern = recipeStatusEventPattern();
    expect(matchesEventPattern(pattern, {})).toBe(false);
    for (const input of [null, 'event', 42, [seedEvent()]])
      expect(matchesEventPattern(pattern, input)).toBe(false);
  });

  it("matches the ingestion's source by default, and a named account only when one is given", () => {
    const local = recipeStatusEventPattern();
    expect(local).toEqual({
      source: ['signageos'],
      'detail-type': ['Device.ProvisioningRecipeStatusUpdated'],
    });
    expect(matchesEventPattern(local, { ...seedEvent(), account: '210987654321' })).toBe(true);
    expect(matchesEventPattern(local, { ...seedEvent(), source: 'someone.else' })).toBe(false);
    const ours = recipeStatusEventPattern(undefined, '123456789012');
    expect(matchesEventPattern(ours, { ...seedEvent(), account: '123456789012' })).toBe(true);
    expect(matchesEventPattern(ours, { ...seedEvent(), account: '210987654321' })).toBe(false);
    expect(recipeStatusEventPattern([]).source).toEqual(['signageos']);
  });

  it('says which field of the pattern an event does not match, and its value there', () => {
    const pattern = recipeStatusEventPattern(undefined, '123456789012');
    expect(unmatchedReason(pattern, sibling('Device.ProvisioningRecipeCreated'))).toBe(
      'not matched by the rule (detail-type "Device.ProvisioningRecipeCreated")',
    );
    expect(unmatchedReason(pattern, { ...seedEvent(), source: 'acme' })).toBe(
      'not matched by the rule (source "acme")',
    );
    const { account: _, ...noAccount } = seedEvent();
    expect(unmatchedReason(pattern, noAccount)).toBe('not matched by the rule (account missing)');
  });

  it('refuses operators it does not implement instead of guessing', () => {
    expect(() => matchesEventPattern({ source: [{ prefix: 'sig' }] }, seedEvent())).toThrow(/unsupported/);
  });
});
