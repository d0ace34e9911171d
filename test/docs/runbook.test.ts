import { readFileSync } from 'node:fs';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { describe, expect, it } from 'vitest';
import { synthesize } from '../support/synth.ts';

/*
 * The runbook has one `### <id>` section per alarm the template can hold,
 * headed by the alarm's construct id (which CloudWatch's alarm name contains).
 * Built with every setting that adds an alarm, so none is left out.
 */
const RUNBOOK = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
const SECTIONS = new Set([...RUNBOOK.matchAll(/^### (\w+)$/gm)].map(([, id]) => id ?? ''));

describe('the runbook', () => {
  const { stack } = synthesize({
    noAppliedEventsAlarmMinutes: '60',
    alarmEmail: 'oncall@example.com',
    stuckThresholdMinutes: '1440',
  });
  const alarmIds = stack.node
    .findAll()
    .filter((construct) => construct instanceof Alarm)
    .map((alarm) => alarm.node.id);

  it('finds the alarms it is checked against', () => {
    expect(alarmIds.length).toBeGreaterThan(10);
  });

  it.each(alarmIds)('has a section for %s', (id) => {
    expect(SECTIONS.has(id)).toBe(true);
  });

  it('has no section for an alarm the template does not hold', () => {
    const alarmSections = [...SECTIONS].filter((section) => section.endsWith('Alarm'));
    expect(alarmSections.sort()).toEqual([...new Set(alarmIds)].sort());
  });
});
