// Seeded randomness for the tiny models. Each tensor draws from its own stream,
// derived from the model seed and the tensor's name, so resizing one tensor
// does not change the values of any other.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  uniform(low: number, high: number): number;
  /** Standard normal sample. */
  normal(): number;
}

/** mulberry32: a 32-bit state generator, plenty for weight initialisation. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  let spareNormal: number | null = null;

  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const normal = (): number => {
    if (spareNormal !== null) {
      const value = spareNormal;
      spareNormal = null;
      return value;
    }
    // Box-Muller; 1 - next() lies in (0, 1], so the logarithm stays finite.
    const radius = Math.sqrt(-2 * Math.log(1 - next()));
    const angle = 2 * Math.PI * next();
    spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };

  return { next, uniform: (low, high) => low + (high - low) * next(), normal };
}

/** FNV-1a over the name, mixed with the seed. */
export function deriveSeed(seed: number, name: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function rngFor(seed: number, name: string): Rng {
  return createRng(deriveSeed(seed, name));
}

export function uniformArray(rng: Rng, length: number, bound: number): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = rng.uniform(-bound, bound);
  return out;
}

export function normalArray(rng: Rng, length: number, std: number): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = rng.normal() * std;
  return out;
}
