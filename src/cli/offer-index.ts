// Builds the coordinate index for a model folder with `index build` and writes it beside the model
// with its manifest (size, checksum, encoder, gallery), for the app to download on first use.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeIndex } from '../core/retrieve/format';
import { OFFERED_INDEX_FILE, OFFERED_INDEX_MANIFEST, describeOfferedIndex, type OfferedIndex } from '../core/retrieve/offered-index';
import { indexBuild } from './commands/index-build';
import { GALLERY } from '../../workers/lib/index-keys';

export interface OfferOptions {
  /** The coordinate CSV (the app's gallery). */
  coords: string;
  /** Fixed creation time, for reproducible generated indexes. */
  createdAt?: string;
}

export async function writeOfferedIndex(modelFolder: string, options: OfferOptions): Promise<OfferedIndex> {
  const target = join(modelFolder, OFFERED_INDEX_FILE);
  const partial = `${target}.part`;
  const args = ['--coords', options.coords, '--model', modelFolder, '--out', partial, '--gallery-name', GALLERY.source];
  if (options.createdAt) args.push('--created-at', options.createdAt);
  const code = await indexBuild(args);
  if (code !== 0) throw new Error(`index build for ${modelFolder} exited with ${code}`);
  const bytes = readFileSync(partial);
  const offer = describeOfferedIndex(decodeIndex(new Uint8Array(bytes)), bytes.byteLength, createHash('sha256').update(bytes).digest('hex'));
  renameSync(partial, target);
  writeFileSync(join(modelFolder, OFFERED_INDEX_MANIFEST), `${JSON.stringify(offer, null, 2)}\n`);
  return offer;
}
