// Locate every image of a benchmark manifest (Im2GPS3k / YFCC4K layout: IMG_ID,LAT,LON) and score
// the predictions. Predictions are appended to a CSV as they come, so an interrupted run resumes.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLocationCsv } from '../../core/geo/location-csv';
import { comparePredictions } from '../../core/geo/metrics';
import type { LatLon } from '../../core/geo/types';
import { createLocator } from '../locator';
import { parseOptions, required } from '../main';
import { oneLine, usageError } from '../fail';
import { progressReporter, readText } from '../files';
import { printMetrics } from './metrics';

const IMAGE_EXTENSIONS = ['', '.jpg', '.jpeg', '.png', '.webp', '.JPG', '.JPEG', '.PNG'];

function findImage(dir: string, id: string): string | null {
  for (const extension of IMAGE_EXTENSIONS) {
    const path = join(dir, `${id}${extension}`);
    if (existsSync(path)) return path;
  }
  return null;
}

function readDone(path: string): Map<string, LatLon> {
  if (!existsSync(path) || readFileSync(path).byteLength === 0) return new Map();
  return new Map(parseLocationCsv(readFileSync(path, 'utf8')).map((row) => [row.id, { lat: row.lat, lon: row.lon }]));
}

export async function evaluate(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    {
      images: { type: 'string' },
      models: { type: 'string' },
      index: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
    },
    true,
  );
  if (positionals.length !== 1) throw usageError('give exactly one manifest CSV');
  const manifestPath = positionals[0]!;
  const truth = parseLocationCsv(readText(manifestPath, 'Manifest'));
  const images = required(values.images, '--images');
  const out = values.out ?? `${manifestPath}.predictions.csv`;
  const predictions = readDone(out);
  if (predictions.size === 0) writeFileSync(out, 'IMG_ID,LAT,LON\n');
  else process.stderr.write(`resuming: ${predictions.size} of ${truth.length} images already located in ${out}\n`);

  const locator = await createLocator(required(values.models, '--models'), required(values.index, '--index'), 1);
  const progress = progressReporter('locating');
  let done = predictions.size;
  progress(done, truth.length);
  for (const row of truth) {
    if (predictions.has(row.id)) continue;
    const path = findImage(images, row.id);
    if (!path) {
      process.stderr.write(`\nwhereabouts: no image file for ${row.id} in ${images}; counted as missing\n`);
    } else {
      try {
        const found = await locator.locate(path);
        predictions.set(row.id, found.top);
        appendFileSync(out, `${JSON.stringify(row.id)},${found.top.lat},${found.top.lon}\n`);
      } catch (error) {
        process.stderr.write(`\nwhereabouts: ${row.id}: ${oneLine(error)}; counted as missing\n`);
      }
    }
    progress(++done, truth.length);
  }
  printMetrics(comparePredictions(predictions, truth), values.json ?? false);
  return 0;
}
