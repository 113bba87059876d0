// IEEE 754 binary16 <-> binary32 by hand: Float16Array and Math.f16round are too new
// to rely on in every engine the app targets.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Nearest binary16 bit pattern (round half to even); overflow gives ±Infinity, NaN stays NaN. */
export function float32ToFp16(value: number): number {
  f32[0] = value;
  const bits = u32[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;

  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0);

  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;

  if (halfExponent <= 0) {
    // Subnormal half (or zero): shift the full significand, implicit bit included.
    if (halfExponent < -10) return sign;
    const significand = mantissa | 0x800000;
    const shift = 14 - halfExponent;
    return sign | roundShift(significand, shift);
  }

  // A carry out of the mantissa correctly bumps the exponent (up to Infinity).
  return sign | ((halfExponent << 10) + roundShift(mantissa, 13));
}

function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const remainder = value & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  if (remainder > half || (remainder === half && (kept & 1) === 1)) return kept + 1;
  return kept;
}

/** Exact binary32 value of a binary16 bit pattern. */
export function fp16ToFloat32(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >>> 10) & 0x1f;
  const mantissa = half & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

let decodeTable: Float32Array | undefined;

/** All 65,536 decoded values, built on first use (256 KiB). */
export function fp16DecodeTable(): Float32Array {
  if (decodeTable) return decodeTable;
  const table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) table[h] = fp16ToFloat32(h);
  decodeTable = table;
  return table;
}
