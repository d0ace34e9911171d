import { CliError } from '../toolkit/cli-error.ts';

// AWS SDK failures the user can fix, as one line that says what to do (exit 2); the rest are the caller's.

const CREDENTIALS_REFUSED = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'ExpiredToken',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
]);
const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'AuthorizationError']);
const NO_QUEUE = new Set(['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue']);

export const NO_REGION_HINT = 'set AWS_REGION, or AWS_PROFILE naming a profile that has a region';

export const awsFailure = (error: unknown, where: string): CliError | undefined => {
  if (!(error instanceof Error)) return undefined;
  const { name, message } = error;
  if (/region is missing/i.test(message))
    return new CliError(`no AWS region for ${where}: ${NO_REGION_HINT}`);
  if (name === 'CredentialsProviderError')
    return new CliError(
      `no AWS credentials found for ${where}: set AWS_PROFILE or AWS_ACCESS_KEY_ID, or use --endpoint`,
    );
  if (CREDENTIALS_REFUSED.has(name))
    return new CliError(`AWS refused the credentials for ${where} (${name}): ${message}`);
  if (ACCESS_DENIED.has(name)) return new CliError(`access denied to ${where}: ${message}`);
  if (NO_QUEUE.has(name)) return new CliError(`${where} does not exist (${name})`);
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|connect/i.test(message))
    return new CliError(`cannot reach ${where}: ${message}`);
  return undefined;
};
