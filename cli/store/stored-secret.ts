import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { CliError, errorText } from '../toolkit/cli-error.ts';
import { displayText } from '../toolkit/display.ts';
import { awsFailure } from './aws-failure.ts';

// The webhook secret as the deployed endpoint reads it: the current version in Secrets Manager.

/** The region of a Secrets Manager ARN (`arn:aws:secretsmanager:<region>:...`), or undefined for a name. */
export const regionOfArn = (secretId: string): string | undefined => {
  const parts = secretId.split(':');
  return parts[0] === 'arn' && parts[2] === 'secretsmanager' && parts[3] !== '' ? parts[3] : undefined;
};

/** The secret's AWSCURRENT value, in the ARN's region; a failure is one line the user can act on. */
export const readStoredSecret = async (secretId: string): Promise<string> => {
  const region = regionOfArn(secretId);
  const client = new SecretsManagerClient(region === undefined ? {} : { region });
  const where = displayText(`secret ${secretId}`);
  try {
    const output = await client.send(
      new GetSecretValueCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT' }),
    );
    if (output.SecretString === undefined || output.SecretString === '')
      throw new CliError(`${where} has no text value`);
    return output.SecretString;
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (error instanceof ResourceNotFoundException) throw new CliError(`${where} not found`);
    throw awsFailure(error, where) ?? new CliError(`cannot read ${where}: ${errorText(error)}`);
  } finally {
    client.destroy();
  }
};
