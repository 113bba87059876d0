// Locate every image of a benchmark manifest (Im2GPS3k / YFCC4K layout: IMG_ID,LAT,LON) and score
// the predictions: distances, and whether country, region and nearest settlement agree (both
// points reverse-geocoded offline). Predictions are appended to a CSV as they come, so an
// interrupted run resumes.
//   --shard K/N: only the manifest rows of shard K (split by a hash of IMG_ID, src/core/batch/shard.ts),
//   with their own predictions file; `eval MANIFEST --merge FILES...` scores the shards together.
//   --mode fast: GeoCLIP retrieval, the top candidate (the default).
//   --mode full: the whole method (cluemap, reasoning, refinement, selection) through locateFull.
//   --refine: a point between gallery places, when more similar than the best of them, is the fast
//     answer (and joins the full choice), so accuracy with and without it can be compared.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeShardPredictions, parseShard, selectShard, ShardError, type Shard } from '../../core/batch/shard';
import { parseLocationCsv } from '../../core/geo/location-csv';
import type { ImageLocation } from '../../core/geo/metrics';
import { comparePredictions } from '../../core/geo/metrics';
import type { LatLon } from '../../core/geo/types';
import { adminAccuracy, placePairs, type AdminAccuracy } from '../../core/place/admin-accuracy';
import { loadPlacesNode } from '../../../workers/node/places';
import { createLocator, locateFull } from '../locator';
import { parseOptions, required } from '../main';
import { CliError, oneLine, usageError } from '../fail';
import { progressReporter, readText } from '../files';
import { metricsJson, printMetrics } from './metrics';

const MODES = ['fast', 'full'] as const;
type Mode = (typeof MODES)[number];

const IMAGE_EXTENSIONS = ['', '.jpg', '.jpeg', '.png', '.webp', '.heic', '.heif', '.JPG', '.JPEG', '.PNG', '.WEBP', '.HEIC', '.HEIF'];

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
      mode: { type: 'string', default: 'fast' },
      shard: { type: 'string' },
      merge: { type: 'boolean' },
      json: { type: 'boolean' },
      refine: { type: 'boolean' },
    },
    true,
  );
  const mode = values.mode as Mode;
  if (!MODES.includes(mode)) throw usageError(`--mode is fast or full, not '${values.mode}'`);
  if (values.merge) {
    if (positionals.length < 2) throw usageError('--merge needs the manifest CSV and then the shards\' prediction files');
    if (values.shard !== undefined) throw usageError('--merge combines shards; it takes no --shard');
    const [manifestPath, ...files] = positionals as [string, ...string[]];
    return mergeReport(manifestPath, files, mode, values.refine === true, values.json === true);
  }
  if (positionals.length !== 1) throw usageError('give exactly one manifest CSV');
  const shard = values.shard === undefined ? null : readShard(values.shard);
  const manifestPath = positionals[0]!;
  const manifest = parseLocationCsv(readText(manifestPath, 'Manifest'));
  const truth = shard === null ? manifest : selectShard(manifest, shard, (row) => row.id);
  const images = required(values.images, '--images');
  const out = values.out ?? (shard === null ? `${manifestPath}.predictions.csv` : `${manifestPath}.shard-${shard.index}-of-${shard.count}.predictions.csv`);
  const predictions = readDone(out);
  if (predictions.size === 0) writeFileSync(out, 'IMG_ID,LAT,LON\n');
  else process.stderr.write(`resuming: ${predictions.size} of ${truth.length} images already located in ${out}\n`);
  if (shard !== null) process.stderr.write(`shard ${shard.index}/${shard.count}: ${truth.length} of ${manifest.length} images\n`);

  const models = required(values.models, '--models');
  const indexPath = required(values.index, '--index');
  const refine = values.refine === true;
  const locate =
    mode === 'full'
      ? (path: string) => locateFull(path, { models, index: indexPath, refine })
      : await createLocator(models, indexPath, 5, { refine }).then((locator) => async (path: string) => {
          const { lat, lon } = (await locator.locate(path)).answer;
          return { lat, lon };
        });
  const progress = progressReporter('locating');
  let done = predictions.size;
  // Nothing before the first image is done: a run that cannot start at all ends with its error alone.
  if (done > 0) progress(done, truth.length);
  for (const row of truth) {
    if (predictions.has(row.id)) continue;
    const path = findImage(images, row.id);
    if (!path) {
      process.stderr.write(`\nwhereabouts: no image file for ${row.id} in ${images}; counted as missing\n`);
    } else {
      try {
        const top = await locate(path);
        predictions.set(row.id, top);
        appendFileSync(out, `${JSON.stringify(row.id)},${top.lat},${top.lon}\n`);
      } catch (error) {
        // Exit code 2 means the run cannot work at all (full mode unavailable, say), not one bad image.
        if (error instanceof CliError && error.exitCode === 2) throw error;
        process.stderr.write(`\nwhereabouts: ${row.id}: ${oneLine(error)}; counted as missing\n`);
      }
    }
    progress(++done, truth.length);
  }
  await report(predictions, truth, mode, refine, values.json === true);
  return 0;
}

function readShard(text: string): Shard {
  try {
    return parseShard(text);
  } catch (error) {
    if (error instanceof ShardError) throw usageError(error.message);
    throw error;
  }
}

/** The shards' prediction files scored together against the whole manifest: the single-machine report. */
async function mergeReport(manifestPath: string, files: readonly string[], mode: Mode, refine: boolean, json: boolean): Promise<number> {
  const truth = parseLocationCsv(readText(manifestPath, 'Manifest'));
  const shards = files.map((file) => ({ source: file, rows: parseLocationCsv(readText(file, 'Prediction file')) }));
  let predictions: Map<string, LatLon>;
  try {
    predictions = mergeShardPredictions(shards);
  } catch (error) {
    if (error instanceof ShardError) throw new CliError(error.message, 2);
    throw error;
  }
  process.stderr.write(`merged ${predictions.size} predictions from ${files.length} files for ${truth.length} manifest rows\n`);
  await report(predictions, truth, mode, refine, json);
  return 0;
}

async function report(predictions: ReadonlyMap<string, LatLon>, truth: readonly ImageLocation[], mode: Mode, refine: boolean, json: boolean): Promise<void> {
  const summary = comparePredictions(predictions, truth);
  const { geocoder } = await loadPlacesNode();
  const admin = adminAccuracy(placePairs(predictions, truth, (point) => geocoder.placeAt(point)));
  if (json) {
    process.stdout.write(`${JSON.stringify({ mode, refine, ...metricsJson(summary), admin_accuracy: adminJson(admin) })}\n`);
  } else {
    printMetrics(summary, false);
    printAdmin(admin);
  }
}

export function adminJson(admin: AdminAccuracy) {
  const level = ({ percent, correct, counted }: AdminAccuracy['country']) => ({ percent, correct, counted });
  return { country: level(admin.country), region: level(admin.region), city: level(admin.city) };
}

export function printAdmin(admin: AdminAccuracy): void {
  for (const name of ['country', 'region', 'city'] as const) {
    const { percent, correct, counted } = admin[name];
    process.stdout.write(`same ${name.padEnd(8)}${percent === null ? '-' : `${percent.toFixed(2)}%`} (${correct} of ${counted})\n`);
  }
}
