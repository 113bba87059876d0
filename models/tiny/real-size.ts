// The small profile's four models at their real sizes, with random weights: GeoCLIP (CLIP ViT-L/14
// image tower plus GeoCLIP's head, and the full-width location encoder), SmolVLM-256M-Instruct,
// CLIP ViT-B/32 and all-MiniLM-L6-v2. Same folders, file names, tensor names and dtype variants as
// the registry requests for these hub ids, so the app loads them unchanged from /models/.
// Their outputs are noise: they exist to measure time and memory at the size users run.

import { GraphBuilder } from './graph-builder';
import { encodeOnnxModelPieces, intAttr, intsAttr, ONNX_DATA_TYPE, type OnnxGraph } from './onnx-writer';
import { FULL_WIDTH_LOCATION_SPEC, TINY_SEED, buildLocationModel, countLocationParameters } from './geoclip';
import { int64s, layerNorm, linear, weight } from './layers';
import { preprocessorConfig, type ModelFile } from './model-files';
import { bertLayerNames, clipLayerNames, encoderLayers, patchEmbeddings, type EncoderSpec } from './transformer';
import { variantOf, VARIANT_SUFFIX, type Variant } from './quantize';
import { decoderGraph, embedTokensGraph, type TinyVlmSpec } from './vlm';
import { SPECIAL, tokenizerConfigJson, tokenizerJson, type TinyTokenizer } from './vlm-tokenizer';
import { gpt2Tokenizer } from './gpt2-vocabulary';
import { clipTokenizer, CLIP_CONTEXT } from './clip-tokenizer';
import { wordPieceTokenizer, BERT_MAX_LENGTH } from './wordpiece-tokenizer';

export const REAL_SIZE_SEED = TINY_SEED;

/** A file of a real-size model folder: small JSON bytes, or a graph written in the given variants. */
export type RealSizeFile = ModelFile | { path: string; graph: () => OnnxGraph; variants: readonly Variant[]; doc: string };

const NOTE = 'Random weights at the real model\'s size, made by models/tiny/generate.ts --real-size for benchmarks. Outputs are noise.';

