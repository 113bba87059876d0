// The on-disk layout of the tiny CLIP (as Xenova/clip-vit-base-patch32) and the tiny sentence
// embedder (as Xenova/all-MiniLM-L6-v2): config, tokenizer files, and the ONNX graphs under onnx/.

import { clipTextOnnx, clipVisionOnnx, type ClipSpec } from './clip';
import { CLIP_CONTEXT, clipTokenizer } from './clip-tokenizer';
import { embedderOnnx, type EmbedderSpec } from './embedder';
import { TINY_SEED } from './geoclip';
import { preprocessorConfig, type ModelFile } from './model-files';
import { BERT_MAX_LENGTH, wordPieceTokenizer } from './wordpiece-tokenizer';

export const TINY_CLIP_ID = 'whereabouts/tiny-clip';
export const TINY_EMBEDDER_ID = 'whereabouts/tiny-embedder';

export const TINY_CLIP_SPEC: Omit<ClipSpec, 'vocabSize'> = {
  seed: TINY_SEED,
  imageSize: 32,
  patchSize: 8,
  visionWidth: 24,
  textWidth: 32,
  projectionDim: 16,
  contextLength: CLIP_CONTEXT,
};

export const TINY_EMBEDDER_SPEC: Omit<EmbedderSpec, 'vocabSize'> = {
  seed: TINY_SEED,
  width: 24,
  maxPositions: BERT_MAX_LENGTH,
  typeVocabSize: 2,
};

const jsonFile = (path: string, value: unknown): ModelFile => ({
  path,
  bytes: new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`),
});

const NOTE = 'Random weights with the real model\'s files, tensor names and tokenizer behaviour, for tests only. Similarities are noise.';

export function tinyClipFiles(base: Omit<ClipSpec, 'vocabSize'> = TINY_CLIP_SPEC): ModelFile[] {
  const root = TINY_CLIP_ID;
  const tokens = clipTokenizer();
  const spec: ClipSpec = { ...base, vocabSize: tokens.vocabSize };
  const config = {
    architectures: ['CLIPModel'],
    model_type: 'clip',
    projection_dim: spec.projectionDim,
    logit_scale_init_value: 2.6592,
    text_config: {
      model_type: 'clip_text_model',
      vocab_size: spec.vocabSize,
      hidden_size: spec.textWidth,
      intermediate_size: spec.textWidth,
      num_hidden_layers: 1,
      num_attention_heads: 1,
      max_position_embeddings: spec.contextLength,
      bos_token_id: tokens.startId,
      eos_token_id: tokens.endId,
      pad_token_id: tokens.endId,
      projection_dim: spec.projectionDim,
    },
    vision_config: {
      model_type: 'clip_vision_model',
      image_size: spec.imageSize,
      patch_size: spec.patchSize,
      num_channels: 3,
      hidden_size: spec.visionWidth,
      intermediate_size: spec.visionWidth,
      num_hidden_layers: 1,
      num_attention_heads: 1,
      projection_dim: spec.projectionDim,
    },
  };
  return [
    jsonFile(`${root}/config.json`, config),
    jsonFile(`${root}/preprocessor_config.json`, preprocessorConfig(spec.imageSize)),
    jsonFile(`${root}/tokenizer.json`, tokens.tokenizer),
    jsonFile(`${root}/tokenizer_config.json`, tokens.config),
    { path: `${root}/onnx/vision_model.onnx`, bytes: clipVisionOnnx(spec) },
    { path: `${root}/onnx/text_model.onnx`, bytes: clipTextOnnx(spec) },
    jsonFile(`${root}/whereabouts.json`, { generator: 'models/tiny/generate.ts', ...spec, note: NOTE }),
  ];
}

export function tinyEmbedderFiles(base: Omit<EmbedderSpec, 'vocabSize'> = TINY_EMBEDDER_SPEC): ModelFile[] {
  const root = TINY_EMBEDDER_ID;
  const tokens = wordPieceTokenizer();
  const spec: EmbedderSpec = { ...base, vocabSize: tokens.vocabSize };
  const config = {
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_size: spec.width,
    intermediate_size: spec.width,
    num_hidden_layers: 1,
    num_attention_heads: 1,
    vocab_size: spec.vocabSize,
    max_position_embeddings: spec.maxPositions,
    type_vocab_size: spec.typeVocabSize,
    pad_token_id: 0,
    layer_norm_eps: 1e-5,
  };
  return [
    jsonFile(`${root}/config.json`, config),
    jsonFile(`${root}/tokenizer.json`, tokens.tokenizer),
    jsonFile(`${root}/tokenizer_config.json`, tokens.config),
    { path: `${root}/onnx/model.onnx`, bytes: embedderOnnx(spec) },
    jsonFile(`${root}/whereabouts.json`, { generator: 'models/tiny/generate.ts', ...spec, note: NOTE }),
  ];
}
