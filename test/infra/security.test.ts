import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { failureLogLine, outcomeLogLine } from '../../lambda/status/outcome-log.ts';
import { processEvent } from '../../lambda/status/process-event.ts';
import type { StatusStore } from '../../lambda/store/status-store.ts';
import { noCapacity } from '../../lambda/store/status-store.ts';
import { seedEvent } from '../support/events.ts';
import { synthesize } from '../support/synth.ts';

const HANDLER = fileURLToPath(new URL('../../lambda/status/handler.ts', import.meta.url));
const INVOCATION = { requestId: 'request-1', coldStart: false, logLevel: 'INFO' } as const;

/** Every project file the handler loads, following relative imports from lambda/handler.ts. */
const handlerSources = (): Map<string, string> => {
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const source = readFileSync(file, 'utf8');
    seen.set(file, source);
    for (const [, path] of source.matchAll(/from '(\.[^']+)'/g)) visit(resolve(dirname(file), path ?? ''));
  };
  visit(HANDLER);
  return seen;
};

/** The DynamoDB actions the handler's code can call: one per command class it constructs. */
const ACTION_OF_COMMAND: Record<string, string> = {
  Put: 'dynamodb:PutItem',
  Get: 'dynamodb:GetItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  Query: 'dynamodb:Query',
  Scan: 'dynamodb:Scan',
  BatchWrite: 'dynamodb:BatchWriteItem',
  BatchGet: 'dynamodb:BatchGetItem',
  TransactWrite: 'dynamodb:TransactWriteItems',
  TransactGet: 'dynamodb:TransactGetItems',
};
const actionsTheHandlerUses = (): string[] => {
  const actions = new Set<string>();
  for (const source of handlerSources().values()) {
    for (const [, command] of source.matchAll(/new (\w+?)(?:Item)?Command\(/g)) {
      const action = ACTION_OF_COMMAND[command ?? ''];
      if (action === undefined) throw new Error(`unknown command ${command}: map it to its IAM action`);
      actions.add(action);
    }
  }
  return [...actions].sort();
};

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

describe('security of the synthesized stack', () => {
  const { template } = synthesize({ alarmEmail: 'oncall@example.com', eventBus: 'signageos' });
  const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
  );

  it('grants the function exactly the DynamoDB actions its code calls, on the table alone', () => {
    const tableId = Object.keys(template.findResources('AWS::DynamoDB::Table'))[0];
    const dynamo = statements.filter((statement) =>
      [statement.Action].flat().some((action) => action.startsWith('dynamodb:')),
    );
    expect(actionsTheHandlerUses()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    expect(dynamo).toHaveLength(1);
    expect([dynamo[0]?.Action].flat().sort()).toEqual(actionsTheHandlerUses());
    expect(dynamo[0]?.Resource).toEqual({ 'Fn::GetAtt': [tableId, 'Arn'] });
  });

  it('has no wildcard action or resource in any policy', () => {
    const policies = [
      ...statements,
      ...Object.values(template.findResources('AWS::SQS::QueuePolicy')).flatMap(
        (policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
      ),
    ];
    for (const statement of policies.filter((s) => s.Effect === 'Allow')) {
      for (const action of [statement.Action].flat()) expect(action).not.toMatch(/\*/);
      expect(JSON.stringify(statement.Resource)).not.toMatch(/"\*"|:\*"/);
    }
  });

  it('encrypts every queue and the table', () => {
    const queues = Object.values(template.findResources('AWS::SQS::Queue'));
    expect(queues.length).toBeGreaterThanOrEqual(2);
    for (const queue of queues) {
      expect(
        queue.Properties.SqsManagedSseEnabled === true || queue.Properties.KmsMasterKeyId !== undefined,
      ).toBe(true);
    }
    for (const table of Object.values(template.findResources('AWS::DynamoDB::Table'))) {
      expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true });
    }
  });

  it('logs a reference to a rejected event, never the event, however large', async () => {
    const huge = { ...seedEvent(), padding: 'x'.repeat(1_000_000), detail: 'not an object' };
    const store: StatusStore = {
      recordAccepted: () => Promise.reject(new Error('not expected')),
      recordRejected: async () => ({ outcome: 'rejected', capacity: noCapacity() }),
    };

    const result = await processEvent(huge, { store, now: () => new Date() });
    const line = outcomeLogLine(result, 'fn', new Date(), INVOCATION);

    expect(result.outcome).toBe('rejected');
    expect(line.length).toBeLessThan(4_096);
    expect(line).not.toContain('xxxxxxxx');
    expect(JSON.parse(line).rejectedKey).toMatch(/^\d{4}-.*#[0-9a-f]{64}$/);
  });

  it('writes to the log only from the handler, and only lines of bounded size', () => {
    const writers = [...handlerSources()].flatMap(([file, source]) =>
      [...source.matchAll(/console\.\w+\(|process\.std(?:out|err)\.write\((.*)\)/g)].map(
        (match) => `${join(file)}: ${match[1] ?? match[0]}`,
      ),
    );
    expect(writers).toEqual([
      `${HANDLER}: \`\${failureLogLine(event, error, now(), invocation)}\\n\``,
      `${HANDLER}: \`\${outcomeLogLine(result, functionName, now(), invocation)}\\n\``,
    ]);
    const huge = { detail: { id: 'i'.repeat(1_000_000), payload: { uid: 'u'.repeat(1_000_000) } } };
    expect(
      failureLogLine(huge, new Error('e'.repeat(1_000_000)), new Date(), INVOCATION).length,
    ).toBeLessThan(2_048);
  });
});
