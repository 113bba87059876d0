// Equal Earth projection exactly as GeoCLIP applies it before its Fourier features:
// the output is the projected (x, y) scaled by SF / 180, so it lies roughly in [-1, 1].
const A1 = 1.340264;
const A2 = -0.081106;
const A3 = 0.000893;
const A4 = 0.003796;
const SF = 66.50336;
const DEG = Math.PI / 180;
const HALF_SQRT3 = Math.sqrt(3) / 2;
const TWO_SQRT3 = 2 * Math.sqrt(3);

export const EQUAL_EARTH = { A1, A2, A3, A4, SF } as const;

/** Projects one (lat, lon) in degrees; returns [x, y] in GeoCLIP's scaled units. */
export function equalEarth(latDeg: number, lonDeg: number): [number, number] {
  const t = Math.asin(HALF_SQRT3 * Math.sin(latDeg * DEG));
  const t2 = t * t;
  const t6 = t2 * t2 * t2;
  const denominator = 3 * (9 * A4 * t6 * t2 + 7 * A3 * t6 + 3 * A2 * t2 + A1);
  const x = (TWO_SQRT3 * lonDeg * DEG * Math.cos(t)) / denominator;
  const y = A4 * t6 * t2 * t + A3 * t6 * t + A2 * t2 * t + A1 * t;
  return [(x * SF) / 180, (y * SF) / 180];
}
