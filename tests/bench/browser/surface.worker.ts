// surface_ms where the app computes it: in a Chromium worker, after a finished 100K x 512 query,
// the kept surface, the mass within the five radii, the two credible radii, the country shares
// and the regions of the top country (src/core/surface, as workers/retrieve.worker.ts calls it).
import { parseCoordinateCsv } from '../../../src/core/retrieve/coords';
import { randomIndex } from '../../../src/core/retrieve/bench';
import { gaussianFill, seededRandom } from '../../../src/core/retrieve/random';
import { searchIndex } from '../../../src/core/retrieve/search';
import { describeSurface, type AnswerSurface } from '../../../src/core/surface';
import { loadPlaces } from '../../../workers/lib/places';
import { surfaceGeography } from '../../../workers/lib/row-geography';

export interface SurfaceBenchRequest {
  runs: number;
}

export interface SurfaceBenchResult {
  /** Per query, with the region table of its top country already made. */
  surfaceMs: number[];
  /** The same queries the first time their top country came up (its region table made then). */
  firstTimeMs: number[];
  /** Each gallery row's country, once per index (done when the app opens an index). */
  rowCountriesMs: number;
  keptPlaces: number;
  /** The last surface, for the heatmap draw on the page. */
  surface: Pick<AnswerSurface, 'kept' | 'answer' | 'radius50Km' | 'radius90Km'>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

self.onmessage = async (event: MessageEvent<SurfaceBenchRequest>) => {
  try {
    const index = randomIndex({ count: 100_000, dim: 512, seed: 7 });
    // The real gallery's coordinates, so that countries and regions are those of real answers.
    const gallery = parseCoordinateCsv(await (await fetch('/gallery/coordinates_100K.csv')).text());
    for (let row = 0; row < index.count; row++) {
      index.latLon[2 * row] = gallery.lat[row]!;
      index.latLon[2 * row + 1] = gallery.lon[row]!;
    }
    const places = await loadPlaces();
    const started = performance.now();
    const codes = Array.from({ length: index.count }, (_, row) => places.countryAt({ lat: index.latLon[2 * row]!, lon: index.latLon[2 * row + 1]! }));
    const rowCountriesMs = performance.now() - started;
    const geography = surfaceGeography(places, index, async () => codes);

    const random = seededRandom(11);
    const queries = Array.from({ length: event.data.runs }, () => {
      const query = new Float32Array(512);
      gaussianFill(random, query);
      return query;
    });
    const firstTimeMs: number[] = [];
    const surfaceMs: number[] = [];
    let last: AnswerSurface | null = null;
    for (const pass of [firstTimeMs, surfaceMs]) {
      for (const query of queries) {
        const found = searchIndex(index, query, 15, { keepSoftmax: true });
        const t0 = performance.now();
        last = await describeSurface(index, found.softmax!, geography);
        pass.push(performance.now() - t0);
      }
    }
    const result: SurfaceBenchResult = {
      surfaceMs,
      firstTimeMs,
      rowCountriesMs,
      keptPlaces: last!.kept.p.length,
      surface: { kept: last!.kept, answer: last!.answer, radius50Km: last!.radius50Km, radius90Km: last!.radius90Km },
    };
    self.postMessage({ ok: true, result, medianMs: median(surfaceMs) });
  } catch (error) {
    self.postMessage({ ok: false, error: String((error as Error)?.stack ?? error) });
  }
};
