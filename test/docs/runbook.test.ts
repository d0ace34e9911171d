import { readFileSync } from 'node:fs';
import { App, Stack } from 'aws-cdk-lib';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { RecipeStatus } from '../../infra/recipe-status.ts';
import { synthesize } from '../support/synth.ts';

/*
 * The runbook has one `### <id>` section per alarm the template can hold,
 * headed by the alarm's construct id (which CloudWatch's alarm name ends with),
 * giving its severity. Built with every setting that adds an alarm, and the notify prop, so none is left out.
 */
const RUNBOOK = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
const SECTIONS = new Map(
  [...RUNBOOK.matchAll(/^### (\w+)\n([\s\S]*?)(?=^##)/gm)].map(([, id, body]) => [id ?? '', body ?? '']),
);

describe('the runbook', () => {
  const { stack } = synthesize({
    noAppliedEventsAlarmMinutes: '60',
    noDeliveriesAlarmHours: '6',
    alarmEmail: 'oncall@example.com',
    stuckThresholdMinutes: '1440',
  });
  // The notify prop is the construct's, not a setting: a second component holds its alarm.
  const platform = new Stack(new App(), 'Platform');
  const notifying = new RecipeStatus(platform, 'RecipeStatus', {
    notify: { Failed: new sns.Topic(platform, 'Failures') },
  });
  const alarmIds = [
    ...new Set(
      [stack.node, notifying.node].flatMap((node) =>
        node
          .findAll()
          .filter((construct) => construct instanceof Alarm)
          .map((alarm) => alarm.node.id),
      ),
    ),
  ];
  const severities = new Map([...stack.recipeStatus.alarms.severities, ...notifying.alarms.severities]);

  it('finds the alarms it is checked against', () => {
    expect(alarmIds.length).toBeGreaterThan(10);
    expect([...severities.keys()].sort()).toEqual([...alarmIds].sort());
  });

  it.each(alarmIds)('has a section for %s, with its severity', (id) => {
    expect(SECTIONS.has(id)).toBe(true);
    expect(SECTIONS.get(id)).toContain(`- **Severity**: ${severities.get(id)}.`);
  });

  it('has no section for an alarm the template does not hold', () => {
    const alarmSections = [...SECTIONS.keys()].filter((section) => section.endsWith('Alarm'));
    expect(alarmSections.sort()).toEqual([...new Set(alarmIds)].sort());
  });
});
