// Loading the cluemap's encoders in the browser: a CLIP entry and a sentence-embedder entry from
// the registry, from the source chosen in Settings, on WebGPU when there is an adapter.
import type { BridgeSettings, FileProgress, LoadedEncoder, LoadedEncoders } from '../../src/bridge/types';
import { dtypeFor, filesFor, findEntry, type ClipEntry, type EmbedderEntry } from '../../models/registry';
import { UserFacingError } from './errors';
import { configureRuntime, folderReader, pickDevice, sourceName } from './load-geoclip';
import { verifyModelFiles } from './verify-files';
import { ProgressTracker } from './file-progress';
import { loadClipEncoders, loadSentenceEmbedder, type ClipEncoders, type SentenceEmbedder } from './encoders';

export interface EncoderModels {
  info: LoadedEncoders;
  clip: ClipEncoders;
  embedder: SentenceEmbedder;
}

function entryOf<K extends 'clip' | 'embedder'>(key: string, kind: K): Extract<ClipEntry | EmbedderEntry, { kind: K }> {
  const entry = findEntry(key);
  if (!entry) throw new UserFacingError('unknown-model', `There is no model called "${key}" in the registry.`);
  if (entry.kind !== kind) {
    throw new UserFacingError('wrong-model', `"${key}" is not a ${kind === 'clip' ? 'CLIP model' : 'sentence embedder'}.`);
  }
  return entry as Extract<ClipEntry | EmbedderEntry, { kind: K }>;
}

export async function loadEncoders(
  clipKey: string,
  embedderKey: string,
  settings: BridgeSettings,
  onProgress: (p: FileProgress) => void,
): Promise<EncoderModels> {
  const clipEntry = entryOf(clipKey, 'clip');
  const embedderEntry = entryOf(embedderKey, 'embedder');
  configureRuntime(settings);
  const { device, shaderF16 } = await pickDevice(settings.device);
  const where = sourceName(settings);
  for (const entry of [clipEntry, embedderEntry]) {
    const read = folderReader(settings, entry.id);
    if (read) await verifyModelFiles(`${settings.source}:${entry.key}`, filesFor(entry, device, shaderF16), read);
  }
  const visionDtype = dtypeFor(clipEntry.vision, device, shaderF16);
  const clip = await loadClipEncoders(
    { location: clipEntry.id, revision: clipEntry.revision },
    { vision: visionDtype, text: dtypeFor(clipEntry.text, device, shaderF16) },
    { device, where, progress: new ProgressTracker(clipKey, onProgress), debug: console.warn },
  );
  const embedderDtype = dtypeFor(embedderEntry.model, device, shaderF16);
  const embedder = await loadSentenceEmbedder(
    { location: embedderEntry.id, revision: embedderEntry.revision },
    embedderDtype,
    embedderEntry.textPrefix,
    { device, where, progress: new ProgressTracker(embedderKey, onProgress), debug: console.warn },
  );
  const describe = (entry: ClipEntry | EmbedderEntry, dtype: string, dim: number): LoadedEncoder => ({
    key: entry.key,
    id: entry.id,
    revision: entry.revision,
    device,
    dtype,
    dim: dim || entry.dim,
    tiny: entry.tiny,
  });
  return {
    info: {
      clip: { ...describe(clipEntry, visionDtype, clip.dim), contextTokens: clip.contextTokens },
      embedder: describe(embedderEntry, embedderDtype, embedder.dim),
    },
    clip,
    embedder,
  };
}
