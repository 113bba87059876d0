import { describe, expect, it } from 'vitest';
import { encodeLocations } from '../../../src/core/encode/location-encoder';
import { sampleLocationWeights, TINY_LOCATION_SPEC } from '../../../models/tiny/geoclip';
import { rowNorms, sampleCoordinates } from './sample-coordinates';

describe('encodeLocations', () => {
  const weights = sampleLocationWeights(TINY_LOCATION_SPEC);

  it('returns one unit vector per coordinate pair', () => {
    const coordinates = sampleCoordinates(10);
    const embeds = encodeLocations(weights, coordinates);
    expect(embeds.length).toBe((coordinates.length / 2) * weights.embeddingDim);
    for (const norm of rowNorms(embeds, weights.embeddingDim)) expect(norm).toBeCloseTo(1, 6);
  });

  it('is continuous: a nudge of a millionth of a degree barely moves the embedding', () => {
    const embeds = encodeLocations(weights, [40, -3.7, 40.000001, -3.700001]);
    const d = weights.embeddingDim;
    let distance = 0;
    for (let k = 0; k < d; k++) distance += (embeds[k]! - embeds[d + k]!) ** 2;
    expect(Math.sqrt(distance)).toBeLessThan(1e-3);
  });

  it('is empty for no coordinates and rejects an odd count', () => {
    expect(encodeLocations(weights, [])).toHaveLength(0);
    expect(() => encodeLocations(weights, [1, 2, 3])).toThrow(/pairs/);
  });

  it('rejects weights whose shapes do not chain', () => {
    const [first, ...rest] = weights.branches;
    const broken = { ...weights, branches: [{ ...first!, fourier: new Float32Array(3) }, ...rest] };
    expect(() => encodeLocations(broken, [0, 0])).toThrow(/fourier/);
  });
});
