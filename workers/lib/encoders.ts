// The cluemap's encoders with transformers.js: CLIP's image and text towers and a sentence
// embedder. Loading names the file that failed; encoding returns L2-normalised rows. Shared by
// the browser worker (workers/encoders.worker.ts) and the command line (workers/node/encoders.ts),
// which differ only in where files come from and which device runs them.
import {
  AutoConfig,
  AutoImageProcessor,
  AutoTokenizer,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  RawImage,
  Tensor,
  pipeline,
  type ImageProcessor,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import { DTYPE_SUFFIX, type Dtype } from '../../models/registry';
import type { CluemapInputs, PatchEmbeddings, TextEmbeddings } from '../../src/bridge/types';
import { cropRgb, checkPixels, type Pixels, type RgbImage } from '../../src/core/cluemap/crop';
import { clipTextOf, sentenceTextOf } from '../../src/core/cluemap/cue-text';
import { embeddingRows } from '../../src/core/cluemap/cosine';
import { assembleCluemapInputs } from '../../src/core/cluemap/inputs';
import { patchGrid } from '../../src/core/cluemap/patch-grid';
import { limitForClip } from '../../src/core/cluemap/text-limit';
import { fitTokenIds, padTokenRows } from '../../src/core/cluemap/token-rows';
import type { Cue } from '../../src/core/cluemap/types';
import { l2Normalise } from '../../src/core/encode/normalise';
import { UserFacingError } from './errors';
import { describeLoadFailure, expectTensorNames } from './load-errors';
import type { ProgressTracker } from './file-progress';

type Outputs = Record<string, { data: unknown; dims: number[] }>;
type Callable = (inputs: Record<string, unknown>) => Promise<Outputs>;
type Extractor = (texts: string[], options: { pooling: 'mean'; normalize: boolean }) => Promise<{ data: unknown; dims: number[] }>;

/** What from_pretrained is given: a hub id (with env pointing at the source) or, in Node, a folder. */
export interface ModelPlace {
  location: string;
  revision: string;
}

export interface LoadContext {
  device: 'webgpu' | 'wasm' | 'cpu';
  /** Where the files come from, for error messages. */
  where: string;
  progress: ProgressTracker;
  /** Where the runtime's own error goes, for developers (the user sees the one-sentence version). */
  debug?: (message: string, error: unknown) => void;
}

export interface ClipEncoders {
  processor: ImageProcessor;
  tokenizer: PreTrainedTokenizer;
  vision: Callable;
  text: Callable;
  dim: number;
  /** Tokens the text encoder reads, markers included. */
  contextTokens: number;
  endId: number;
  padId: number;
}

export interface SentenceEmbedder {
  extract: Extractor;
  dim: number;
  /** Put before each text (E5 models expect "query: "). */
  prefix: string;
}

/** Runs one loading step; anything it throws becomes an error that names the file being read. */
async function step<T>(context: LoadContext, file: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    context.debug?.(`[whereabouts] loading ${file} failed:`, error);
    const named = error instanceof SyntaxError ? context.progress.justRead() : context.progress.pending();
    throw describeLoadFailure(error, named ?? file, context.where);
  }
}

const options = (place: ModelPlace, context: LoadContext) => ({ revision: place.revision, progress_callback: context.progress.callback });

