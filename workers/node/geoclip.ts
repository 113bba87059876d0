// GeoCLIP for the command line: the same transformers.js classes and tensor names as the browser
// worker, running on onnxruntime-node, with images decoded by sharp.
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { AutoImageProcessor, CLIPVisionModelWithProjection, PreTrainedModel, RawImage, Tensor, env } from '@huggingface/transformers';
import type { OutputInfo } from 'sharp';
import { REGISTRY, onnxPath } from '../../models/registry';
import { l2Normalise } from '../../src/core/encode/normalise';
import { UserFacingError } from '../lib/errors';
import { describeLoadFailure, expectTensorNames } from '../lib/load-errors';
import { uprightSharp } from './heif';

type Outputs = Record<string, { data: unknown; dims: number[] }>;
type Callable = (inputs: Record<string, unknown>) => Promise<Outputs>;

export interface ModelRef {
  /** What transformers.js is given: an absolute folder path, or a hub id. */
  location: string;
  id: string;
  revision: string;
  tiny: boolean;
}

/** A folder on disk (matched to a registry entry by its trailing "<owner>/<name>") or a hub id from the registry. */
export function resolveModel(arg: string): ModelRef {
  const path = resolve(arg);
  if (existsSync(path) && statSync(path).isDirectory()) {
    if (!existsSync(resolve(path, 'config.json'))) {
      throw new UserFacingError('model-missing', `${arg} is a folder but holds no config.json, so it is not a model folder.`);
    }
    const entry = REGISTRY.find((candidate) => path.endsWith(`/${candidate.id}`));
    return entry
      ? { location: path, id: entry.id, revision: entry.revision, tiny: entry.tiny }
      : { location: path, id: `local/${basename(path)}`, revision: 'local', tiny: false };
  }
  const entry = REGISTRY.find((candidate) => candidate.id === arg);
  if (!entry) throw new UserFacingError('model-missing', `${arg} is neither a model folder nor a model id in the registry.`);
  return { location: entry.id, id: entry.id, revision: entry.revision, tiny: entry.tiny };
}

/**
 * Finds the folder of the model an index was built with inside a --models folder (or --models is
 * that model's folder). When it is in neither, the error names the encoder and revision the index needs.
 */
export function modelInFolder(modelsDir: string, encoder: { encoderId: string; encoderRevision: string }): ModelRef {
  const nested = resolve(modelsDir, encoder.encoderId);
  if (existsSync(resolve(nested, 'config.json'))) return resolveModel(nested);
  if (existsSync(resolve(modelsDir, 'config.json'))) return resolveModel(modelsDir);
  throw new UserFacingError(
    'encoder-missing',
    `This index was built by the location encoder "${encoder.encoderId}" (revision ${encoder.encoderRevision}), ` +
      `which is not in ${modelsDir} (looked for ${nested}/config.json). Pass --models with the folder holding that model, ` +
      'or use an index built by a model you have.',
  );
}

function configureForNode(ref: ModelRef): void {
  const local = ref.location.startsWith('/');
  env.allowLocalModels = true;
  env.allowRemoteModels = !local;
}

async function loadPart(ref: ModelRef, name: 'vision_model' | 'location_model'): Promise<Callable> {
  const file = onnxPath({ name, dtype: { webgpuF16: 'fp32', webgpu: 'fp32', wasm: 'fp32' }, bytes: {} }, 'fp32');
  const loader = name === 'vision_model' ? CLIPVisionModelWithProjection : PreTrainedModel;
  try {
    const model = await loader.from_pretrained(ref.location, { revision: ref.revision, model_file_name: name, device: 'cpu', dtype: 'fp32' });
    expectTensorNames(model, file, name === 'vision_model' ? 'pixel_values' : 'location', name === 'vision_model' ? 'image_embeds' : 'location_embeds');
    return model as unknown as Callable;
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    throw describeLoadFailure(error, `${file}`, ref.location);
  }
}

export async function loadLocationEncoder(ref: ModelRef) {
  configureForNode(ref);
  const location = await loadPart(ref, 'location_model');
  return async (latLon: Float32Array, count: number): Promise<Float32Array> => {
    const output = await location({ location: new Tensor('float32', latLon, [count, 2]) });
    return output.location_embeds!.data as Float32Array;
  };
}

export async function loadImageEncoder(ref: ModelRef) {
  configureForNode(ref);
  let processor: Awaited<ReturnType<typeof AutoImageProcessor.from_pretrained>>;
  try {
    processor = await AutoImageProcessor.from_pretrained(ref.location, { revision: ref.revision });
  } catch (error) {
    throw describeLoadFailure(error, 'preprocessor_config.json', ref.location);
  }
  const vision = await loadPart(ref, 'vision_model');
  return async (bytes: Uint8Array): Promise<Float32Array> => {
    let decoded: { data: Buffer; info: OutputInfo };
    try {
      decoded = await (await uprightSharp(bytes)) // upright: EXIF orientation, or HEIF's own
        .resize({ width: 2048, height: 2048, fit: 'inside', withoutEnlargement: true })
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
    } catch {
      throw new UserFacingError('corrupt', 'the image data could not be decoded (damaged or unsupported).');
    }
    const image = new RawImage(new Uint8ClampedArray(decoded.data), decoded.info.width, decoded.info.height, 3);
    const inputs = await processor(image);
    const output = await vision({ pixel_values: inputs.pixel_values });
    return l2Normalise(new Float32Array(output.image_embeds!.data as Float32Array));
  };
}
