// A page's `limit`, checked before it reaches DynamoDB (which answers NaN or 0 with an InternalFailure or a ValidationException).

export class InvalidLimitError extends Error {
  override readonly name = 'InvalidLimitError';
}

/** DynamoDB's Limit: a whole number of at least 1. */
export const checkedLimit = (limit: number | undefined): number | undefined => {
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 1))
    throw new InvalidLimitError(`limit must be a whole number of at least 1, got ${limit}`);
  return limit;
};
