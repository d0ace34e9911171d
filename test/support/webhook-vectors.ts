/**
 * Known-answer vectors for the signageOS webhook signature, computed outside
 * our code. Each `expected` is
 *
 *   { printf '%s' 'POSThttps://example.com/webhook1767225600'; cat body; } \
 *     | openssl dgst -sha256 -hmac "$SECRET" -binary | base64
 *
 * and each `reversed` the same HMAC over `{body}{timestamp}{url}{METHOD}`:
 *
 *   { cat body; printf '%s' '1767225600https://example.com/webhookPOST'; } \
 *     | openssl dgst -sha256 -hmac "$SECRET" -binary | base64
 *
 * where `body` holds exactly the bytes of `hex` (written with printf '\xNN'
 * escapes, checked with xxd -p), and SECRET is `secret` below. Python's
 * hmac module gives the same values. 1767225600 is 2026-01-01T00:00:00Z.
 */
export const KAT = {
  secret: 'kat-webhook-secret-0123456789abcdefghij',
  method: 'POST',
  url: 'https://example.com/webhook',
  timestamp: '1767225600',
  /** The right HMAC of the ASCII body, hex instead of Base64 (`openssl dgst … -binary | xxd -p -c 64`). */
  asciiHex: 'v1=a50f881874319e7a8f537fa82cb16f9012aca2f3f0b0a88c7b5902de6ced0240',
} as const;

export interface SignatureVector {
  readonly name: string;
  readonly body: Buffer;
  readonly expected: string;
  readonly reversed: string;
}

const vector = (name: string, hex: string, expected: string, reversed: string): SignatureVector => ({
  name,
  body: Buffer.from(hex, 'hex'),
  expected,
  reversed,
});

export const KAT_BODIES: readonly SignatureVector[] = [
  // {"id":"0197f2a4-3a5e-7b1c-9d2f-8c4e6a1b3d5f","kind":"domain","type":"Device.ProvisioningRecipeStatusUpdated","payload":{"status":"Applied"}}
  vector(
    'ASCII',
    '7b226964223a2230313937663261342d336135652d376231632d396432662d386334653661316233643566222c226b696e64223a22646f6d61696e222c2274797065223a224465766963652e50726f766973696f6e696e6752656369706553746174757355706461746564222c227061796c6f6164223a7b22737461747573223a224170706c696564227d7d',
    'v1=pQ+IGHQxnnqPU3+oLLFvkBKsovPwsKiMe1kC3mztAkA=',
    'v1=+EuAwBqNMHGzuNz0WkJspDsj2QDFJ0VCr6DhvvX7jUg=',
  ),
  // {"id":"evt-1","kind":"domain","type":"Device.Note","payload":{"deviceName":"Café Zürich ☕ 数 😀"}}
  // in UTF-8: two-, three- and four-byte characters.
  vector(
    'UTF-8',
    '7b226964223a226576742d31222c226b696e64223a22646f6d61696e222c2274797065223a224465766963652e4e6f7465222c227061796c6f6164223a7b226465766963654e616d65223a22436166c3a9205ac3bc7269636820e2989520e695b020f09f9880227d7d',
    'v1=aI1SMlQxx8ArLb/UsMquyqObrN+m43n0IW/48mT2irA=',
    'v1=16y4nhu/sUB5EhaPKB8kZ9y0qpajpYP4ZJcRhkGMr90=',
  ),
  // {"city":"é"} in Latin-1: the byte 0xE9 alone is not UTF-8; the signature covers bytes, not text.
  vector(
    'Latin-1',
    '7b2263697479223a22e9227d',
    'v1=OOH59YH0EzHf6Fk6v0ymfghPtpHzavWuFz48y4V1ajM=',
    'v1=fzrXkSWjbtmCId6qApt9A1kEYDeAXYzhsMIk9wdzYUY=',
  ),
];
