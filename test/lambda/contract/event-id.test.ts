import { describe, expect, it } from 'vitest';
import { canonicalEventId } from '../../../lambda/contract/event-id.ts';

describe('canonicalEventId', () => {
  it.each([
    ['01A21723-06F2-7B1C-9D2F-8C4E6A1B3D5F', '01a21723-06f2-7b1c-9d2f-8c4e6a1b3d5f'],
    ['01a21723-06F2-7b1c-9D2F-8c4e6a1b3d5f', '01a21723-06f2-7b1c-9d2f-8c4e6a1b3d5f'],
    ['6F1C2B7E-2F9D-4B0E-9C1A-0D5E8F3A7B21', '6f1c2b7e-2f9d-4b0e-9c1a-0d5e8f3a7b21'],
    ['00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000'],
  ])('writes the UUID %s in lower case', (id, canonical) => {
    expect(canonicalEventId(id)).toBe(canonical);
  });

  it.each([
    'EVT-42',
    'Evt-Mixed-Case',
    '01A2172306F27B1C9D2F8C4E6A1B3D5F',
    '{01A21723-06F2-7B1C-9D2F-8C4E6A1B3D5F}',
    '01A21723-06F2-7B1C-9D2F-8C4E6A1B3D5F ',
    'urn:uuid:01A21723-06F2-7B1C-9D2F-8C4E6A1B3D5F',
    'G1A21723-06F2-7B1C-9D2F-8C4E6A1B3D5F',
  ])('keeps %j, which is not UUID-shaped, exactly as received', (id) => {
    expect(canonicalEventId(id)).toBe(id);
  });
});
