// Nearest-point search on the sphere: points become unit vectors, and a k-d tree over them
// answers by chord length, which orders points exactly as great-circle distance does. No
// special cases at the antimeridian or the poles.
import type { LatLon } from '../geo/types';

const DEG = Math.PI / 180;

/** Unit vectors, three numbers per point. */
export function unitVectors(lat: ArrayLike<number>, lon: ArrayLike<number>): Float64Array {
  const xyz = new Float64Array(lat.length * 3);
  for (let i = 0; i < lat.length; i++) writeUnit(xyz, i * 3, lat[i]!, lon[i]!);
  return xyz;
}

function writeUnit(into: Float64Array, at: number, lat: number, lon: number): void {
  const phi = lat * DEG;
  const lambda = lon * DEG;
  into[at] = Math.cos(phi) * Math.cos(lambda);
  into[at + 1] = Math.cos(phi) * Math.sin(lambda);
  into[at + 2] = Math.sin(phi);
}

/**
 * A balanced tree stored flat: in any span of `order`, the middle entry splits the span on
 * `axis` at that position; lower values lie left of it, higher to the right. Several trees
 * can share one `order` array, one per span (one per country, say).
 */
export interface KdTree {
  readonly xyz: Float64Array;
  readonly order: Uint32Array;
  readonly axis: Uint8Array;
}

/** Builds trees over the given spans of `order`, which holds point ids and is rearranged in place. */
export function buildKdTree(xyz: Float64Array, order: Uint32Array, spans: readonly (readonly [number, number])[] = [[0, order.length]]): KdTree {
  const axis = new Uint8Array(order.length);
  for (const [lo, hi] of spans) arrange(xyz, order, axis, lo, hi);
  return { xyz, order, axis };
}

function arrange(xyz: Float64Array, order: Uint32Array, axes: Uint8Array, lo: number, hi: number): void {
  // An explicit stack instead of recursion: the depth is only log2(n), but this keeps it flat.
  const stack: number[] = [lo, hi];
  while (stack.length > 0) {
    const end = stack.pop()!;
    const start = stack.pop()!;
    if (end - start <= 1) continue;
    const axis = widestAxis(xyz, order, start, end);
    const mid = (start + end) >> 1;
    select(xyz, order, start, end - 1, mid, axis);
    axes[mid] = axis;
    stack.push(start, mid, mid + 1, end);
  }
}

function widestAxis(xyz: Float64Array, order: Uint32Array, lo: number, hi: number): number {
  let best = 0;
  let bestSpread = -1;
  for (let axis = 0; axis < 3; axis++) {
    let min = Infinity;
    let max = -Infinity;
    for (let i = lo; i < hi; i++) {
      const v = xyz[order[i]! * 3 + axis]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (max - min > bestSpread) [best, bestSpread] = [axis, max - min];
  }
  return best;
}

/** Quickselect (Hoare partition, middle pivot): puts the k-th smallest along `axis` at k. */
function select(xyz: Float64Array, order: Uint32Array, left: number, right: number, k: number, axis: number): void {
  while (right > left) {
    const pivot = xyz[order[(left + right) >> 1]! * 3 + axis]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (xyz[order[i]! * 3 + axis]! < pivot) i++;
      while (xyz[order[j]! * 3 + axis]! > pivot) j--;
      if (i <= j) {
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

export interface Nearest {
  /** Point id, or -1 when the span is empty. */
  readonly id: number;
  /** Squared chord length between unit vectors (0 to 4). */
  readonly chord2: number;
}

/** The point of one span's tree nearest to a place on Earth. */
export function nearestInTree(tree: KdTree, at: LatLon, lo = 0, hi = tree.order.length): Nearest {
  const q = new Float64Array(3);
  writeUnit(q, 0, at.lat, at.lon);
  const best = { id: -1, chord2: Infinity };
  search(tree, q, lo, hi, best);
  return best;
}

function search(tree: KdTree, q: Float64Array, lo: number, hi: number, best: { id: number; chord2: number }): void {
  if (lo >= hi) return;
  const { xyz, order } = tree;
  const mid = (lo + hi) >> 1;
  const id = order[mid]!;
  const dx = q[0]! - xyz[id * 3]!;
  const dy = q[1]! - xyz[id * 3 + 1]!;
  const dz = q[2]! - xyz[id * 3 + 2]!;
  const d = dx * dx + dy * dy + dz * dz;
  if (d < best.chord2) {
    best.chord2 = d;
    best.id = id;
  }
  if (hi - lo === 1) return;
  const axis = tree.axis[mid]!;
  const diff = q[axis]! - xyz[id * 3 + axis]!;
  if (diff < 0) {
    search(tree, q, lo, mid, best);
    if (diff * diff < best.chord2) search(tree, q, mid + 1, hi, best);
  } else {
    search(tree, q, mid + 1, hi, best);
    if (diff * diff < best.chord2) search(tree, q, lo, mid, best);
  }
}

/** Calls `visit` for every point of one span's tree within a squared chord length of a place. */
export function withinChord(tree: KdTree, at: LatLon, chord2: number, visit: (id: number, chord2: number) => void, lo = 0, hi = tree.order.length): void {
  const q = new Float64Array(3);
  writeUnit(q, 0, at.lat, at.lon);
  const stack = [lo, hi];
  const { xyz, order } = tree;
  while (stack.length > 0) {
    const end = stack.pop()!;
    const start = stack.pop()!;
    if (start >= end) continue;
    const mid = (start + end) >> 1;
    const id = order[mid]!;
    const dx = q[0]! - xyz[id * 3]!;
    const dy = q[1]! - xyz[id * 3 + 1]!;
    const dz = q[2]! - xyz[id * 3 + 2]!;
    const d = dx * dx + dy * dy + dz * dz;
    if (d <= chord2) visit(id, d);
    if (end - start === 1) continue;
    const axis = tree.axis[mid]!;
    const diff = q[axis]! - xyz[id * 3 + axis]!;
    if (diff < 0 || diff * diff <= chord2) stack.push(start, mid);
    if (diff >= 0 || diff * diff <= chord2) stack.push(mid + 1, end);
  }
}
