import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../dynamodb-local/launcher.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
  }
}

/** One in-memory DynamoDB Local on a free loopback port for the whole run. */
export default async function setup(project: TestProject) {
  const local = await startDynamoDbLocal();
  project.provide('dynamoDbEndpoint', local.endpoint);
  return () => local.stop();
}
