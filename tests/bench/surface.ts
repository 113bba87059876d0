// BENCH_ONLY=surface: surface_ms (100K x 512 query to the kept surface, masses, radii, country and
// region shares, in a Chromium worker) and heatmap_draw_ms (drawing it on the map), medians.
import { withBenchPage } from './bench-server';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export async function surfaceFigures(log: (line: string) => void) {
  const runs = Number(process.env.BENCH_SURFACE_RUNS ?? 30);
  log(`probability surface in a Chromium worker: ${runs} queries of 100K x 512, then the heatmap draw`);
  const figures = await withBenchPage((page) => page.evaluate((request) => window.runSurfaceBench(request), { runs, draws: 15 }));
  return {
    surface_ms: round(median(figures.surfaceMs)),
    heatmap_draw_ms: round(median(figures.drawMs)),
    surface_detail: {
      runs: figures.surfaceMs.length,
      first_time_for_a_country_ms: round(median(figures.firstTimeMs)),
      row_countries_once_per_index_ms: round(figures.rowCountriesMs, 0),
      kept_places: figures.keptPlaces,
      heat_points_drawn: figures.heatPoints,
      draws: figures.drawMs.length,
      note:
        'surface_ms: from the finished query (softmax kept) to the kept places, mass within 1/25/200/750/2500 km, 50/90 % radii, country shares and the top country\'s regions, with that country\'s region table already made; first_time_for_a_country_ms includes making it (once per country per index). heatmap_draw_ms: leaflet.heat on a 900x520 map, set + synchronous draw.',
    },
  };
}
