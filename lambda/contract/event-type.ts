/**
 * The `detail-type` of the one event this component handles, in a module of
 * its own so the CDK app can build the rule's pattern without loading Valibot.
 */
export const EVENT_TYPE = 'Device.ProvisioningRecipeStatusUpdated';
