// Loading GeoCLIP with transformers.js: source and device selection, per-file progress,
// and errors that name the file that failed.
import {
  AutoImageProcessor,
  CLIPVisionModelWithProjection,
  PreTrainedModel,
  env,
  type ImageProcessor,
} from '@huggingface/transformers';
import type { BridgeSettings, Device, FileProgress, LoadedModel } from '../../src/bridge/types';
import { dtypeFor, filesFor, findEntry, onnxPath, type GeoclipEntry, type OnnxPart } from '../../models/registry';
import { UserFacingError } from './errors';
import { folderCache } from '../store/model-folder';
import { describeLoadFailure, expectTensorNames } from './load-errors';
import { ProgressTracker } from './file-progress';
import { verifyModelFiles, type ReadModelFile } from './verify-files';

type Model = Awaited<ReturnType<typeof PreTrainedModel.from_pretrained>>;
type Outputs = Record<string, { data: unknown; dims: number[] }>;

export interface GeoclipModels {
  info: LoadedModel;
  processor: ImageProcessor;
  vision: (inputs: Record<string, unknown>) => Promise<Outputs>;
  location: (inputs: Record<string, unknown>) => Promise<Outputs>;
}

const SELF_HOSTED = '/models/';
const IMPORTED_PLACEHOLDER = '/models/.imported/';

export function configureRuntime(settings: BridgeSettings): void {
  // The ONNX runtime's WASM files come from the app's own origin, never a CDN.
  env.backends.onnx.wasm!.wasmPaths = `${self.location.origin}/ort/`;
  env.useCustomCache = false;
  env.customCache = null;
  env.useBrowserCache = false;
  if (settings.source === 'self') {
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    env.localModelPath = SELF_HOSTED;
  } else if (settings.source === 'hub') {
    env.allowLocalModels = false;
    env.allowRemoteModels = true;
    env.remoteHost = settings.hubHost.endsWith('/') ? settings.hubHost : `${settings.hubHost}/`;
    env.useBrowserCache = true; // keep downloads on the device for offline use
  } else {
    // transformers.js refuses to run with both local and remote loading off, and it asks its cache
    // before either. So local loading points at a folder that does not exist on our own origin:
    // an imported file is answered by the cache with no request at all, and a missing one ends in
    // a same-origin 404 that the error names, never in a request to another host.
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    env.localModelPath = IMPORTED_PLACEHOLDER;
    env.useCustomCache = true;
    env.customCache = folderCache;
  }
}

interface MinimalGpu {
  requestAdapter(): Promise<{ features: ReadonlySet<string> } | null>;
}

export async function pickDevice(preference: BridgeSettings['device']): Promise<{ device: Device; shaderF16: boolean }> {
  if (preference === 'wasm') return { device: 'wasm', shaderF16: false };
  const gpu = (navigator as Navigator & { gpu?: MinimalGpu }).gpu;
  const adapter = gpu ? await gpu.requestAdapter().catch(() => null) : null;
  if (!adapter) {
    if (preference === 'webgpu') throw new UserFacingError('no-webgpu', 'WebGPU was requested, but this browser offers no WebGPU adapter. Choose "automatic" or "WASM" in Settings.');
    return { device: 'wasm', shaderF16: false };
  }
  return { device: 'webgpu', shaderF16: adapter.features.has('shader-f16') };
}

/** How to read a file of the model folder for checking, or null for the hub (transformers.js keeps those). */
export function folderReader(settings: BridgeSettings, id: string): ReadModelFile | null {
  if (settings.source === 'self') {
    return async (path) => {
      // Offline with no kept copy: the loader will say which file it could not get.
      const response = await fetch(`${SELF_HOSTED}${id}/${path}`).catch(() => null);
      if (!response) return undefined;
      const isPage = (response.headers.get('content-type') ?? '').includes('text/html');
      return response.status === 404 || isPage ? undefined : response;
    };
  }
  if (settings.source === 'folder') return (path) => folderCache.match(`${IMPORTED_PLACEHOLDER}${id}/${path}`);
  return null;
}

export function sourceName(settings: BridgeSettings): string {
  if (settings.source === 'self') return "the app's /models/ folder";
  if (settings.source === 'hub') return settings.hubHost;
  return 'the imported model folder';
}

async function loadPart(
  entry: GeoclipEntry,
  part: OnnxPart,
  device: Device,
  shaderF16: boolean,
  settings: BridgeSettings,
  progress: ProgressTracker,
): Promise<Model> {
  const dtype = dtypeFor(part, device, shaderF16);
  const file = onnxPath(part, dtype);
  const loader = part.name === 'vision_model' ? CLIPVisionModelWithProjection : PreTrainedModel;
  try {
    return await loader.from_pretrained(entry.id, {
      revision: entry.revision,
      model_file_name: part.name,
      device,
      dtype,
      progress_callback: progress.callback,
    });
  } catch (error) {
    console.warn(`[whereabouts] loading ${file} failed:`, error);
    throw describeLoadFailure(error, progress.pending() ?? file, sourceName(settings));
  }
}

export async function loadGeoclip(key: string, settings: BridgeSettings, onProgress: (p: FileProgress) => void): Promise<GeoclipModels> {
  const entry = findEntry(key);
  if (!entry) throw new UserFacingError('unknown-model', `There is no model called "${key}" in the registry.`);
  if (entry.kind !== 'geoclip') throw new UserFacingError('wrong-model', `"${key}" is not a GeoCLIP model.`);
  configureRuntime(settings);
  const { device, shaderF16 } = await pickDevice(settings.device);
  const progress = new ProgressTracker(key, onProgress);
  const read = folderReader(settings, entry.id);
  if (read) await verifyModelFiles(`${settings.source}:${entry.key}`, filesFor(entry, device, shaderF16), read);
  let processor: ImageProcessor;
  try {
    processor = await AutoImageProcessor.from_pretrained(entry.id, { revision: entry.revision, progress_callback: progress.callback });
  } catch (error) {
    throw describeLoadFailure(error, progress.pending() ?? 'preprocessor_config.json', sourceName(settings));
  }
  const vision = await loadPart(entry, entry.vision, device, shaderF16, settings, progress);
  expectTensorNames(vision, onnxPath(entry.vision, dtypeFor(entry.vision, device, shaderF16)), 'pixel_values', 'image_embeds');
  const location = await loadPart(entry, entry.location, device, shaderF16, settings, progress);
  expectTensorNames(location, onnxPath(entry.location, dtypeFor(entry.location, device, shaderF16)), 'location', 'location_embeds');
  const dim = Number((vision as unknown as { config: { projection_dim?: number } }).config.projection_dim ?? entry.dim);
  return {
    info: {
      id: entry.id,
      revision: entry.revision,
      device,
      dtype: dtypeFor(entry.vision, device, shaderF16),
      dim,
      tiny: entry.tiny,
    },
    processor,
    vision: (inputs) => (vision as unknown as (i: Record<string, unknown>) => Promise<Outputs>)(inputs),
    location: (inputs) => (location as unknown as (i: Record<string, unknown>) => Promise<Outputs>)(inputs),
  };
}
