// Writes the deterministic tiny models: GeoCLIP, the VLM, CLIP and a sentence embedder.
// Usage: npx tsx models/tiny/generate.ts [--out DIR] [--full-width]

import { tinyClipFiles, tinyEmbedderFiles } from './encoder-files';
import { join } from 'node:path';
import { TINY_INDEXED_MODEL_ID, fullWidthLocationFiles, tinyExternalDataModelFiles, tinyIndexedModelFiles, tinyModelFiles } from './model-files';
import { tinyVlmFiles } from './vlm-files';
import { writeModelFiles } from './write-files';
import { writeManifest } from '../write-manifest';
import { writeOfferedIndex } from '../../src/cli/offer-index';

/** A fixed date, so the generated index is the same bytes on every run. */
const TINY_INDEX_DATE = '2026-01-01T00:00:00.000Z';

interface Options {
  outDir: string;
  fullWidth: boolean;
}

function parseArgs(args: readonly string[]): Options {
  const options: Options = { outDir: 'public/models', fullWidth: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--full-width') {
      options.fullWidth = true;
    } else if (arg === '--out') {
      const value = args[++i];
      if (!value) throw new Error('--out needs a directory');
      options.outDir = value;
    } else if (arg?.startsWith('--out=')) {
      options.outDir = arg.slice('--out='.length);
    } else {
      throw new Error(`unknown argument ${arg}\nusage: generate.ts [--out DIR] [--full-width]`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
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
