import { Token } from 'aws-cdk-lib';
import { PUBLISHED_EVENT_SOURCE } from '../../lambda/contract/detail-types.ts';
import { DEFAULT_EVENT_SOURCE } from '../../lambda/contract/event-pattern.ts';
import type { RecipeStatusProps } from '../recipe-status-props.ts';

export interface DeliveryRouting {
  /** The \`source\` the ingestion endpoint puts deliveries on the bus with. */
  readonly eventSource: string;
  /** The sources the rule matches. */
  readonly sources: readonly string[];
  /** The accounts the rule matches: the stack's, and that of every named writer. */
  readonly accounts: readonly string[];
}

const ACCOUNT_OF_ARN = /^arn:aws[\w-]*:iam::(\d{12}):/;

/**
 * What the rule matches, from the props, refusing a combination that would
 * archive every delivery and record none: sources that leave out the
 * endpoint's own. A writer named from another account puts events that carry
 * its account, so the rule matches that account too. The component's own
 * source is refused: only its publishers may put it (docs/security.md).
 */
export const deliveryRouting = (props: RecipeStatusProps, stackAccount: string): DeliveryRouting => {
  const ingestionOn = props.ingestion !== false;
  const eventSource = (ingestionOn ? props.ingestion?.eventSource : undefined) ?? DEFAULT_EVENT_SOURCE;
  const sources = props.sources !== undefined && props.sources.length > 0 ? props.sources : [eventSource];
  if ([eventSource, ...sources].includes(PUBLISHED_EVENT_SOURCE))
    throw new Error(
      `"${PUBLISHED_EVENT_SOURCE}" is the source of the component's own change events, which only its publishers may put: ` +
        'choose another eventSource and sources',
    );
  if (ingestionOn && !sources.includes(eventSource))
    throw new Error(
      `sources (${sources.join(', ')}) leave out the ingestion endpoint's eventSource "${eventSource}": ` +
        'every delivery would be archived and none recorded. Add it to sources, or set eventSource to one of them',
    );
  const writerAccounts = (props.eventBusWriters ?? [])
    .filter((arn) => !Token.isUnresolved(arn))
    .flatMap((arn) => ACCOUNT_OF_ARN.exec(arn)?.[1] ?? []);
  return { eventSource, sources, accounts: [...new Set([stackAccount, ...writerAccounts])] };
};
