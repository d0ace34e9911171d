import { type Environment, requiredString } from '../shared/environment.ts';

export interface ChangesConfig {
  readonly eventBusName: string;
}

/** Reads the change publisher's settings once, at load. */
export const loadChangesConfig = (env: Environment): ChangesConfig => ({
  eventBusName: requiredString(env, 'EVENT_BUS_NAME', 'name the bus change events are put on'),
});
