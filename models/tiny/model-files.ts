// The on-disk layout of the generated models, mirroring Xenova/geoclip-large-patch14:
// config.json and preprocessor_config.json at the top, ONNX graphs under onnx/.

import {
  buildLocationModel,
  buildVisionModel,
  locationModelWithExternalData,
  countLocationParameters,
  FULL_WIDTH_LOCATION_SPEC,
  LOCATION_INPUT,
  LOCATION_OUTPUT,
  TINY_LOCATION_SPEC,
  TINY_SEED,
  TINY_VISION_SPEC,
  VISION_INPUT,
  VISION_OUTPUT,
  type LocationModelSpec,
  type VisionModelSpec,
} from './geoclip';

export const TINY_MODEL_ID = 'whereabouts/tiny-geoclip';
/** The same tiny GeoCLIP under another id, with an offered coordinate index beside it. */
export const TINY_INDEXED_MODEL_ID = 'whereabouts/tiny-geoclip-indexed';
export const FULL_WIDTH_LOCATION_MODEL_ID = 'whereabouts/geoclip-location-random';

export interface ModelFile {
  /** Path relative to the models root, with forward slashes. */
  path: string;
  bytes: Uint8Array;
}

// OpenAI CLIP's normalisation constants, as in every CLIP preprocessor_config.json.
const CLIP_IMAGE_MEAN = [0.48145466, 0.4578275, 0.40821073];
const CLIP_IMAGE_STD = [0.26862954, 0.26130258, 0.27577711];

const jsonFile = (path: string, value: unknown): ModelFile => ({
  path,
  bytes: new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`),
});

function locationConfig(spec: LocationModelSpec) {
  return {
    input: LOCATION_INPUT,
    output: LOCATION_OUTPUT,
    fourier_size: spec.fourierSize,
    hidden_size: spec.hiddenSize,
    sigmas: spec.sigmas,
  };
}

// model_type "clip" resolves to an encoder-only model in Transformers.js, so
// each ONNX file loads as a single session chosen with model_file_name.
function modelConfig(embeddingDim: number, geoclip: Record<string, unknown>) {
  return {
    model_type: 'clip',
    projection_dim: embeddingDim,
    geoclip: { embedding_dim: embeddingDim, ...geoclip },
  };
}

export function preprocessorConfig(imageSize: number) {
  return {
    crop_size: { height: imageSize, width: imageSize },
    do_center_crop: true,
    do_convert_rgb: true,
    do_normalize: true,
    do_rescale: true,
    do_resize: true,
    image_mean: CLIP_IMAGE_MEAN,
    image_processor_type: 'CLIPImageProcessor',
    image_std: CLIP_IMAGE_STD,
    resample: 3,
    rescale_factor: 1 / 255,
    size: { shortest_edge: imageSize },
  };
}

export function tinyModelFiles(
  locationSpec: LocationModelSpec = TINY_LOCATION_SPEC,
  visionSpec: VisionModelSpec = TINY_VISION_SPEC,
): ModelFile[] {
  if (locationSpec.embeddingDim !== visionSpec.embeddingDim) {
    throw new Error('image and location embeddings must have the same size');
  }
  const root = TINY_MODEL_ID;
  const location = buildLocationModel(locationSpec);
  const vision = buildVisionModel(visionSpec);
  const config = modelConfig(locationSpec.embeddingDim, {
    location_model: locationConfig(locationSpec),
    vision_model: {
      input: VISION_INPUT,
      output: VISION_OUTPUT,
      image_size: visionSpec.imageSize,
      patch_size: visionSpec.patchSize,
    },
  });
  const description = {
    generator: 'models/tiny/generate.ts',
    seed: TINY_SEED,
    embedding_dim: locationSpec.embeddingDim,
    location_model: {
      ...locationConfig(locationSpec),
      seed: locationSpec.seed,
      parameters: countLocationParameters(location.weights),
    },
    vision_model: {
      seed: visionSpec.seed,
      image_size: visionSpec.imageSize,
      patch_size: visionSpec.patchSize,
      channels: visionSpec.channels,
      hidden_size: visionSpec.hiddenSize,
    },
    note: 'Random weights with GeoCLIP-shaped inputs and outputs, for tests only. Predictions are meaningless geography.',
  };
  return [
    jsonFile(`${root}/config.json`, config),
    jsonFile(`${root}/preprocessor_config.json`, preprocessorConfig(visionSpec.imageSize)),
    { path: `${root}/onnx/vision_model.onnx`, bytes: vision.onnx },
    { path: `${root}/onnx/location_model.onnx`, bytes: location.onnx },
    jsonFile(`${root}/whereabouts.json`, description),
  ];
}

/** The same tiny GeoCLIP again, its location encoder's weights in an external data file. */
export const TINY_EXTERNAL_MODEL_ID = 'whereabouts/tiny-geoclip-external';

/**
 * The tiny GeoCLIP with onnx/location_model.onnx keeping its weights in onnx/location_model.onnx_data,
 * declared in config.json as the hub's newer exports do ("transformers.js_config" ->
 * "use_external_data_format"). Same weights, so it encodes exactly like TINY_MODEL_ID.
 */
export function tinyExternalDataModelFiles(): ModelFile[] {
  const external = locationModelWithExternalData(TINY_LOCATION_SPEC, 'location_model.onnx_data');
  const root = TINY_EXTERNAL_MODEL_ID;
  return tinyModelFiles().flatMap((file): ModelFile[] => {
    const path = file.path.replace(`${TINY_MODEL_ID}/`, `${root}/`);
    if (path === `${root}/config.json`) {
      const config = JSON.parse(new TextDecoder().decode(file.bytes)) as Record<string, unknown>;
      return [jsonFile(path, { ...config, 'transformers.js_config': { use_external_data_format: { 'location_model.onnx': 1 } } })];
    }
    if (path === `${root}/onnx/location_model.onnx`) {
      return [
        { path, bytes: external.onnx },
        { path: `${path}_data`, bytes: external.data },
      ];
    }
    return [{ ...file, path }];
  });
}

/** The tiny GeoCLIP's files under TINY_INDEXED_MODEL_ID (its index is written by generate.ts). */
export function tinyIndexedModelFiles(): ModelFile[] {
  return tinyModelFiles().map((file) => ({ ...file, path: file.path.replace(`${TINY_MODEL_ID}/`, `${TINY_INDEXED_MODEL_ID}/`) }));
}

/**
 * GeoCLIP's location encoder at its real width (about 38 MB, random weights), with a tiny vision
 * model projecting to the same 512 dimensions so the app can load it: for benchmarks.
 */
export function fullWidthLocationFiles(spec: LocationModelSpec = FULL_WIDTH_LOCATION_SPEC): ModelFile[] {
  return tinyModelFiles(spec, { ...TINY_VISION_SPEC, embeddingDim: spec.embeddingDim }).map((file) => ({
    ...file,
    path: file.path.replace(`${TINY_MODEL_ID}/`, `${FULL_WIDTH_LOCATION_MODEL_ID}/`),
  }));
}
