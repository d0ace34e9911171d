import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../support/lambda-context.ts';
import { synthesize } from '../../support/synth.ts';
import { deliveryBody, SECRET, signedHeaders } from '../../support/webhook.ts';

/**
 * The ingestion function's grants, derived from its behaviour: its handler runs
 * every path it has (accepted, unreadable, wrong signature with a secret
 * refresh, failed publish) against mocked AWS clients, and every command it
 * sends maps to one IAM action (the service's prefix and the command's name).
 * The synthesized policy must allow exactly those, so a grant the code stops
 * using, or a call it starts making, fails here.
 */

const DOMAIN = 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-central-1.on.aws';
const URL = `https://${DOMAIN}/`;
const eventBridge = mockClient(EventBridgeClient);
const secretsManager = mockClient(SecretsManagerClient);
const PREFIX_OF_CLIENT = new Map<unknown, string>([
  [eventBridge, 'events'],
  [secretsManager, 'secretsmanager'],
]);

const urlEvent = (headers: Record<string, string>, body: string) => ({
  rawPath: '/',
  headers,
  body,
  isBase64Encoded: false,
  requestContext: { domainName: DOMAIN, http: { method: 'POST' } },
});

/** The IAM action of every command the mocked clients were sent. */
const actionsSent = (): string[] => {
  const actions = new Set<string>();
  for (const [mock, prefix] of PREFIX_OF_CLIENT) {
    for (const call of (mock as typeof eventBridge).calls()) {
      const name = (call.args[0] as object).constructor.name.replace(/Command$/, '');
      actions.add(`${prefix}:${name}`);
    }
  }
  return [...actions].sort();
};

let actions: string[];

beforeAll(async () => {
  vi.stubEnv('EVENT_BUS_NAME', 'recipe-status-bus');
  vi.stubEnv('WEBHOOK_SECRET_ARN', 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:webhook-AbCdEf');
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'ingest');
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  secretsManager.on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' }).resolves({ SecretString: SECRET });
  secretsManager
    .on(GetSecretValueCommand, { VersionStage: 'AWSPREVIOUS' })
    .rejects(new ResourceNotFoundException({ message: 'no previous version', $metadata: {} }));
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'eb-1' }] });
  const { handler } = await import('../../../lambda/ingestion/handler.ts');
  const post = (headers: Record<string, string>, body: string) =>
    handler(urlEvent(headers, body), lambdaContext());

  const body = deliveryBody();
  const answers = [
    await post(signedHeaders({ url: URL, body }), body),
    await post(signedHeaders({ url: URL, body: 'not json' }), 'not json'),
    await post(signedHeaders({ url: URL, body, secret: 'a-secret-the-function-does-not-know-0123' }), body),
  ];
  eventBridge.on(PutEventsCommand).rejects(new Error('EventBridge is down'));
  answers.push(await post(signedHeaders({ url: URL, body }), body));
  expect(answers.map((answer) => answer.statusCode)).toEqual([200, 400, 401, 503]);
  actions = actionsSent();
});

afterAll(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

/** The statements of the ingestion role's policy, less the log group's (Lambda writes logs, not our code). */
const ingestionStatements = (): Statement[] => {
  const { template } = synthesize();
  const [ingestion] = Object.values(template.findResources('AWS::Lambda::Function')).filter(
    (fn) => fn.Properties.Environment?.Variables?.WEBHOOK_SECRET_ARN !== undefined,
  );
  if (ingestion === undefined) throw new Error('no ingestion function in the template');
  const roleId = (ingestion.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
    .filter((statement) => ![statement.Action].flat().every((action) => action.startsWith('logs:')));
};

describe("the ingestion function's permissions", () => {
  it('sends exactly GetSecretValue and PutEvents on its paths', () => {
    expect(actions).toEqual(['events:PutEvents', 'secretsmanager:GetSecretValue']);
  });

  it('are exactly the actions its code sends, each allowed once', () => {
    const statements = ingestionStatements();
    const granted = statements.flatMap((statement) => [statement.Action].flat()).sort();
    expect(granted).toEqual(actions);
    for (const statement of statements) expect(statement.Effect).toBe('Allow');
  });

  it("may put events only with the ingestion's source", () => {
    const [putEvents] = ingestionStatements().filter((statement) =>
      [statement.Action].flat().includes('events:PutEvents'),
    );
    expect(putEvents?.Condition).toEqual({ StringEquals: { 'events:source': 'signageos' } });
  });
});
