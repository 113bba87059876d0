// region_query_ms: one 100K x 512 query restricted to one country, against the same query without
// a restriction, through the code the retrieve worker runs (gallery-mask.ts, then searchIndex with
// the allow-mask). Gallery rows sit at the real gallery's coordinates, so the country is real; the
// embeddings are random (the time does not depend on them). The first restricted query also names
// every row's country once per index; that one-off is reported apart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { countryConstraint } from '../../src/core/reason/constraints';
import { parseCoordinateCsv } from '../../src/core/retrieve/coords';
import { randomIndex } from '../../src/core/retrieve/bench';
import { prepareSearch, searchIndex } from '../../src/core/retrieve/search';
import type { CoordinateIndex } from '../../src/core/retrieve/types';
import { createGalleryMasks } from '../../workers/lib/gallery-mask';
import { loadPlacesNode } from '../../workers/node/places';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export async function regionFigures(root: string, log: (line: string) => void, runs = 30, country = 'FR') {
  log('region: a 100K x 512 index at the gallery coordinates');
  const gallery = parseCoordinateCsv(readFileSync(join(root, 'public/gallery/coordinates_100K.csv'), 'utf8'));
  const random = randomIndex({ count: gallery.lat.length, dim: 512, seed: 7, element: 'int8' });
  const latLon = new Float32Array(gallery.lat.length * 2);
  for (let i = 0; i < gallery.lat.length; i++) [latLon[2 * i], latLon[2 * i + 1]] = [gallery.lat[i]!, gallery.lon[i]!];
  const index: CoordinateIndex = { ...random, latLon };
  prepareSearch(index);
  const masks = createGalleryMasks(loadPlacesNode);
  const constraints = [countryConstraint('require-country', country)];
  const query = Float32Array.from({ length: 512 }, (_, i) => Math.sin(i * 0.37));

  await loadPlacesNode();
  let start = performance.now();
  const first = await masks.mask('bench', index, constraints);
  const firstMaskMs = performance.now() - start;

  const plain: number[] = [];
  const restricted: number[] = [];
  for (let run = 0; run < runs + 3; run++) {
    start = performance.now();
    searchIndex(index, query, 15);
    const a = performance.now() - start;
    start = performance.now();
    const mask = await masks.mask('bench', index, constraints);
    searchIndex(index, query, 15, { allowed: mask.allowed });
    const b = performance.now() - start;
    if (run >= 3) {
      plain.push(a);
      restricted.push(b);
    }
  }
  const unrestricted = median(plain);
  const oneCountry = median(restricted);
  log(`region: unrestricted ${unrestricted.toFixed(2)} ms, restricted to ${country} ${oneCountry.toFixed(2)} ms (median of ${runs})`);
  return {
    region_query_ms: round(oneCountry),
    unrestricted_query_ms: round(unrestricted),
    difference_ms: round(oneCountry - unrestricted),
    target: 'region_query_ms <= unrestricted_query_ms + 5',
    country,
    places_kept: first.kept,
    rows: index.count,
    dim: index.dim,
    runs,
    first_mask_ms: round(firstMaskMs),
    where: 'Node, the retrieve worker code path (gallery-mask.ts + searchIndex)',
  };
}
