// The webhook secret the component generates when none is given.
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

/** In the component's own scope, with the id 0.1 gave it: its logical id must never change. */
export const createWebhookSecret = (scope: Construct, key: kms.IKey | undefined): secretsmanager.Secret =>
  new secretsmanager.Secret(scope, 'WebhookSecret', {
    description: 'signageOS exporter webhook secret (recipe-status ingestion)',
    ...(key !== undefined && { encryptionKey: key }),
    generateSecretString: { passwordLength: 48, excludePunctuation: true },
  });
