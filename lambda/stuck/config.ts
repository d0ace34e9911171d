import { type Environment, optionalPositiveInteger, requiredString } from '../shared/environment.ts';

/** A day: a screen switched off overnight is not stuck, one that never came online within a day is. */
export const DEFAULT_STUCK_THRESHOLD_MINUTES = 1_440;

export interface StuckConfig {
  readonly tableName: string;
  readonly eventBusName: string;
  readonly thresholdMs: number;
}

/** Reads the detector's settings once, at load. */
export const loadStuckConfig = (env: Environment): StuckConfig => ({
  tableName: requiredString(env, 'TABLE_NAME', 'name the DynamoDB table that holds recipe statuses'),
  eventBusName: requiredString(env, 'EVENT_BUS_NAME', 'name the bus stuck events are put on'),
  thresholdMs:
    (optionalPositiveInteger(env, 'STUCK_THRESHOLD_MINUTES') ?? DEFAULT_STUCK_THRESHOLD_MINUTES) * 60_000,
});
