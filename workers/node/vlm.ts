// The vision-language model for the command line: the same registry entries, chat layout and
// generation as the browser worker, on onnxruntime-node, with photos decoded by sharp.
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { AutoProcessor, env, type PreTrainedModel } from '@huggingface/transformers';

import type { LoadedVlm, VlmRequest, VlmResult } from '../../src/bridge/types';
import { REGISTRY, customVlmEntry, onnxPath, vlmDtypes, vlmParts, type Dtype, type VlmEntry } from '../../models/registry';
import { UserFacingError } from '../lib/errors';
import { describeLoadFailure } from '../lib/load-errors';
import { generateAnswer, reuseImageFeatures, type GenerateHooks, type VlmProcessor, type VlmRuntime } from '../lib/vlm-generate';
import { runFailure } from '../lib/vlm-errors';
import { resolveVlmEntry } from '../lib/vlm-entry';
import { uprightSharp } from './heif';
import { loadVlmSessions } from '../lib/vlm-model';

const FALLBACK_DTYPES: Dtype[] = ['q8', 'int8', 'q4', 'fp16', 'fp32'];

export interface NodeVlm {
  info: LoadedVlm;
  /** The loaded model and processor, for callers that need more than one answer at a time. */
  runtime: VlmRuntime;
  generate(request: VlmRequest, hooks?: GenerateHooks): Promise<VlmResult>;
  dispose(): Promise<void>;
}

interface VlmRef {
  /** What transformers.js is given: an absolute folder path, or a hub id. */
  location: string;
  entry: VlmEntry;
}

/** A model folder (matched to a registry entry by its trailing "<owner>/<name>"), a registry key, or a hub id. */
export function resolveVlm(arg: string): VlmRef {
  const path = resolve(arg);
  if (existsSync(path) && statSync(path).isDirectory()) {
    if (!existsSync(resolve(path, 'config.json'))) {
      throw new UserFacingError('model-missing', `${arg} is a folder but holds no config.json, so it is not a model folder.`);
    }
    const known = REGISTRY.find((entry): entry is VlmEntry => entry.kind === 'vlm' && path.endsWith(`/${entry.id}`));
    const entry = known ?? customVlmEntry(`local/${basename(path)}`);
    if (!entry) throw new UserFacingError('unknown-model', `${arg} does not look like a model folder name.`);
    return { location: path, entry: known ? entry : { ...entry, revision: 'local' } };
  }
  const entry = resolveVlmEntry(arg);
  return { location: entry.id, entry };
}

/** Decodes a photo for the VLM: EXIF orientation honoured, very large images scaled down, RGBA out. */
export async function decodePhotoForVlm(bytes: Uint8Array): Promise<NonNullable<VlmRequest['pixels']>> {
  try {
    const { data, info } = await (await uprightSharp(bytes)) // upright: EXIF orientation, or HEIF's own
      .resize({ width: 2048, height: 2048, fit: 'inside', withoutEnlargement: true })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength) };
  } catch {
    throw new UserFacingError('corrupt', 'the image data could not be decoded (damaged or unsupported).');
  }
}

export async function loadVlmNode(arg: string): Promise<NodeVlm> {
  const { location, entry } = resolveVlm(arg);
  env.allowLocalModels = true;
  env.allowRemoteModels = !location.startsWith('/');
  let processor: VlmProcessor;
  try {
    processor = await AutoProcessor.from_pretrained(location, { revision: entry.revision });
  } catch (error) {
    throw describeLoadFailure(error, 'preprocessor_config.json', location);
  }
  // Node runs on the CPU: the WASM dtypes are the ones sized for it. A folder of a model the
  // registry does not know gets, per session, the first of those dtypes whose file it holds.
  const dtypes = vlmDtypes(entry, 'wasm', false);
  if (entry.family === 'custom' && location.startsWith('/')) {
    for (const { session, part } of vlmParts(entry)) {
      const present = [dtypes[session], ...FALLBACK_DTYPES].find((dtype) => existsSync(resolve(location, onnxPath(part, dtype))));
      if (present) dtypes[session] = present;
    }
  }
  const files = vlmParts(entry).map(({ session, part }) => onnxPath(part, dtypes[session]));
  let model: PreTrainedModel;
  try {
    model = await loadVlmSessions(location, { revision: entry.revision, device: 'cpu', dtype: dtypes });
  } catch (error) {
    const text = String((error as Error)?.message ?? error);
    throw describeLoadFailure(error, files.find((file) => text.includes(file)) ?? `one of ${files.join(', ')}`, location);
  }
  reuseImageFeatures(model);
  const info: LoadedVlm = {
    key: entry.key,
    id: entry.id,
    revision: entry.revision,
    device: 'wasm',
    dtype: dtypes.decoder_model_merged,
    dtypes,
    tiny: entry.tiny,
  };
  return {
    info,
    runtime: { model, processor },
    async generate(request, hooks) {
      try {
        return await generateAnswer({ model, processor }, request, hooks);
      } catch (error) {
        throw runFailure(error, 'cpu');
      }
    },
    dispose: async () => {
      await model.dispose();
    },
  };
}
