// Bounds-checked readers for binary headers. Running off the end of the data throws
// EndOfData, which callers turn into a "truncated" PhotoError.

export class EndOfData extends Error {
  override readonly name = 'EndOfData';
}

/** A header that is present but cannot be right; callers turn it into a "corrupt" PhotoError. */
export class MalformedHeader extends Error {
  override readonly name = 'MalformedHeader';
}

export function u8(bytes: Uint8Array, at: number): number {
  const value = bytes[at];
  if (value === undefined) throw new EndOfData(`no byte at offset ${at}`);
  return value;
}

export function u16be(bytes: Uint8Array, at: number): number {
  return u8(bytes, at) * 0x100 + u8(bytes, at + 1);
}

export function u16le(bytes: Uint8Array, at: number): number {
  return u8(bytes, at) + u8(bytes, at + 1) * 0x100;
}

export function u24le(bytes: Uint8Array, at: number): number {
  return u16le(bytes, at) + u8(bytes, at + 2) * 0x10000;
}

export function u32be(bytes: Uint8Array, at: number): number {
  return u16be(bytes, at) * 0x10000 + u16be(bytes, at + 2);
}

export function u32le(bytes: Uint8Array, at: number): number {
  return u16le(bytes, at) + u16le(bytes, at + 2) * 0x10000;
}

export function i32le(bytes: Uint8Array, at: number): number {
  return u32le(bytes, at) | 0;
}

/** Reads `length` bytes as Latin-1 text, for four-character codes and magic strings. */
export function ascii(bytes: Uint8Array, at: number, length: number): string {
  let text = '';
  for (let i = at; i < at + length; i++) text += String.fromCharCode(u8(bytes, i));
  return text;
}

/** True when `bytes` holds `signature` at `at`; never throws. */
export function hasBytes(bytes: Uint8Array, signature: readonly number[] | string, at = 0): boolean {
  const expected =
    typeof signature === 'string' ? [...signature].map((ch) => ch.charCodeAt(0)) : signature;
  if (at + expected.length > bytes.length) return false;
  return expected.every((byte, i) => bytes[at + i] === byte);
}
