import type * as events from 'aws-cdk-lib/aws-events';
import type { EventPattern } from '../lambda/shared/event-pattern.ts';

/**
 * The rule's pattern as CDK takes it: CDK spells the top-level fields in
 * camelCase, where the JSON form (event-pattern.ts, which the local tools
 * share) is EventBridge's own.
 */
export const toCdkEventPattern = (pattern: EventPattern): events.EventPattern => {
  const { source, account, 'detail-type': detailType } = pattern;
  return {
    ...(Array.isArray(source) && { source: source.map(String) }),
    ...(Array.isArray(account) && { account: account.map(String) }),
    ...(Array.isArray(detailType) && { detailType: detailType.map(String) }),
  };
};
