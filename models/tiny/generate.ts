// Writes the deterministic tiny models: GeoCLIP, the VLM, CLIP and a sentence embedder.
// Usage: npx tsx models/tiny/generate.ts [--out DIR] [--full-width]
//        npx tsx models/tiny/generate.ts --real-size [--out DIR] [--only geoclip,vlm,clip,minilm]
// --real-size writes the small profile's four models at their real sizes (random weights, about
// 4.5 GB, default folder .cache/models-real) for the benchmark; tests never use them.

import { tinyClipFiles, tinyEmbedderFiles } from './encoder-files';
import { join } from 'node:path';
import { TINY_INDEXED_MODEL_ID, fullWidthLocationFiles, tinyExternalDataModelFiles, tinyIndexedModelFiles, tinyModelFiles } from './model-files';
import { tinyVlmFiles } from './vlm-files';
import { writeModelFiles, writeRealSizeFiles } from './write-files';
import { REAL_SIZE_MODELS } from './real-size';
import { writeManifest } from '../write-manifest';
import { writeOfferedIndex } from '../../src/cli/offer-index';

/** A fixed date, so the generated index is the same bytes on every run. */
const TINY_INDEX_DATE = '2026-01-01T00:00:00.000Z';

interface Options {
  outDir: string;
  fullWidth: boolean;
  realSize: boolean;
  only: string[];
}

export const REAL_SIZE_DIR = '.cache/models-real';

function parseArgs(args: readonly string[]): Options {
  const options: Options = { outDir: '', fullWidth: false, realSize: false, only: Object.keys(REAL_SIZE_MODELS) };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--full-width') {
      options.fullWidth = true;
    } else if (arg === '--real-size') {
      options.realSize = true;
    } else if (arg === '--only') {
      options.only = (args[++i] ?? '').split(',').filter(Boolean);
    } else if (arg === '--out') {
      const value = args[++i];
      if (!value) throw new Error('--out needs a directory');
      options.outDir = value;
    } else if (arg?.startsWith('--out=')) {
      options.outDir = arg.slice('--out='.length);
    } else {
      throw new Error(`unknown argument ${arg}\nusage: generate.ts [--out DIR] [--full-width] | --real-size [--out DIR] [--only geoclip,vlm,clip,minilm]`);
    }
  }
  options.outDir ||= options.realSize ? REAL_SIZE_DIR : 'public/models';
  return options;
}

function writeRealSize(options: Options): void {
  for (const name of options.only) {
    const files = REAL_SIZE_MODELS[name as keyof typeof REAL_SIZE_MODELS];
    if (!files) throw new Error(`--only: there is no real-size model called ${name} (${Object.keys(REAL_SIZE_MODELS).join(', ')})`);
    const list = files();
    writeRealSizeFiles(options.outDir, list, console.log);
    writeManifest(options.outDir, list[0]!.path.split('/').slice(0, 2).join('/'), 'generated-real-size', 'models/tiny/generate.ts --real-size');
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.realSize) return writeRealSize(options);
  writeModelFiles(options.outDir, tinyModelFiles(), console.log);
  writeModelFiles(options.outDir, tinyIndexedModelFiles(), console.log);
  writeModelFiles(options.outDir, tinyExternalDataModelFiles(), console.log);
  writeModelFiles(options.outDir, tinyVlmFiles(), console.log);
  writeModelFiles(options.outDir, tinyClipFiles(), console.log);
  writeModelFiles(options.outDir, tinyEmbedderFiles(), console.log);
  if (options.fullWidth) writeModelFiles(options.outDir, fullWidthLocationFiles(), console.log);
  // The app checks self-hosted folders against this list of sizes and checksums before loading.
  const written = [...tinyModelFiles(), ...tinyIndexedModelFiles(), ...tinyExternalDataModelFiles(), ...tinyVlmFiles(), ...tinyClipFiles(), ...tinyEmbedderFiles(), ...(options.fullWidth ? fullWidthLocationFiles() : [])];
  for (const id of new Set(written.map((file) => file.path.split('/').slice(0, 2).join('/')))) {
    writeManifest(options.outDir, id, 'generated', 'models/tiny/generate.ts');
  }
  // The coordinate index offered beside the indexed tiny model, as models:fetch writes one for GeoCLIP.
  const offer = await writeOfferedIndex(join(options.outDir, ...TINY_INDEXED_MODEL_ID.split('/')), {
    coords: 'public/gallery/coordinates_100K.csv',
    createdAt: TINY_INDEX_DATE,
  });
  console.log(`offered index for ${TINY_INDEXED_MODEL_ID}: ${offer.count} places, ${offer.size} bytes, sha256 ${offer.sha256.slice(0, 12)}…`);
}

await main();
