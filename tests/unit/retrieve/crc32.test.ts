import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../src/core/retrieve/crc32';

function bitwiseCrc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('agrees with a bit-by-bit implementation at every length and offset', () => {
    const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 0xff);
    for (let start = 0; start < 4; start++) {
      for (let length = 0; length < 40; length++) {
        const slice = data.subarray(start, start + length);
        expect(crc32(slice)).toBe(bitwiseCrc32(slice));
      }
    }
    expect(crc32(data)).toBe(bitwiseCrc32(data));
  });
});
