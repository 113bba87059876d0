// The tiny VLM's folder, in the layout of HuggingFaceTB/SmolVLM-256M-Instruct: config files at the
// top, tokenizer files beside them, and the three ONNX graphs under onnx/ (fp32 only).

import type { ModelFile } from './model-files';
import { TINY_SEED } from './geoclip';
import { decoderOnnx, embedTokensOnnx, imageSeqLen, visionEncoderOnnx, type TinyVlmSpec } from './vlm';
import { SPECIAL, buildTinyTokenizer, tokenizerConfigJson, tokenizerJson, type TinyTokenizer } from './vlm-tokenizer';

export const TINY_VLM_ID = 'whereabouts/tiny-vlm';

export function tinyVlmSpec(tokenizer: TinyTokenizer = buildTinyTokenizer()): TinyVlmSpec {
  const suppressed = [...tokenizer.added.map((token) => token.id), ...tokenizer.unprintableByteIds];
  return {
    seed: TINY_SEED,
    imageSize: 32,
    patchSize: 8,
    visionHidden: 24,
    hidden: 32,
    heads: 4,
    kvHeads: 2,
    headDim: 8,
    layers: 2,
    intermediate: 64,
    ropeTheta: 100000,
    rmsNormEps: 1e-5,
    vocabSize: tokenizer.size,
    suppressedTokens: suppressed,
  };
}

const jsonFile = (path: string, value: unknown): ModelFile => ({
  path,
  bytes: new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`),
});

function tokenId(tokenizer: TinyTokenizer, content: string): number {
  const id = tokenizer.vocab.get(content);
  if (id === undefined) throw new Error(`the tiny tokenizer has no ${content}`);
  return id;
}

export function tinyVlmConfig(spec: TinyVlmSpec, tokenizer: TinyTokenizer) {
  const bos = tokenId(tokenizer, SPECIAL.imStart);
  const eos = tokenId(tokenizer, SPECIAL.endOfUtterance);
  const pad = tokenId(tokenizer, SPECIAL.imEnd);
  return {
    architectures: ['Idefics3ForConditionalGeneration'],
    model_type: 'idefics3',
    image_token_id: tokenId(tokenizer, SPECIAL.image),
    scale_factor: 1,
    tie_word_embeddings: false,
    vocab_size: spec.vocabSize,
    pad_token_id: pad,
    text_config: {
      model_type: 'llama',
      architectures: ['VLlama3ForCausalLM'],
      hidden_size: spec.hidden,
      intermediate_size: spec.intermediate,
      num_attention_heads: spec.heads,
      num_key_value_heads: spec.kvHeads,
      head_dim: spec.headDim,
      num_hidden_layers: spec.layers,
      vocab_size: spec.vocabSize,
      rms_norm_eps: spec.rmsNormEps,
      rope_theta: spec.ropeTheta,
      max_position_embeddings: 8192,
      bos_token_id: bos,
      eos_token_id: eos,
      pad_token_id: pad,
    },
    vision_config: {
      model_type: 'idefics3_vision',
      hidden_size: spec.visionHidden,
      image_size: spec.imageSize,
      patch_size: spec.patchSize,
      num_channels: 3,
      num_hidden_layers: 1,
    },
  };
}

export function tinyVlmFiles(): ModelFile[] {
  const tokenizer = buildTinyTokenizer();
  const spec = tinyVlmSpec(tokenizer);
  const root = TINY_VLM_ID;
  const eos = tokenId(tokenizer, SPECIAL.endOfUtterance);
  return [
    jsonFile(`${root}/config.json`, tinyVlmConfig(spec, tokenizer)),
    jsonFile(`${root}/generation_config.json`, {
      bos_token_id: tokenId(tokenizer, SPECIAL.imStart),
      eos_token_id: [tokenId(tokenizer, SPECIAL.imEnd), eos],
      pad_token_id: tokenId(tokenizer, SPECIAL.imEnd),
    }),
    jsonFile(`${root}/preprocessor_config.json`, {
      do_convert_rgb: true,
      do_image_splitting: false,
      do_normalize: true,
      do_pad: true,
      do_rescale: true,
      do_resize: true,
      image_mean: [0.5, 0.5, 0.5],
      image_std: [0.5, 0.5, 0.5],
      image_processor_type: 'Idefics3ImageProcessor',
      max_image_size: { longest_edge: spec.imageSize },
      processor_class: 'Idefics3Processor',
      resample: 1,
      rescale_factor: 1 / 255,
      size: { longest_edge: 2 * spec.imageSize },
    }),
    jsonFile(`${root}/processor_config.json`, { image_seq_len: imageSeqLen(spec), processor_class: 'Idefics3Processor' }),
    jsonFile(`${root}/tokenizer.json`, tokenizerJson(tokenizer)),
    jsonFile(`${root}/tokenizer_config.json`, tokenizerConfigJson()),
    { path: `${root}/onnx/vision_encoder.onnx`, bytes: visionEncoderOnnx(spec) },
    { path: `${root}/onnx/embed_tokens.onnx`, bytes: embedTokensOnnx(spec) },
    { path: `${root}/onnx/decoder_model_merged.onnx`, bytes: decoderOnnx(spec) },
    jsonFile(`${root}/whereabouts.json`, {
      generator: 'models/tiny/generate.ts',
      seed: spec.seed,
      spec,
      note: 'Random weights in the SmolVLM/Idefics3 ONNX layout, for tests only. Its text is noise.',
    }),
  ];
}
