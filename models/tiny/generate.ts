// Writes the deterministic tiny models: GeoCLIP, the VLM, CLIP and a sentence embedder.
// Usage: npx tsx models/tiny/generate.ts [--out DIR] [--full-width]

import { tinyClipFiles, tinyEmbedderFiles } from './encoder-files';
import { fullWidthLocationFiles, tinyModelFiles } from './model-files';
import { tinyVlmFiles } from './vlm-files';
import { writeModelFiles } from './write-files';
import { writeManifest } from '../write-manifest';

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

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  writeModelFiles(options.outDir, tinyModelFiles(), console.log);
  writeModelFiles(options.outDir, tinyVlmFiles(), console.log);
  writeModelFiles(options.outDir, tinyClipFiles(), console.log);
  writeModelFiles(options.outDir, tinyEmbedderFiles(), console.log);
  if (options.fullWidth) writeModelFiles(options.outDir, fullWidthLocationFiles(), console.log);
  // The app checks self-hosted folders against this list of sizes and checksums before loading.
  const written = [...tinyModelFiles(), ...tinyVlmFiles(), ...tinyClipFiles(), ...tinyEmbedderFiles(), ...(options.fullWidth ? fullWidthLocationFiles() : [])];
  for (const id of new Set(written.map((file) => file.path.split('/').slice(0, 2).join('/')))) {
    writeManifest(options.outDir, id, 'generated', 'models/tiny/generate.ts');
  }
}

main();
