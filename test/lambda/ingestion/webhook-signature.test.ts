import { describe, expect, it } from 'vitest';
import {
  SIGNATURE_VERSION,
  signature,
  signatureMatches,
} from '../../../lambda/ingestion/webhook-signature.ts';
import { producerSignature } from '../../support/webhook.ts';
import { KAT, KAT_BODIES } from '../../support/webhook-vectors.ts';

/**
 * Known answers: each expected `X-SOS-Signature` was computed outside our code
 * with openssl over `{METHOD}{url}{timestamp}{body}` (the commands are in
 * test/support/webhook-vectors.ts), so a change to the input order, the
 * encoding or the hash fails here even though our code would agree with itself.
 */

const parts = (body: Buffer, method: string = KAT.method) => ({
  method,
  url: KAT.url,
  timestamp: KAT.timestamp,
  body,
});

describe('signature', () => {
  it.each(KAT_BODIES)('signs the $name body as openssl does', ({ body, expected }) => {
    expect(signature(KAT.secret, parts(body))).toBe(expected);
  });

  it('signs the raw bytes of a non-ASCII body, not a re-encoding of them', () => {
    const utf8 = KAT_BODIES.find((vector) => vector.name === 'UTF-8');
    const latin1 = KAT_BODIES.find((vector) => vector.name === 'Latin-1');
    // Prepare: the vectors really are multi-byte UTF-8 and a byte that is not UTF-8 at all.
    expect(utf8?.body.toString('utf8')).toContain('Zürich ☕ 数 😀');
    expect(latin1?.body).toContain(0xe9);

    expect(signature(KAT.secret, parts(latin1?.body ?? Buffer.alloc(0)))).toBe(latin1?.expected);
    const reencoded = Buffer.from(latin1?.body.toString('utf8') ?? '', 'utf8');
    expect(signature(KAT.secret, parts(reencoded))).not.toBe(latin1?.expected);
  });

  it('upper-cases the method, as the producer signs it', () => {
    const [ascii] = KAT_BODIES;
    expect(signature(KAT.secret, parts(ascii?.body ?? Buffer.alloc(0), 'post'))).toBe(ascii?.expected);
  });

  it('prefixes the version', () => {
    expect(SIGNATURE_VERSION).toBe('v1=');
  });
});

describe('signatureMatches', () => {
  it.each(KAT_BODIES)('accepts the openssl signature of the $name body', ({ body, expected }) => {
    expect(signatureMatches(expected, [KAT.secret], parts(body))).toBe(true);
  });

  it.each(KAT_BODIES)(
    'rejects a signature over the reversed input order, {body}{timestamp}{url}{METHOD}, of the $name body',
    ({ body, reversed }) => {
      expect(signatureMatches(reversed, [KAT.secret], parts(body))).toBe(false);
    },
  );

  it('rejects the right HMAC in hex instead of Base64', () => {
    const [ascii] = KAT_BODIES;
    expect(signatureMatches(KAT.asciiHex, [KAT.secret], parts(ascii?.body ?? Buffer.alloc(0)))).toBe(false);
  });

  it('accepts a signature under the previous secret during a rotation, and none under neither', () => {
    const [ascii] = KAT_BODIES;
    const body = ascii?.body ?? Buffer.alloc(0);
    expect(
      signatureMatches(
        ascii?.expected ?? '',
        ['a-newer-secret-0123456789abcdefghijkl', KAT.secret],
        parts(body),
      ),
    ).toBe(true);
    expect(
      signatureMatches(ascii?.expected ?? '', ['a-newer-secret-0123456789abcdefghijkl'], parts(body)),
    ).toBe(false);
  });

  it('rejects a signature when one signed part differs', () => {
    const [ascii] = KAT_BODIES;
    const body = ascii?.body ?? Buffer.alloc(0);
    const presented = ascii?.expected ?? '';
    expect(signatureMatches(presented, [KAT.secret], { ...parts(body), timestamp: '1767225601' })).toBe(
      false,
    );
    expect(signatureMatches(presented, [KAT.secret], { ...parts(body), url: `${KAT.url}/` })).toBe(false);
    expect(signatureMatches(presented, [KAT.secret], { ...parts(body), method: 'PUT' })).toBe(false);
    expect(signatureMatches(presented, [KAT.secret], parts(Buffer.concat([body, Buffer.from(' ')])))).toBe(
      false,
    );
  });
});

describe("the tests' own producer signer (test/support/webhook.ts)", () => {
  it.each(KAT_BODIES)('signs the $name body as openssl does', ({ body, expected }) => {
    expect(producerSignature(KAT.secret, parts(body))).toBe(expected);
  });
});
