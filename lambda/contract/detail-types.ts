/**
 * Detail types this component puts on the bus itself, apart from the code that
 * puts them, so the stack can grant and match them without bundling it.
 */

/**
 * A signed delivery whose body is not one we understand (not JSON, or not the
 * four-field frame): kept on the bus, and so in its archive, for an operator.
 * Its detail is `UnreadableDelivery` (lambda/ingestion/unreadable-delivery.ts).
 */
export const UNREADABLE_DELIVERY_DETAIL_TYPE = 'RecipeStatus.UnreadableDelivery';

/** The source of the events this component publishes itself; the status rule never matches it. */
export const PUBLISHED_EVENT_SOURCE = 'recipe-status';

/** A recipe's current status changed (its first status included). */
export const STATUS_CHANGED_DETAIL_TYPE = 'RecipeStatus.Changed';

/** A recipe has been `Pending` longer than the stuck threshold (once per episode). */
export const RECIPE_STUCK_DETAIL_TYPE = 'RecipeStatus.Stuck';
