// BENCH_ONLY=refine: refine_ms and refine_points, the refinement around the top 5 gallery places
// with the full-width random location model on WASM in Chromium (target: at most 3 s).
import { withBenchPage } from './bench-server';
import type { RefineSchedule } from '../../src/core/refine/refine';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export async function refineFigures(log: (line: string) => void, runs = Number(process.env.BENCH_REFINE_RUNS ?? 7)) {
  return withBenchPage(async (page) => {
    log(`refinement around 5 gallery places with the full-width location model on WASM: ${runs} runs`);
    const result = (await page.evaluate((request) => window.runBench(request), { kind: 'refine' as const, device: 'wasm' as const, runs })) as {
      timings: number[];
      points: number[];
      improved: number;
      schedule: RefineSchedule;
    };
    return {
      refine_ms: Math.round(median(result.timings)),
      refine_points: median(result.points),
      refine_setup: {
        device: 'wasm',
        model: 'full-width random GeoCLIP location model (fp32)',
        starts: result.schedule.starts,
        levels: result.schedule.levels.map((l) => `${2 * l.halfSteps + 1}x${2 * l.halfSteps + 1} at ${l.spacingKm} km around the best ${l.around ?? result.schedule.starts}`),
        runs: result.timings.length,
        max_ms: Math.round(Math.max(...result.timings)),
        runs_with_a_refined_point: result.improved,
        note: 'median over runs of 5 distinct, far-apart gallery starts (no shared grids: the most points)',
      },
    };
  });
}
