// `--refine` on the command line: the same refinement as the app (core/refine), with the location
// model in Node, and its outcome as JSON (the refined point's score beside its gallery start's).
import { haversineKm } from '../core/geo/haversine';
import type { LatLon } from '../core/geo/types';
import { refineAround, rowsOf, type RefineOutcome } from '../core/refine/refine';

/** Node's location encoder as loadLocationEncoder returns it: flat (lat, lon) pairs in, [count, dim] out. */
export type NodeLocationEncoder = (latLon: Float32Array, count: number) => Promise<Float32Array>;

export async function refineInNode(encode: NodeLocationEncoder, imageEmbedding: Float32Array, starts: readonly LatLon[]): Promise<{ outcome: RefineOutcome; ms: number }> {
  const started = performance.now();
  const outcome = await refineAround({
    imageEmbedding,
    starts,
    encode: async (points) => rowsOf(await encode(new Float32Array(points.flatMap((p) => [p.lat, p.lon])), points.length), points.length),
  });
  return { outcome, ms: performance.now() - started };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** The JSON of a refinement; `place` names the refined point (offline geocoder). */
export function refineJson(outcome: RefineOutcome, ms: number, place: string | null) {
  const { refined, bestStart } = outcome;
  return {
    refined: refined
      ? {
          lat: refined.lat,
          lon: refined.lon,
          similarity: round(refined.similarity),
          place: place ?? '',
          start_rank: refined.start.rank,
          km_from_start: round(haversineKm(refined, refined.start)),
        }
      : null,
    gallery_start: bestStart ? { lat: bestStart.lat, lon: bestStart.lon, similarity: round(bestStart.similarity), rank: bestStart.rank } : null,
    starts: outcome.starts.map((s) => ({ rank: s.rank, lat: s.lat, lon: s.lon, similarity: round(s.similarity) })),
    points: outcome.points,
    levels: outcome.levels,
    ms: Math.round(ms),
  };
}
