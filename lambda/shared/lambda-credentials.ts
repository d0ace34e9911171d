import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundle only
 * (see scripts/handler-bundling.ts). Lambda always hands the function its role's
 * credentials in environment variables; the default chain would also bundle
 * the SSO, STS, INI and metadata providers (~90 KB) that can never apply there,
 * and every cold start would pay to load them.
 */
export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}) => fromEnv(init);
