import { createHash } from 'node:crypto';

// A rejected event's input as JSON text, written without recursion so that no depth overflows the stack:
// its size and SHA-256 whole, its first bytes kept; or why it is not JSON and so not kept.

/** The input's JSON: `text` is its first `maxBytes` bytes; `bytes` and `sha256` are of the whole. */
export type RawInput =
  | {
      readonly kept: true;
      readonly text: string;
      readonly bytes: number;
      readonly sha256: string;
      readonly truncated: boolean;
    }
  | {
      readonly kept: false;
      /** Why the input has no JSON text, e.g. `contains a BigInt at detail.payload.n`. */
      readonly reason: string;
      /** Size and hash of the JSON written before what could not be. */
      readonly bytes: number;
      readonly sha256: string;
    };

type Frame =
  | { readonly kind: 'array'; readonly value: readonly unknown[]; index: number; readonly path: string }
  | {
      readonly kind: 'object';
      readonly value: Record<string, unknown>;
      readonly keys: readonly string[];
      index: number;
      wrote: boolean;
      readonly path: string;
    };

class NotJsonError extends Error {
  override readonly name = 'NotJsonError';
}

const isOmitted = (value: unknown): boolean =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol';

const jsonOf = (value: unknown, key: string): unknown => {
  const toJSON = (value as { toJSON?: unknown } | null | undefined)?.toJSON;
  return typeof toJSON === 'function' ? toJSON.call(value, key) : value;
};

const at = (path: string) => (path === '' ? 'the top level' : path);

/** Serialises as JSON.stringify does, one piece at a time, with an explicit stack. */
function* pieces(input: unknown): Generator<string> {
  const stack: Frame[] = [];
  const open = new Set<object>();
  let next: { value: unknown; path: string } | undefined = { value: jsonOf(input, ''), path: '' };
  while (next !== undefined || stack.length > 0) {
    if (next !== undefined) {
      const { value, path } = next;
      next = undefined;
      if (typeof value === 'bigint') throw new NotJsonError(`contains a BigInt at ${at(path)}`);
      if (value === null || typeof value !== 'object') {
        yield isOmitted(value) ? 'null' : JSON.stringify(value);
        continue;
      }
      if (open.has(value)) throw new NotJsonError(`contains a cycle at ${at(path)}`);
      open.add(value);
      if (Array.isArray(value)) {
        yield '[';
        stack.push({ kind: 'array', value, index: 0, path });
      } else {
        yield '{';
        const record = value as Record<string, unknown>;
        stack.push({
          kind: 'object',
          value: record,
          keys: Object.keys(record),
          index: 0,
          wrote: false,
          path,
        });
      }
    }
    const frame = stack.at(-1);
    if (frame === undefined) break;
    if (frame.kind === 'array') {
      if (frame.index < frame.value.length) {
        if (frame.index > 0) yield ',';
        const path = `${frame.path}[${frame.index}]`;
        next = { value: jsonOf(frame.value[frame.index], String(frame.index)), path };
        frame.index += 1;
        continue;
      }
      yield ']';
    } else {
      while (frame.index < frame.keys.length && next === undefined) {
        const key = frame.keys[frame.index] ?? '';
        frame.index += 1;
        const value = jsonOf(frame.value[key], key);
        if (isOmitted(value)) continue;
        yield `${frame.wrote ? ',' : ''}${JSON.stringify(key)}:`;
        frame.wrote = true;
        next = { value, path: frame.path === '' ? key : `${frame.path}.${key}` };
      }
      if (next !== undefined) continue;
      yield '}';
    }
    open.delete(frame.value);
    stack.pop();
  }
}

export const readRawInput = (input: unknown, maxBytes: number): RawInput => {
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let bytes = 0;
  let headBytes = 0;
  try {
    if (isOmitted(jsonOf(input, ''))) throw new NotJsonError(`is not a JSON value (${typeof input})`);
    for (const piece of pieces(input)) {
      const buffer = Buffer.from(piece, 'utf8');
      hash.update(buffer);
      bytes += buffer.byteLength;
      if (headBytes <= maxBytes) {
        head.push(buffer);
        headBytes += buffer.byteLength;
      }
    }
  } catch (error) {
    // A throwing toJSON or getter is the input's own doing: a reason, never a retry.
    const reason =
      error instanceof NotJsonError
        ? error.message
        : `cannot be written as JSON: ${String(error).slice(0, 200)}`;
    return { kept: false, reason, bytes, sha256: hash.digest('hex') };
  }
  const truncated = bytes > maxBytes;
  // A cut inside a multi-byte character decodes to U+FFFD: still valid UTF-8.
  const text = Buffer.concat(head).subarray(0, maxBytes).toString('utf8');
  return { kept: true, text, bytes, sha256: hash.digest('hex'), truncated };
};