const jsonFile = (path: string, value: unknown): ModelFile => ({ path, bytes: new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`) });

function l2Normalize(g: GraphBuilder, input: string, output: string): string {
  const norm = g.op('ReduceL2', [input], { axes: intsAttr([-1]), keepdims: intAttr(1) });
  return g.op('Div', [input, g.op('Max', [norm, g.scalar(1e-12)])], {}, output);
}

/** [batch, tokens, width] -> the class token's row [batch, width]. */
function classRow(g: GraphBuilder, x: string, prefix: string): string {
  return g.op('Gather', [x, int64s(g, `${prefix}/class_index`, [0], true)], { axis: intAttr(1) });
}

// ---- GeoCLIP: CLIP ViT-L/14 image tower, visual projection to 768, then GeoCLIP's MLP 768 -> 768 -> 512 ----

export const VIT_L14 = { imageSize: 224, patchSize: 14, encoder: { width: 1024, heads: 16, mlp: 4096, layers: 24, activation: 'quick_gelu', norm: 'pre' } as EncoderSpec, projection: 768 };

export function geoclipVisionGraph(seed = REAL_SIZE_SEED): OnnxGraph {
  const { imageSize, patchSize, encoder, projection } = VIT_L14;
  const g = new GraphBuilder('vision_model');
  const embedded = patchEmbeddings(g, seed, 'pixel_values', 'vision_model.embeddings', { imageSize, patchSize, width: encoder.width, classToken: true });
  const states = encoderLayers(g, seed, layerNorm(g, embedded, 'vision_model.pre_layrnorm', encoder.width), encoder, (i) => clipLayerNames(`vision_model.encoder.layers.${i}`));
  const pooled = layerNorm(g, classRow(g, states, '/vision_model'), 'vision_model.post_layernorm', encoder.width);
  const projected = linear(g, seed, pooled, 'visual_projection', encoder.width, projection, false);
  const hidden = g.op('Relu', [linear(g, seed, projected, 'image_encoder.mlp.0', projection, projection)]);
  l2Normalize(g, linear(g, seed, hidden, 'image_encoder.mlp.2', projection, 512), 'image_embeds');
  return g.build([{ name: 'pixel_values', shape: ['batch', 3, imageSize, imageSize] }], [{ name: 'image_embeds', shape: ['batch', 512] }]);
}

export function realGeoclipFiles(): RealSizeFile[] {
  const root = 'Xenova/geoclip-large-patch14';
  const location = buildLocationModel(FULL_WIDTH_LOCATION_SPEC);
  const locationConfig = { input: 'location', output: 'location_embeds', fourier_size: 256, hidden_size: 1024, sigmas: FULL_WIDTH_LOCATION_SPEC.sigmas };
  return [
    jsonFile(`${root}/config.json`, {
      model_type: 'clip',
      projection_dim: 512,
      geoclip: { embedding_dim: 512, location_model: locationConfig, vision_model: { input: 'pixel_values', output: 'image_embeds', image_size: 224, patch_size: 14 } },
    }),
    jsonFile(`${root}/preprocessor_config.json`, preprocessorConfig(224)),
    { path: `${root}/onnx/vision_model.onnx`, graph: geoclipVisionGraph, variants: ['fp32', 'q8', 'q4', 'fp16'], doc: 'CLIP ViT-L/14 + GeoCLIP head, random weights.' },
    { path: `${root}/onnx/location_model.onnx`, bytes: location.onnx },
    jsonFile(`${root}/whereabouts.json`, { generator: 'models/tiny/generate.ts --real-size', seed: REAL_SIZE_SEED, vision: VIT_L14, location_parameters: countLocationParameters(location.weights), note: NOTE }),
  ];
}

// ---- CLIP ViT-B/32: image tower (12 x 768, patch 32) and text tower (12 x 512, 77 tokens), projections to 512 ----

const VIT_B32: EncoderSpec = { width: 768, heads: 12, mlp: 3072, layers: 12, activation: 'quick_gelu', norm: 'pre' };
const CLIP_TEXT: EncoderSpec = { width: 512, heads: 8, mlp: 2048, layers: 12, activation: 'quick_gelu', norm: 'pre' };
const CLIP_VOCAB = 49408;

function clipVisionGraph(seed = REAL_SIZE_SEED): OnnxGraph {
  const g = new GraphBuilder('vision_model');
  const embedded = patchEmbeddings(g, seed, 'pixel_values', 'vision_model.embeddings', { imageSize: 224, patchSize: 32, width: VIT_B32.width, classToken: true });
  const states = encoderLayers(g, seed, layerNorm(g, embedded, 'vision_model.pre_layrnorm', VIT_B32.width), VIT_B32, (i) => clipLayerNames(`vision_model.encoder.layers.${i}`));
  const pooled = layerNorm(g, classRow(g, states, '/vision_model'), 'vision_model.post_layernorm', VIT_B32.width);
  g.op('MatMul', [pooled, weight(g, seed, 'visual_projection.weight', [VIT_B32.width, 512], { uniform: 1 / Math.sqrt(VIT_B32.width) })], {}, 'image_embeds');
  return g.build([{ name: 'pixel_values', shape: ['batch_size', 3, 224, 224] }], [{ name: 'image_embeds', shape: ['batch_size', 512] }]);
}

/** Causal mask bias [1, 1, T, T]: 0 on and below the diagonal, -1e9 above. */
function causalBias(g: GraphBuilder, ids: string, prefix: string): string {
  const length = g.op('Gather', [g.op('Shape', [ids]), int64s(g, `${prefix}/seq_axis`, [1], true)], { axis: intAttr(0) });
  const range = g.op('Range', [int64s(g, `${prefix}/zero`, [0], true), length, int64s(g, `${prefix}/one`, [1], true)]);
  const allowed = g.op('LessOrEqual', [g.op('Unsqueeze', [range, int64s(g, `${prefix}/row_axis`, [0])]), g.op('Unsqueeze', [range, int64s(g, `${prefix}/col_axis`, [1])])]);
  return g.op('Where', [allowed, g.scalar(0), g.scalar(-1e9)]);
}

function clipTextGraph(seed = REAL_SIZE_SEED): OnnxGraph {
  const g = new GraphBuilder('text_model');
  const w = CLIP_TEXT.width;
  const tokens = g.op('Gather', [weight(g, seed, 'text_model.embeddings.token_embedding.weight', [CLIP_VOCAB, w], { normal: 0.02 }), 'input_ids']);
  const length = g.op('Slice', [g.op('Shape', ['input_ids']), int64s(g, '/text/len_start', [1]), int64s(g, '/text/len_end', [2])]);
  const positions = g.op('Slice', [weight(g, seed, 'text_model.embeddings.position_embedding.weight', [CLIP_CONTEXT, w], { normal: 0.01 }), int64s(g, '/text/pos_start', [0]), length, int64s(g, '/text/pos_axes', [0])]);
  const states = encoderLayers(g, seed, g.op('Add', [tokens, positions]), CLIP_TEXT, (i) => clipLayerNames(`text_model.encoder.layers.${i}`), causalBias(g, 'input_ids', '/text/causal'));
  const normed = layerNorm(g, states, 'text_model.final_layer_norm', w);
  // The end marker has the largest id; its state is the sentence's.
  const endAt = g.op('ArgMax', [g.op('Cast', ['input_ids'], { to: intAttr(6) })], { axis: intAttr(1), keepdims: intAttr(0) });
  const batch = g.op('Range', [int64s(g, '/text/b0', [0], true), g.op('Squeeze', [g.op('Slice', [g.op('Shape', ['input_ids']), int64s(g, '/text/b_start', [0]), int64s(g, '/text/b_end', [1])]), int64s(g, '/text/b_axis', [0])]), int64s(g, '/text/b1', [1], true)]);
  const index = g.op('Concat', [g.op('Unsqueeze', [batch, int64s(g, '/text/i_axis', [1])]), g.op('Unsqueeze', [endAt, int64s(g, '/text/e_axis', [1])])], { axis: intAttr(1) });
  const pooled = g.op('GatherND', [normed, index]);
  g.op('MatMul', [pooled, weight(g, seed, 'text_projection.weight', [w, 512], { uniform: 1 / Math.sqrt(w) })], {}, 'text_embeds');
  const ids = (name: string) => ({ name, shape: ['batch_size', 'sequence_length'], type: 'int64' as const });
  return g.build([ids('input_ids'), ids('attention_mask')], [{ name: 'text_embeds', shape: ['batch_size', 512] }]);
}

export function realClipFiles(): RealSizeFile[] {
  const root = 'Xenova/clip-vit-base-patch32';
  const tokens = clipTokenizer();
  return [
    jsonFile(`${root}/config.json`, {
      architectures: ['CLIPModel'],
      model_type: 'clip',
      projection_dim: 512,
      logit_scale_init_value: 2.6592,
      text_config: { model_type: 'clip_text_model', vocab_size: CLIP_VOCAB, hidden_size: 512, intermediate_size: 2048, num_hidden_layers: 12, num_attention_heads: 8, max_position_embeddings: CLIP_CONTEXT, bos_token_id: tokens.startId, eos_token_id: tokens.endId, pad_token_id: tokens.endId, projection_dim: 512 },
      vision_config: { model_type: 'clip_vision_model', image_size: 224, patch_size: 32, num_channels: 3, hidden_size: 768, intermediate_size: 3072, num_hidden_layers: 12, num_attention_heads: 12, projection_dim: 512 },
    }),
    jsonFile(`${root}/preprocessor_config.json`, preprocessorConfig(224)),
    jsonFile(`${root}/tokenizer.json`, tokens.tokenizer),
    jsonFile(`${root}/tokenizer_config.json`, tokens.config),
    { path: `${root}/onnx/vision_model.onnx`, graph: clipVisionGraph, variants: ['fp32', 'q8'], doc: 'CLIP ViT-B/32 image tower, random weights.' },
    { path: `${root}/onnx/text_model.onnx`, graph: clipTextGraph, variants: ['fp32', 'q8'], doc: 'CLIP ViT-B/32 text tower, random weights.' },
    jsonFile(`${root}/whereabouts.json`, { generator: 'models/tiny/generate.ts --real-size', vision: VIT_B32, text: CLIP_TEXT, note: NOTE }),
  ];
}

// ---- all-MiniLM-L6-v2: BERT, 6 layers, width 384, 12 heads, MLP 1536, vocabulary 30,522 ----

const MINILM: EncoderSpec = { width: 384, heads: 12, mlp: 1536, layers: 6, activation: 'gelu', norm: 'post' };
const BERT_VOCAB = 30522;

function miniLmGraph(seed = REAL_SIZE_SEED): OnnxGraph {
  const g = new GraphBuilder('bert');
  const w = MINILM.width;
  const words = g.op('Gather', [weight(g, seed, 'embeddings.word_embeddings.weight', [BERT_VOCAB, w], { normal: 0.02 }), 'input_ids']);
  const types = g.op('Gather', [weight(g, seed, 'embeddings.token_type_embeddings.weight', [2, w], { normal: 0.02 }), 'token_type_ids']);
  const length = g.op('Slice', [g.op('Shape', ['input_ids']), int64s(g, '/bert/len_start', [1]), int64s(g, '/bert/len_end', [2])]);
  const positions = g.op('Slice', [weight(g, seed, 'embeddings.position_embeddings.weight', [BERT_MAX_LENGTH, w], { normal: 0.02 }), int64s(g, '/bert/pos_start', [0]), length, int64s(g, '/bert/pos_axes', [0])]);
  const embedded = layerNorm(g, g.op('Add', [g.op('Add', [words, types]), positions]), 'embeddings.LayerNorm', w);
  // Padding keys get -1e9 before the softmax: [batch, 1, 1, keys].
  const mask = g.op('Unsqueeze', [g.op('Cast', ['attention_mask'], { to: intAttr(ONNX_DATA_TYPE.float32) }), int64s(g, '/bert/mask_axes', [1, 2])]);
  const bias = g.op('Mul', [g.op('Sub', [g.scalar(1), mask]), g.scalar(-1e9)]);
  const states = encoderLayers(g, seed, embedded, MINILM, (i) => bertLayerNames(`encoder.layer.${i}`), bias);
  g.op('Identity', [states], {}, 'last_hidden_state');
  const ids = (name: string) => ({ name, shape: ['batch_size', 'sequence_length'], type: 'int64' as const });
  return g.build([ids('input_ids'), ids('attention_mask'), ids('token_type_ids')], [{ name: 'last_hidden_state', shape: ['batch_size', 'sequence_length', w] }]);
}

export function realMiniLmFiles(): RealSizeFile[] {
  const root = 'Xenova/all-MiniLM-L6-v2';
  const tokens = wordPieceTokenizer();
  return [
    jsonFile(`${root}/config.json`, { architectures: ['BertModel'], model_type: 'bert', hidden_size: 384, intermediate_size: 1536, num_hidden_layers: 6, num_attention_heads: 12, vocab_size: BERT_VOCAB, max_position_embeddings: BERT_MAX_LENGTH, type_vocab_size: 2, pad_token_id: 0, layer_norm_eps: 1e-12 }),
    jsonFile(`${root}/tokenizer.json`, tokens.tokenizer),
    jsonFile(`${root}/tokenizer_config.json`, tokens.config),
    { path: `${root}/onnx/model.onnx`, graph: miniLmGraph, variants: ['fp32', 'q8'], doc: 'all-MiniLM-L6-v2-sized BERT, random weights.' },
    jsonFile(`${root}/whereabouts.json`, { generator: 'models/tiny/generate.ts --real-size', encoder: MINILM, note: NOTE }),
  ];
}

// ---- SmolVLM-256M-Instruct: SigLIP-style vision (12 x 768, 512 px tiles, patch 16), pixel shuffle x4 to
// 64 tokens, connector to 576; Llama decoder 30 x 576, 9 heads, 3 key/value heads, MLP 1536, vocabulary 49,280 ----

const SMOL_VISION: EncoderSpec = { width: 768, heads: 12, mlp: 3072, layers: 12, activation: 'gelu', norm: 'pre' };
const SMOL_TILE = 512;
const SMOL_PATCH = 16;
const SMOL_SHUFFLE = 4;
const SMOL_VOCAB = 49280;
export const SMOL_IMAGE_SEQ_LEN = (SMOL_TILE / SMOL_PATCH / SMOL_SHUFFLE) ** 2;

function smolSpec(tokenizer: TinyTokenizer): TinyVlmSpec {
  // Ids past the tokenizer's (49,195 of 49,280) are steered away from, with the special tokens and
  // lone unprintable bytes, so the noise still decodes; the head still computes all 49,280 logits.
  const suppressed = [...tokenizer.added.map((token) => token.id), ...tokenizer.unprintableByteIds];
  for (let id = tokenizer.size; id < SMOL_VOCAB; id++) suppressed.push(id);
  return {
    seed: REAL_SIZE_SEED, imageSize: SMOL_TILE, patchSize: SMOL_PATCH, visionHidden: SMOL_VISION.width, hidden: 576, heads: 9, kvHeads: 3, headDim: 64,
    layers: 30, intermediate: 1536, ropeTheta: 100000, rmsNormEps: 1e-5, vocabSize: SMOL_VOCAB, suppressedTokens: suppressed,
  };
}

function smolVisionGraph(seed = REAL_SIZE_SEED): OnnxGraph {
  const g = new GraphBuilder('vision_encoder');
  const w = SMOL_VISION.width;
  const maskFloat = g.op('Cast', ['pixel_attention_mask'], { to: intAttr(ONNX_DATA_TYPE.float32) });
  const masked = g.op('Mul', ['pixel_values', g.op('Unsqueeze', [maskFloat, int64s(g, '/vision/channel_axis', [2])])]);
  const images = g.op('Reshape', [masked, int64s(g, '/vision/images_shape', [-1, 3, SMOL_TILE, SMOL_TILE])]);
  const embedded = patchEmbeddings(g, seed, images, 'model.vision_model.embeddings', { imageSize: SMOL_TILE, patchSize: SMOL_PATCH, width: w, classToken: false });
  const states = encoderLayers(g, seed, embedded, SMOL_VISION, (i) => clipLayerNames(`model.vision_model.encoder.layers.${i}`));
  const normed = layerNorm(g, states, 'model.vision_model.post_layernorm', w);
  // Idefics3's pixel shuffle: every 4 x 4 block of patches becomes one token 16 times as wide.
  const side = SMOL_TILE / SMOL_PATCH;
  const s = SMOL_SHUFFLE;
  let x = g.op('Reshape', [normed, int64s(g, '/shuffle/a', [0, side, side / s, w * s])]);
  x = g.op('Transpose', [x], { perm: intsAttr([0, 2, 1, 3]) });
  x = g.op('Reshape', [x, int64s(g, '/shuffle/b', [0, side / s, side / s, w * s * s])]);
  x = g.op('Transpose', [x], { perm: intsAttr([0, 2, 1, 3]) });
  x = g.op('Reshape', [x, int64s(g, '/shuffle/c', [0, SMOL_IMAGE_SEQ_LEN, w * s * s])]);
  g.op('MatMul', [x, weight(g, seed, 'model.connector.modality_projection.proj.weight', [w * s * s, 576], { uniform: 1 / Math.sqrt(w * s * s) })], {}, 'image_features');
  return g.build(
    [
      { name: 'pixel_values', shape: ['batch_size', 'num_images', 3, 'height', 'width'] },
      { name: 'pixel_attention_mask', shape: ['batch_size', 'num_images', 'height', 'width'], type: 'bool' },
    ],
    [{ name: 'image_features', shape: ['num_real_images', SMOL_IMAGE_SEQ_LEN, 576] }],
  );
}

function tokenId(tokenizer: TinyTokenizer, content: string): number {
  const id = tokenizer.vocab.get(content);
  if (id === undefined) throw new Error(`the tokenizer has no ${content}`);
  return id;
}

export function realSmolVlmFiles(): RealSizeFile[] {
  const root = 'HuggingFaceTB/SmolVLM-256M-Instruct';
  const tokenizer = gpt2Tokenizer();
  const spec = smolSpec(tokenizer);
  const bos = tokenId(tokenizer, SPECIAL.imStart);
  const eos = tokenId(tokenizer, SPECIAL.endOfUtterance);
  const pad = tokenId(tokenizer, SPECIAL.imEnd);
  return [
    jsonFile(`${root}/config.json`, {
      architectures: ['Idefics3ForConditionalGeneration'],
      model_type: 'idefics3',
      image_token_id: tokenId(tokenizer, SPECIAL.image),
      scale_factor: SMOL_SHUFFLE,
      tie_word_embeddings: false,
      vocab_size: SMOL_VOCAB,
      pad_token_id: pad,
      text_config: {
        model_type: 'llama', architectures: ['VLlama3ForCausalLM'], hidden_size: 576, intermediate_size: 1536, num_attention_heads: 9, num_key_value_heads: 3, head_dim: 64,
        num_hidden_layers: 30, vocab_size: SMOL_VOCAB, rms_norm_eps: 1e-5, rope_theta: 100000, max_position_embeddings: 8192, bos_token_id: bos, eos_token_id: eos, pad_token_id: pad,
      },
      vision_config: { model_type: 'idefics3_vision', hidden_size: 768, intermediate_size: 3072, image_size: SMOL_TILE, patch_size: SMOL_PATCH, num_channels: 3, num_hidden_layers: 12, num_attention_heads: 12 },
    }),
    jsonFile(`${root}/generation_config.json`, { bos_token_id: bos, eos_token_id: [pad, eos], pad_token_id: pad }),
    // SmolVLM-256M-Instruct's processor: images up to 2048 px on the long side, split into 512 px tiles plus a global view.
    jsonFile(`${root}/preprocessor_config.json`, {
      do_convert_rgb: true, do_image_splitting: true, do_normalize: true, do_pad: true, do_rescale: true, do_resize: true,
      image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5], image_processor_type: 'Idefics3ImageProcessor',
      max_image_size: { longest_edge: SMOL_TILE }, processor_class: 'Idefics3Processor', resample: 1, rescale_factor: 1 / 255, size: { longest_edge: 4 * SMOL_TILE },
    }),
    jsonFile(`${root}/processor_config.json`, { image_seq_len: SMOL_IMAGE_SEQ_LEN, processor_class: 'Idefics3Processor' }),
    jsonFile(`${root}/tokenizer.json`, tokenizerJson(tokenizer)),
    jsonFile(`${root}/tokenizer_config.json`, tokenizerConfigJson()),
    { path: `${root}/onnx/vision_encoder.onnx`, graph: smolVisionGraph, variants: ['fp32', 'q8', 'int8', 'q4'], doc: 'SmolVLM-256M-sized vision encoder, random weights.' },
    { path: `${root}/onnx/embed_tokens.onnx`, graph: () => embedTokensGraph(spec), variants: ['fp32', 'q8', 'int8'], doc: 'SmolVLM-256M-sized token embeddings, random weights.' },
    { path: `${root}/onnx/decoder_model_merged.onnx`, graph: () => decoderGraph(spec), variants: ['fp32', 'q8', 'q4'], doc: 'SmolVLM-256M-sized decoder, random weights.' },
    jsonFile(`${root}/whereabouts.json`, { generator: 'models/tiny/generate.ts --real-size', vision: SMOL_VISION, decoder: { ...spec, suppressedTokens: spec.suppressedTokens.length }, note: NOTE }),
  ];
}

export const REAL_SIZE_MODELS = { geoclip: realGeoclipFiles, vlm: realSmolVlmFiles, clip: realClipFiles, minilm: realMiniLmFiles } as const;

/** The file name of a variant: onnx/x.onnx -> onnx/x_quantized.onnx etc. */
export function variantPath(path: string, variant: Variant): string {
  return path.replace(/\.onnx$/, `${VARIANT_SUFFIX[variant]}.onnx`);
}

export { encodeOnnxModelPieces };
