/** A small seeded PRNG (mulberry32): reproducible test and benchmark data, not for security. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples (Box-Muller) from a uniform source. */
export function gaussianFill(random: () => number, into: Float32Array | Float64Array): void {
  for (let j = 0; j < into.length; j += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    into[j] = radius * Math.cos(angle);
    if (j + 1 < into.length) into[j + 1] = radius * Math.sin(angle);
  }
}
