import { describe, expect, it } from 'vitest';
import { EQUAL_EARTH, equalEarth } from '../../../src/core/geo/equal-earth';

describe('equalEarth', () => {
  it('maps (0, 0) to (0, 0)', () => {
    const [x, y] = equalEarth(0, 0);
    expect(x).toBeCloseTo(0, 15);
    expect(y).toBeCloseTo(0, 15);
  });

  it('flips x with longitude and y with latitude', () => {
    const [x, y] = equalEarth(30, 60);
    expect(x).toBeGreaterThan(0);
    expect(y).toBeGreaterThan(0);
    expect(equalEarth(-30, 60)).toEqual([expect.closeTo(x, 12), expect.closeTo(-y, 12)]);
    expect(equalEarth(30, -60)).toEqual([expect.closeTo(-x, 12), expect.closeTo(y, 12)]);
    expect(equalEarth(-30, -60)).toEqual([expect.closeTo(-x, 12), expect.closeTo(-y, 12)]);
  });

  it('matches a hand calculation at (45, 90)', () => {
    // sin t = (sqrt 3 / 2) sin 45° = 0.8660254 * 0.7071068 = 0.6123724, so t = 0.6590580 rad.
    // x = 2 sqrt3 (pi/2) cos t / (3 (9 A4 t^8 + 7 A3 t^6 + 3 A2 t^2 + A1)) = 1.1598545
    // y = A4 t^9 + A3 t^7 + A2 t^3 + A1 t = 0.8602311
    // Scaled by SF / 180 = 0.3694631: (0.4285235, 0.3178237).
    const [x, y] = equalEarth(45, 90);
    expect(x).toBeCloseTo(0.4285235, 6);
    expect(y).toBeCloseTo(0.3178237, 6);
  });

  it('keeps the whole globe roughly inside [-1, 1]', () => {
    const [xMax] = equalEarth(0, 180);
    const [, yMax] = equalEarth(90, 0);
    expect(xMax).toBeCloseTo((Math.PI * 2 * Math.sqrt(3) / (3 * EQUAL_EARTH.A1)) * EQUAL_EARTH.SF / 180, 9);
    expect(Math.abs(xMax)).toBeLessThan(1);
    expect(Math.abs(yMax)).toBeLessThan(1);
  });
});
