// Finer than the gallery: around the best few gallery places, score coordinates the gallery does
// not have with the location model, coarse to fine, and keep the point most similar to the photo.
// Encoding is passed in (the browser's worker or Node's model), so the CLI and the app share this.

import type { LatLon } from '../geo/types';
import { cosineSimilarity } from '../select/cosine';
import { gridAround } from './points';

export interface RefineLevel {
  /** Distance between neighbouring grid points, in kilometres. */
  readonly spacingKm: number;
  /** Grid points each way from the centre: the grid is (2·halfSteps + 1)² points. */
  readonly halfSteps: number;
  /** How many starts' best points so far get a grid at this level (the most similar ones); all when absent. */
  readonly around?: number;
}

export interface RefineSchedule {
  /** How many of the best gallery places to start from. */
  readonly starts: number;
  /** Coarse to fine; each level's grid is centred on the best point so far of its start. */
  readonly levels: readonly RefineLevel[];
}

/**
 * Top 5 gallery places; grids of 5 × 5 at 25 km around each, then at 5 km around the best two so
 * far, then at 1 km around the best one. A level reaches two steps each way, past the half-spacing
 * of the level before it, so the optimum of a smooth score is not stepped over. At most
 * 5 + 5 · 24 + 2 · 24 + 24 = 197 points (fewer where the grids of nearby starts coincide).
 * Measured (BENCH_ONLY=refine) to stay well under 3 s with GeoCLIP's location model on WASM.
 */
export const DEFAULT_REFINE_SCHEDULE: RefineSchedule = Object.freeze({
  starts: 5,
  levels: Object.freeze([
    { spacingKm: 25, halfSteps: 2 },
    { spacingKm: 5, halfSteps: 2, around: 2 },
    { spacingKm: 1, halfSteps: 2, around: 1 },
  ]),
});

/** The location model's embeddings of points, one row per point, in order. */
export type EncodePoints = (points: readonly LatLon[]) => Promise<readonly ArrayLike<number>[]>;

export interface RefineRequest {
  /** The photo's embedding from the image encoder. */
  readonly imageEmbedding: ArrayLike<number>;
  /** Gallery places to start from, best first (the retrieval's top matches). */
  readonly starts: readonly LatLon[];
  readonly encode: EncodePoints;
  readonly schedule?: RefineSchedule;
  /** Called between levels, so a cancel stops the work there. */
  readonly throwIfAborted?: () => void;
}

export interface ScoredPoint extends LatLon {
  /** Cosine similarity of the point's location embedding to the photo's embedding. */
  readonly similarity: number;
}

export interface RefineStart extends ScoredPoint {
  /** 1 for the best gallery match. */
  readonly rank: number;
}

export interface RefinedPoint extends ScoredPoint {
  /** The gallery place whose neighbourhood it was found in. */
  readonly start: RefineStart;
}

export interface RefineOutcome {
  /** The new point, or null when no scored point was more similar than the best gallery start. */
  readonly refined: RefinedPoint | null;
  /** The gallery start most similar to the photo (encoded exactly, not read from the index). */
  readonly bestStart: RefineStart | null;
  readonly starts: readonly RefineStart[];
  /** Coordinates encoded, the starts included. */
  readonly points: number;
  readonly levels: number;
}

function keyOf(point: LatLon): string {
  return `${point.lat.toFixed(6)},${point.lon.toFixed(6)}`;
}

/** Scores points, encoding each distinct coordinate once over the whole refinement. */
class Scorer {
  readonly #known = new Map<string, number>();
  readonly #imageEmbedding: ArrayLike<number>;
  readonly #encode: EncodePoints;

  constructor(imageEmbedding: ArrayLike<number>, encode: EncodePoints) {
    this.#imageEmbedding = imageEmbedding;
    this.#encode = encode;
  }

  get count(): number {
    return this.#known.size;
  }

  async score(points: readonly LatLon[]): Promise<number[]> {
    const fresh = new Map<string, LatLon>();
    for (const point of points) {
      const key = keyOf(point);
      if (!this.#known.has(key)) fresh.set(key, point);
    }
    if (fresh.size > 0) {
      const batch = [...fresh.values()];
      const rows = await this.#encode(batch);
      if (rows.length !== batch.length) throw new Error(`The location model returned ${rows.length} embeddings for ${batch.length} points.`);
      [...fresh.keys()].forEach((key, i) => {
        // A zero embedding cannot be compared; it never wins.
        this.#known.set(key, cosineSimilarity(rows[i]!, this.#imageEmbedding) ?? -Infinity);
      });
    }
    return points.map((point) => this.#known.get(keyOf(point))!);
  }
}

/** Indexes of the `count` most similar points, best first (ties keep the earlier start). */
function mostSimilar(points: readonly ScoredPoint[], count: number): number[] {
  return points
    .map((_, i) => i)
    .sort((a, b) => points[b]!.similarity - points[a]!.similarity || a - b)
    .slice(0, Math.max(1, count));
}

export async function refineAround(request: RefineRequest): Promise<RefineOutcome> {
  const schedule = request.schedule ?? DEFAULT_REFINE_SCHEDULE;
  const startPoints = request.starts.slice(0, schedule.starts);
  if (startPoints.length === 0) return { refined: null, bestStart: null, starts: [], points: 0, levels: 0 };
  const scorer = new Scorer(request.imageEmbedding, request.encode);

  const startScores = await scorer.score(startPoints);
  const starts: RefineStart[] = startPoints.map((p, i) => ({ lat: p.lat, lon: p.lon, similarity: startScores[i]!, rank: i + 1 }));
  const bests: ScoredPoint[] = [...starts];

  for (const level of schedule.levels) {
    request.throwIfAborted?.();
    const chosen = mostSimilar(bests, level.around ?? bests.length);
    const grids = chosen.map((s) => gridAround(bests[s]!, level.spacingKm, level.halfSteps));
    const scores = await scorer.score(grids.flat());
    let offset = 0;
    grids.forEach((grid, g) => {
      const s = chosen[g]!;
      grid.forEach((point, i) => {
        const similarity = scores[offset + i]!;
        if (similarity > bests[s]!.similarity) bests[s] = { lat: point.lat, lon: point.lon, similarity };
      });
      offset += grid.length;
    });
  }
  request.throwIfAborted?.();

  const bestStart = starts.reduce((a, b) => (b.similarity > a.similarity ? b : a));
  let winner = 0;
  bests.forEach((point, s) => {
    if (point.similarity > bests[winner]!.similarity) winner = s;
  });
  const found = bests[winner]!;
  // Never worse than the gallery: a point only counts when it beats every start, the best included.
  const refined = found.similarity > bestStart.similarity ? { lat: found.lat, lon: found.lon, similarity: found.similarity, start: starts[winner]! } : null;
  return { refined, bestStart, starts, points: scorer.count, levels: schedule.levels.length };
}

/** Rows of a flat [count, dim] embedding array, for encoders that return one buffer per batch. */
export function rowsOf(flat: Float32Array, count: number): Float32Array[] {
  if (count === 0) return [];
  const dim = flat.length / count;
  return Array.from({ length: count }, (_, i) => flat.subarray(i * dim, (i + 1) * dim));
}
