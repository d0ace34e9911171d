import type * as events from 'aws-cdk-lib/aws-events';
import type { EventPattern } from '../../lambda/contract/event-pattern.ts';

/** The rule's pattern in CDK's camelCase spelling of EventBridge's JSON fields. */
export const toCdkEventPattern = (pattern: EventPattern): events.EventPattern => {
  const { source, account, 'detail-type': detailType } = pattern;
  return {
    ...(Array.isArray(source) && { source: source.map(String) }),
    ...(Array.isArray(account) && { account: account.map(String) }),
    ...(Array.isArray(detailType) && { detailType: detailType.map(String) }),
  };
};
