// A point to stand for a whole region or country: the member settlement closest to the mean
// direction of all its settlements. Unlike the mean itself it always lies inside the area
// (a bay or a crescent-shaped country can have its mean outside), and it works across the
// antimeridian because the mean is taken over unit vectors.
import { unitVectors } from './kd-tree';

/** For each group 0..groups-1, the id of its central member, or -1 for a group without members. */
export function centralMembers(lat: Float64Array, lon: Float64Array, groupOf: (id: number) => number, groups: number): Int32Array {
  const xyz = unitVectors(lat, lon);
  const sum = new Float64Array(groups * 3);
  for (let id = 0; id < lat.length; id++) {
    const g = groupOf(id);
    if (g < 0) continue;
    for (let k = 0; k < 3; k++) sum[g * 3 + k]! += xyz[id * 3 + k]!;
  }
  const best = new Int32Array(groups).fill(-1);
  const bestDot = new Float64Array(groups).fill(-Infinity);
  for (let id = 0; id < lat.length; id++) {
    const g = groupOf(id);
    if (g < 0) continue;
    const dot = sum[g * 3]! * xyz[id * 3]! + sum[g * 3 + 1]! * xyz[id * 3 + 1]! + sum[g * 3 + 2]! * xyz[id * 3 + 2]!;
    if (dot > bestDot[g]!) {
      bestDot[g] = dot;
      best[g] = id;
    }
  }
  return best;
}
