// refine_ms and refine_points: the refinement (core/refine) around the top 5 gallery places with
// the full-width random location model, in a Chromium worker, one ONNX batch per level as the
// GeoCLIP worker runs it.
import { parseCoordinateCsv } from '../../../src/core/retrieve/coords';
import { refineAround, rowsOf, DEFAULT_REFINE_SCHEDULE, type RefineSchedule } from '../../../src/core/refine/refine';
import type { LatLon } from '../../../src/core/geo/types';

export interface RefineBenchRequest {
  kind: 'refine';
  device: 'wasm' | 'webgpu';
  runs: number;
  schedule?: RefineSchedule;
}

type Loader = (device: 'wasm' | 'webgpu') => Promise<{ model: { dispose(): Promise<unknown> }; run: (latLon: Float32Array, count: number) => Promise<Float32Array> }>;

export async function refineBench(request: RefineBenchRequest, load: Loader) {
  const { model, run } = await load(request.device);
  const gallery = parseCoordinateCsv(await (await fetch('/gallery/coordinates_100K.csv')).text());
  const encode = async (points: readonly LatLon[]) => rowsOf(await run(new Float32Array(points.flatMap((p) => [p.lat, p.lon])), points.length), points.length);
  // A photo embedding to aim at: the embedding of one gallery place with noise, so the score has an optimum nearby.
  let seed = 12345;
  const noise = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
  const timings: number[] = [];
  const points: number[] = [];
  let improved = 0;
  await encode([{ lat: 0, lon: 0 }]); // warm-up: session creation and allocation
  for (let r = 0; r < request.runs; r++) {
    // Five distinct places far apart (the worst case: no grids shared), different for each run.
    const starts = Array.from({ length: 5 }, (_, i) => {
      const row = (r * 997 + i * 19_993) % gallery.lat.length;
      return { lat: gallery.lat[row]!, lon: gallery.lon[row]! };
    });
    const target = (await encode([{ lat: starts[0]!.lat + 0.2, lon: starts[0]!.lon + 0.2 }]))[0]!;
    const imageEmbedding = target.map((x) => x + 0.02 * noise());
    const started = performance.now();
    const outcome = await refineAround({ imageEmbedding, starts, encode, ...(request.schedule ? { schedule: request.schedule } : {}) });
    timings.push(performance.now() - started);
    points.push(outcome.points);
    if (outcome.refined) improved++;
  }
  await model.dispose();
  const schedule = request.schedule ?? DEFAULT_REFINE_SCHEDULE;
  return { device: request.device, timings, points, improved, runs: request.runs, schedule };
}
