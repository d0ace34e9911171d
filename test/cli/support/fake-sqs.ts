import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { listenOnLoopback } from '../../support/loopback-server.ts';

/**
 * An SQS endpoint on loopback, speaking the AWS JSON 1.0 protocol the SDK
 * uses, for CLI tests that spawn the real executable (SQS cannot run here,
 * and a mock cannot cross into another process). Point the SDK at it with
 * AWS_ENDPOINT_URL_SQS. It hands out its messages once and records every
 * request, so a test can assert that nothing was read or deleted.
 */

export interface FakeMessage {
  readonly id: string;
  readonly body: string;
}

export interface FakeSqs {
  readonly endpoint: string;
  /** Every request's action (`ReceiveMessage`, `DeleteMessage`, …) and input, in order. */
  readonly requests: { readonly action: string; readonly input: Record<string, unknown> }[];
  /** Receipt handles deleted. */
  deleted(): string[];
  close(): Promise<void>;
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

export const startFakeSqs = async (messages: readonly FakeMessage[]): Promise<FakeSqs> => {
  const requests: FakeSqs['requests'] = [];
  let handedOut = false;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const action = String(request.headers['x-amz-target'] ?? '').replace(/^AmazonSQS\./, '');
      const input: Record<string, unknown> = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      requests.push({ action, input });
      let output: unknown = {};
      if (action === 'ReceiveMessage') {
        output = handedOut
          ? {}
          : {
              Messages: messages.map((message) => ({
                MessageId: message.id,
                ReceiptHandle: `handle-${message.id}`,
                MD5OfBody: md5(message.body),
                Body: message.body,
              })),
            };
        handedOut = true;
      }
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(output));
    });
  });
  const { endpoint, close } = await listenOnLoopback(server);
  return {
    endpoint,
    requests,
    deleted: () =>
      requests
        .filter((request) => request.action === 'DeleteMessage')
        .map((request) => String(request.input.ReceiptHandle)),
    close,
  };
};
