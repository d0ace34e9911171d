import type { Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';

/** What the infra tests read from a synthesized template. */

export type CfnResource = { Properties: Record<string, unknown> };
export type GetAtt = { 'Fn::GetAtt': [string, string] };
/** A policy statement with its actions as a sorted list, however the template spelled them. */
export type Statement = { Effect: string; Action: string[]; Resource: unknown; [key: string]: unknown };

export const onlyResource = (template: Template, type: string): CfnResource => {
  const resources = Object.values(template.findResources(type));
  expect(resources).toHaveLength(1);
  return resources[0] as CfnResource;
};

export const logicalIdOf = (template: Template, type: string, props: Record<string, unknown> = {}) => {
  const ids = Object.keys(template.findResources(type, props));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
};

const functionWith = (template: Template, variable: string, without?: string): [string, CfnResource] => {
  const found = Object.entries(template.findResources('AWS::Lambda::Function')).filter(
    ([, fn]) =>
      fn.Properties.Environment?.Variables?.[variable] !== undefined &&
      (without === undefined || fn.Properties.Environment?.Variables?.[without] === undefined),
  );
  expect(found).toHaveLength(1);
  return found[0] as [string, CfnResource];
};

/** The status function: the one that is given TABLE_NAME and no bus (the stuck detector has both). */
export const statusFunction = (template: Template) => functionWith(template, 'TABLE_NAME', 'EVENT_BUS_NAME');

/** The ingestion function: the one that is given WEBHOOK_SECRET_ARN. */
export const ingestFunction = (template: Template) => functionWith(template, 'WEBHOOK_SECRET_ARN');

const normalized = (statement: Record<string, unknown>): Statement =>
  ({ ...statement, Action: [statement.Action].flat().map(String).sort() }) as Statement;

/** The statements of the one policy attached to a function's role. */
export const statementsOf = (template: Template, fn: CfnResource): Statement[] => {
  const roleId = (fn.Properties.Role as GetAtt)['Fn::GetAtt'][0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
    (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId),
  );
  const [policy] = policies;
  if (policies.length !== 1 || policy === undefined)
    throw new Error(`expected one policy on ${roleId}, found ${policies.length}`);
  return (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement.map(
    normalized,
  );
};

/** Every statement of every IAM policy and queue policy in the template. */
export const allStatements = (template: Template): Statement[] =>
  ['AWS::IAM::Policy', 'AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy'].flatMap((type) =>
    Object.values(template.findResources(type)).flatMap((policy) =>
      (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement.map(
        normalized,
      ),
    ),
  );
