// Loading a vision-language model in a browser worker: the same source, device and progress
// conventions as GeoCLIP (load-geoclip.ts), three ONNX sessions with a dtype each, errors that
// name the broken file, and one loading promise per model.
import { AutoProcessor, env, type PreTrainedModel } from '@huggingface/transformers';
import type { BridgeSettings, FileProgress, LoadedVlm } from '../../src/bridge/types';
import { filesFor, onnxPath, vlmDtypes, vlmParts, type VlmEntry } from '../../models/registry';
import { resolveVlmEntry } from './vlm-entry';
import { UserFacingError } from './errors';
import { describeLoadFailure } from './load-errors';
import { configureRuntime, folderReader, pickDevice, sourceName } from './load-geoclip';
import { verifyModelFiles } from './verify-files';
import { ProgressTracker } from './file-progress';
import { checkOnnxHead } from './onnx-check';
import { capImageTiles } from './vlm-tiles';
import { reuseImageFeatures, yieldBetweenSteps, type VlmProcessor, type VlmRuntime } from './vlm-generate';
import { folderCache } from '../store/model-folder';
import { loadVlmSessions } from './vlm-model';

export interface VlmModels extends VlmRuntime {
  info: LoadedVlm;
  entry: VlmEntry;
}

const HEAD_BYTES = 64 * 1024;

/** The first bytes and full length of a model file, read the way transformers.js would find it. */
async function readHead(settings: BridgeSettings, entry: VlmEntry, path: string): Promise<{ head: Uint8Array; total: number } | null> {
  const url =
    settings.source === 'hub'
      ? `${env.remoteHost}${entry.id}/resolve/${entry.revision}/${path}`
      : `${self.location.origin}${env.localModelPath}${entry.id}/${path}`;
  let response: Response | undefined;
  if (settings.source === 'folder') response = await folderCache.match(url);
  else if (settings.source === 'hub') response = await (await caches.open('transformers-cache')).match(url);
  response ??= await fetch(url);
  if (!response.ok || !response.body) return null;
  const total = Number(response.headers.get('Content-Length') ?? 0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let read = 0;
  while (read < HEAD_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    read += value.length;
  }
  await reader.cancel().catch(() => undefined);
  const head = new Uint8Array(read);
  let offset = 0;
  for (const chunk of chunks) {
    head.set(chunk, offset);
    offset += chunk.length;
  }
  return { head, total: total || read };
}

/** onnxruntime-web's parse errors do not say which file: look at each one to find it. */
async function findBrokenFile(settings: BridgeSettings, entry: VlmEntry, files: string[]): Promise<string | null> {
  for (const file of files) {
    const found = await readHead(settings, entry, file).catch(() => null);
    if (found && checkOnnxHead(found.head, found.total) !== 'ok') return file;
  }
  return null;
}

async function loadVlm(key: string, settings: BridgeSettings, onProgress: (p: FileProgress) => void): Promise<VlmModels> {
  const entry = resolveVlmEntry(key);
  configureRuntime(settings);
  const { device, shaderF16 } = await pickDevice(settings.device);
  const progress = new ProgressTracker(key, onProgress);
  const where = sourceName(settings);
  const options = { revision: entry.revision, progress_callback: progress.callback };
  // Sizes and checksums are checked before anything is loaded (a manifest beside the files, or the registry's sizes).
  const read = folderReader(settings, entry.id);
  if (read) await verifyModelFiles(`${settings.source}:${entry.key}`, filesFor(entry, device, shaderF16), read);

  let processor: VlmProcessor;
  try {
    processor = await AutoProcessor.from_pretrained(entry.id, options);
  } catch (error) {
    throw describeLoadFailure(error, progress.pending() ?? 'preprocessor_config.json', where);
  }

  if (device === 'wasm') capImageTiles(processor);

  const dtypes = vlmDtypes(entry, device, shaderF16);
  const onnxFiles = vlmParts(entry).map(({ session, part }) => onnxPath(part, dtypes[session]));
  let model: PreTrainedModel;
  try {
    model = await loadVlmSessions(entry.id, { ...options, device, dtype: dtypes });
  } catch (error) {
    console.warn(`[whereabouts] loading ${entry.id} failed:`, error);
    const named = onnxFiles.find((file) => String((error as Error)?.message ?? error).includes(file));
    const file = progress.pending() ?? named ?? (await findBrokenFile(settings, entry, onnxFiles)) ?? `one of ${onnxFiles.join(', ')}`;
    throw describeLoadFailure(error, file, where);
  }
  const sessions = (model as unknown as { sessions: Record<string, { inputNames: string[] }> }).sessions;
  for (const { session, part } of vlmParts(entry)) {
    if (!sessions[session]) {
      throw new UserFacingError('model-wrong', `${entry.id} has no ${onnxPath(part, dtypes[session])}: it is not an image-text-to-text model in the expected layout.`);
    }
  }
  yieldBetweenSteps(model);
  // Measured and tested on WASM; WebGPU keeps encoding per question until it is checked there.
  if (device === 'wasm') reuseImageFeatures(model);
  return {
    entry,
    model,
    processor,
    info: {
      key: entry.key,
      id: entry.id,
      revision: entry.revision,
      device,
      dtype: dtypes.decoder_model_merged,
      dtypes,
      tiny: entry.tiny,
    },
  };
}

let cached: { key: string; settings: string; promise: Promise<VlmModels> } | null = null;

/** One loading promise per model and settings; a failed load is forgotten so the next call tries again. */
export function loadVlmOnce(key: string, settings: BridgeSettings, onProgress: (p: FileProgress) => void): Promise<VlmModels> {
  const settingsKey = JSON.stringify(settings);
  if (cached && cached.key === key && cached.settings === settingsKey) return cached.promise;
  const previous = cached?.promise;
  const promise = loadVlm(key, settings, onProgress);
  cached = { key, settings: settingsKey, promise };
  promise.catch(() => {
    if (cached?.promise === promise) cached = null;
  });
  // Only one VLM fits in memory: the one it replaces gives its sessions back.
  previous?.then((models) => models.model.dispose()).catch(() => undefined);
  return promise;
}

export function loadedVlm(): Promise<VlmModels> | null {
  return cached?.promise ?? null;
}

export function forgetVlm(): void {
  const previous = cached?.promise;
  cached = null;
  previous?.then((models) => models.model.dispose()).catch(() => undefined);
}
