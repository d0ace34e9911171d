import type { LocalDynamoDb } from '../../dynamodb-local/launcher.ts';
import { isSameProcess, type ProcessIdentity, signalIfSame } from './process-identity.ts';

// A DynamoDB Local whose keeper died while commands still used it, watched and stopped by the keeper that takes it over.

const POLL_MS = 500;
const STOP_WAIT_MS = 15_000;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export const adoptJava = (java: ProcessIdentity, endpoint: string): LocalDynamoDb => {
  const exited = (async () => {
    while (isSameProcess(java)) await sleep(POLL_MS);
  })();
  return {
    endpoint,
    port: Number(new URL(endpoint).port),
    pid: java.pid,
    exited,
    async stop() {
      signalIfSame(java, 'SIGTERM');
      const stopped = await Promise.race([exited.then(() => true), sleep(STOP_WAIT_MS).then(() => false)]);
      if (!stopped) signalIfSame(java, 'SIGKILL');
      await exited;
    },
  };
};
