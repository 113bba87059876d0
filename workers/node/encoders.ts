// The cluemap's encoders for the command line: the same transformers.js code as the browser
// worker (workers/lib/encoders.ts), on onnxruntime-node with fp32 files, images decoded by sharp.
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { env } from '@huggingface/transformers';

import { REGISTRY, type ClipEntry, type EmbedderEntry } from '../../models/registry';
import type { CluemapInputs, LoadedEncoder, LoadedEncoders, PatchEmbeddings, TextEmbeddings } from '../../src/bridge/types';
import type { Pixels } from '../../src/core/cluemap/crop';
import type { Cue } from '../../src/core/cluemap/types';
import { UserFacingError } from '../lib/errors';
import { ProgressTracker } from '../lib/file-progress';
import {
  cluemapInputs,
  embedSentences,
  encodeClipTexts,
  encodeImages,
  encodePatches,
  loadClipEncoders,
  loadSentenceEmbedder,
  type ClipEncoders,
  type SentenceEmbedder,
} from '../lib/encoders';
import type { RgbImage } from '../../src/core/cluemap/crop';
import { uprightSharp } from './heif';

type Kind = 'clip' | 'embedder';
type EntryOf<K extends Kind> = Extract<ClipEntry | EmbedderEntry, { kind: K }>;

export interface EncoderRef<K extends Kind> {
  /** Absolute folder that holds the model. */
  folder: string;
  /** The registry entry it matches, or a stand-in for a folder the registry does not know. */
  entry: EntryOf<K>;
}

const LARGEST_SIDE = 2048;

function isModelFolder(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory() && existsSync(resolve(path, 'config.json'));
}

function unknownFolder<K extends Kind>(kind: K, folder: string): EntryOf<K> {
  const common = { key: `local/${basename(folder)}`, id: `local/${basename(folder)}`, revision: 'local', purpose: '', licence: 'unknown', tiny: false, dim: 0, configFiles: [] };
  const part = (name: string) => ({ name, dtype: { webgpuF16: 'fp32', webgpu: 'fp32', wasm: 'fp32' } as const, bytes: {} });
  const entry: ClipEntry | EmbedderEntry =
    kind === 'clip'
      ? { ...common, kind: 'clip', contextTokens: 77, vision: part('vision_model'), text: part('text_model') }
      : { ...common, kind: 'embedder', textPrefix: '', model: part('model') };
  return entry as EntryOf<K>;
}

/**
 * Finds an encoder of `kind` for the command line. `choice` is a registry key (looked up under
 * `modelsDir/<hub id>`) or a model folder; without one, the first real model of that kind found
 * under `modelsDir` is taken, else the generated test model.
 */
export function findEncoder<K extends Kind>(kind: K, modelsDir: string, choice?: string): EncoderRef<K> {
  const entries = REGISTRY.filter((entry): entry is EntryOf<K> => entry.kind === kind);
  if (choice !== undefined) {
    const byKey = entries.find((entry) => entry.key === choice);
    if (byKey) {
      const folder = resolve(modelsDir, byKey.id);
      if (!isModelFolder(folder)) throw new UserFacingError('model-missing', `${byKey.key} (${byKey.id}) was not found in ${modelsDir}: no ${byKey.id}/config.json there.`);
      return { folder, entry: byKey };
    }
    const folder = resolve(choice);
    if (!isModelFolder(folder)) throw new UserFacingError('model-missing', `${choice} is neither a ${kind} key in the registry nor a model folder with a config.json.`);
    return { folder, entry: entries.find((entry) => folder.endsWith(`/${entry.id}`)) ?? unknownFolder(kind, folder) };
  }
  const found = [...entries].sort((a, b) => Number(a.tiny) - Number(b.tiny)).find((entry) => isModelFolder(resolve(modelsDir, entry.id)));
  if (!found) {
    const names = entries.map((entry) => entry.id).join(', ');
    throw new UserFacingError('model-missing', `No ${kind === 'clip' ? 'CLIP model' : 'sentence embedder'} was found in ${modelsDir} (looked for ${names}).`);
  }
  return { folder: resolve(modelsDir, found.id), entry: found };
}

/** As the browser's LoadedEncoders, but on the CPU through onnxruntime-node. */
export type NodeEncoderInfo = {
  [K in keyof LoadedEncoders]: Omit<LoadedEncoders[K], 'device'> & { device: 'cpu'; folder: string };
};

export interface NodeEncoders {
  info: NodeEncoderInfo;
  encodePatches(pixels: Pixels): Promise<PatchEmbeddings>;
  encodeImages(images: readonly RgbImage[]): Promise<TextEmbeddings>;
  encodeCueTexts(texts: readonly string[]): Promise<TextEmbeddings>;
  embedCues(texts: readonly string[]): Promise<TextEmbeddings>;
  cluemapInputs(pixels: Pixels, cues: readonly Cue[]): Promise<CluemapInputs>;
}

export async function loadEncoders(clipRef: EncoderRef<'clip'>, embedderRef: EncoderRef<'embedder'>): Promise<NodeEncoders> {
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  const context = (ref: { folder: string; entry: ClipEntry | EmbedderEntry }) => ({ device: 'cpu' as const, where: ref.folder, progress: new ProgressTracker(ref.entry.key, () => {}) });
  const clip: ClipEncoders = await loadClipEncoders({ location: clipRef.folder, revision: clipRef.entry.revision }, { vision: 'fp32', text: 'fp32' }, context(clipRef));
  const embedder: SentenceEmbedder = await loadSentenceEmbedder(
    { location: embedderRef.folder, revision: embedderRef.entry.revision },
    'fp32',
    embedderRef.entry.textPrefix,
    context(embedderRef),
  );
  const describe = (ref: { folder: string; entry: ClipEntry | EmbedderEntry }, dim: number): Omit<LoadedEncoder, 'device'> & { device: 'cpu'; folder: string } => ({
    key: ref.entry.key,
    id: ref.entry.id,
    revision: ref.entry.revision,
    device: 'cpu',
    dtype: 'fp32',
    dim: dim || ref.entry.dim,
    tiny: ref.entry.tiny,
    folder: ref.folder,
  });
  return {
    info: { clip: { ...describe(clipRef, clip.dim), contextTokens: clip.contextTokens }, embedder: describe(embedderRef, embedder.dim) },
    encodePatches: (pixels) => encodePatches(clip, pixels),
    encodeImages: (images) => encodeImages(clip, images),
    encodeCueTexts: (texts) => encodeClipTexts(clip, texts),
    embedCues: (texts) => embedSentences(embedder, texts),
    cluemapInputs: (pixels, cues) => cluemapInputs(clip, embedder, pixels, cues),
  };
}

/** A photo as RGB pixels: EXIF orientation applied, the longest side at most 2048 px. */
export async function decodeImage(bytes: Uint8Array): Promise<Pixels> {
  try {
    const { data, info } = await (await uprightSharp(bytes)) // upright: EXIF orientation, or HEIF's own
      .resize({ width: LARGEST_SIDE, height: LARGEST_SIDE, fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, channels: 3, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength) };
  } catch {
    throw new UserFacingError('corrupt', 'the image data could not be decoded (damaged or unsupported).');
  }
}
