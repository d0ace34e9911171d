import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type ClientTimeoutOptions, clientSettings } from '../shared/client-settings.ts';

export interface DocumentClientOptions extends ClientTimeoutOptions {
  /** Overrides the SDK's own resolution (`AWS_ENDPOINT_URL_DYNAMODB`, then the region's endpoint). */
  readonly endpoint?: string;
  readonly region?: string;
  /** Fixed credentials, for a local endpoint; the SDK's provider chain when undefined. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export const createDocumentClient = (options: DocumentClientOptions = {}): DynamoDBDocumentClient => {
  const client = new DynamoDBClient({
    ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
    ...(options.region !== undefined && { region: options.region }),
    ...(options.credentials !== undefined && { credentials: options.credentials }),
    ...clientSettings(options),
  });
  return DynamoDBDocumentClient.from(client);
};
