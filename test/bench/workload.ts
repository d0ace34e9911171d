import { RECIPE_STATUSES } from '../../lambda/contract/event-schema.ts';
import { recipeEvent, uuidV7 } from '../support/events.ts';

export { shuffled } from '../support/shuffle.ts';

/** When the benchmark's events begin. */
export const BENCH_T0 = Date.parse('2026-11-26T08:00:00.000Z');

/** `perRecipe` events for each of `recipes` recipes, in time order per recipe, all interleaved. */
export const recipeEvents = (recipes: number, perRecipe: number, startMillis: number, prefix = 'bench') =>
  Array.from({ length: recipes * perRecipe }, (_, index) => {
    const recipe = index % recipes;
    const step = Math.floor(index / recipes);
    return recipeEvent({
      id: uuidV7(startMillis + step * 1_000 + recipe),
      recipeUid: `${prefix}-recipe-${recipe}`,
      deviceIdentityHash: `${prefix}-device-${recipe % 97}`,
      organizationUid: `${prefix}-org-${recipe % 7}`,
      status: RECIPE_STATUSES[(recipe + step) % RECIPE_STATUSES.length],
    });
  });
