import { recipeEvent, uuidV7 } from '../support/events.ts';

export { shuffled } from '../support/shuffle.ts';

const STATUSES = ['Pending', 'Applied', 'Failed', 'Invalid'] as const;

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
      status: STATUSES[(recipe + step) % STATUSES.length],
    });
  });