function configNumber(model: unknown, read: (config: Record<string, Record<string, unknown> & { text_config?: Record<string, unknown> }>) => unknown): number | undefined {
  const value = Number(read((model as { config: never }).config));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** config.json on its own first, so that a broken one is named (inside a pipeline it is read without progress events). */
function loadConfig(place: ModelPlace, context: LoadContext) {
  return step(context, 'config.json', () => AutoConfig.from_pretrained(place.location, options(place, context)));
}

export async function loadClipEncoders(place: ModelPlace, dtypes: { vision: string; text: string }, context: LoadContext): Promise<ClipEncoders> {
  const config = await loadConfig(place, context);
  const processor = await step(context, 'preprocessor_config.json', () => AutoImageProcessor.from_pretrained(place.location, options(place, context)));
  const tokenizer = await step(context, 'tokenizer.json', () => AutoTokenizer.from_pretrained(place.location, options(place, context)));
  const visionFile = onnxFile('vision_model', dtypes.vision);
  const vision = await step(context, visionFile, () =>
    CLIPVisionModelWithProjection.from_pretrained(place.location, { ...options(place, context), config, device: context.device, dtype: dtypes.vision as 'fp32' }),
  );
  expectTensorNames(vision, visionFile, 'pixel_values', 'image_embeds');
  const textFile = onnxFile('text_model', dtypes.text);
  const text = await step(context, textFile, () =>
    CLIPTextModelWithProjection.from_pretrained(place.location, { ...options(place, context), config, device: context.device, dtype: dtypes.text as 'fp32' }),
  );
  expectTensorNames(text, textFile, 'input_ids', 'text_embeds');
  const endId = tokenizer.eos_token_id;
  if (endId === undefined || endId === null) throw new UserFacingError('model-wrong', 'tokenizer_config.json names no end-of-text token, so this is not a CLIP tokenizer.');
  const positions = configNumber(text, (config) => config.text_config?.max_position_embeddings);
  const contextTokens = Math.min(tokenizer.model_max_length, positions ?? Infinity);
  if (!Number.isFinite(contextTokens)) throw new UserFacingError('model-wrong', 'Neither tokenizer_config.json nor config.json says how many tokens the CLIP text encoder reads.');
  return {
    processor,
    tokenizer,
    vision: vision as unknown as Callable,
    text: text as unknown as Callable,
    dim: configNumber(vision, (config) => config.projection_dim) ?? 0,
    contextTokens,
    endId,
    padId: tokenizer.pad_token_id ?? endId,
  };
}

export async function loadSentenceEmbedder(place: ModelPlace, dtype: string, prefix: string, context: LoadContext): Promise<SentenceEmbedder> {
  const config = await loadConfig(place, context);
  const file = onnxFile('model', dtype);
  const extractor = await step(context, file, () =>
    pipeline('feature-extraction', place.location, { ...options(place, context), config, device: context.device, dtype: dtype as 'fp32' }),
  );
  expectTensorNames(extractor.model, file, 'input_ids', 'last_hidden_state');
  return {
    extract: extractor as unknown as Extractor,
    dim: configNumber(extractor.model, (config) => config.hidden_size) ?? 0,
    prefix,
  };
}

function onnxFile(name: string, dtype: string): string {
  return `onnx/${name}${DTYPE_SUFFIX[dtype as Dtype] ?? `_${dtype}`}.onnx`;
}

/** Each row scaled to unit length, in place. */
function normaliseRows(data: Float32Array, dim: number): Float32Array {
  for (let row = 0; row * dim < data.length; row++) l2Normalise(data.subarray(row * dim, (row + 1) * dim));
  return data;
}

function rowsOf(output: { data: unknown; dims: number[] }): TextEmbeddings {
  const dim = output.dims[output.dims.length - 1]!;
  return { embeddings: normaliseRows(new Float32Array(output.data as Float32Array), dim), dim };
}

/** Several RGB images through CLIP's image tower as one batch. */
export async function encodeImages(clip: ClipEncoders, images: readonly RgbImage[]): Promise<TextEmbeddings> {
  if (images.length === 0) return { embeddings: new Float32Array(0), dim: clip.dim };
  const raw = images.map((image) => new RawImage(image.data, image.width, image.height, 3));
  const inputs = await clip.processor(raw);
  const output = await clip.vision({ pixel_values: inputs.pixel_values });
  return rowsOf(output.image_embeds!);
}

/** The photo's patches (core patchGrid), cropped and encoded in one batch. */
export async function encodePatches(clip: ClipEncoders, pixels: Pixels): Promise<PatchEmbeddings> {
  checkPixels(pixels);
  const patches = patchGrid(pixels.width, pixels.height);
  const { embeddings, dim } = await encodeImages(clip, patches.map((box) => cropRgb(pixels, box)));
  return { patches, embeddings, dim };
}

/**
 * CLIP text embeddings. Each text is first shortened to fit the context by the core's estimate,
 * then tokenized in full and, should it still be too long, cut keeping the end marker.
 */
export async function encodeClipTexts(clip: ClipEncoders, texts: readonly string[]): Promise<TextEmbeddings> {
  if (texts.length === 0) return { embeddings: new Float32Array(0), dim: clip.dim };
  const budget = clip.contextTokens - 2;
  const rows = texts.map((text) => fitTokenIds(clip.tokenizer.encode(limitForClip(text, budget)), clip.contextTokens, clip.endId));
  const padded = padTokenRows(rows, clip.padId);
  const tensor = (values: number[]) => new Tensor('int64', BigInt64Array.from(values, BigInt), [padded.rows, padded.length]);
  const output = await clip.text({ input_ids: tensor(padded.ids), attention_mask: tensor(padded.mask) });
  return rowsOf(output.text_embeds!);
}

/** Sentence embeddings: mean pooled over the real tokens, L2-normalised. */
export async function embedSentences(embedder: SentenceEmbedder, texts: readonly string[]): Promise<TextEmbeddings> {
  if (texts.length === 0) return { embeddings: new Float32Array(0), dim: embedder.dim };
  const output = await embedder.extract(
    texts.map((text) => embedder.prefix + text),
    { pooling: 'mean', normalize: true },
  );
  // normalize: true already did it; normalising again costs nothing and guards a model without it.
  return rowsOf(output);
}

/**
 * Everything buildCluemap needs for `cues` on this photo. `checkpoint` runs between the model
 * calls, so a cancelled operation stops at the next one.
 */
export async function cluemapInputs(
  clip: ClipEncoders,
  embedder: SentenceEmbedder,
  pixels: Pixels,
  cues: readonly Cue[],
  checkpoint: () => void = () => {},
): Promise<CluemapInputs> {
  const patches = await encodePatches(clip, pixels);
  checkpoint();
  const clipText = await encodeClipTexts(clip, cues.map(clipTextOf));
  checkpoint();
  const sentences = await embedSentences(embedder, cues.map(sentenceTextOf));
  checkpoint();
  const inputs = assembleCluemapInputs(cues, embeddingRows(patches.embeddings, patches.dim), {
    clipText: embeddingRows(clipText.embeddings, clipText.dim),
    sentences: embeddingRows(sentences.embeddings, sentences.dim),
  });
  return { ...inputs, patches, sentences };
}
