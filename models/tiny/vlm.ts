// A tiny random vision-language model with the ONNX interface of HuggingFaceTB/SmolVLM-256M-Instruct
// (Idefics3 in transformers.js): a vision encoder, a token embedding table, and a Llama-style
// decoder with rotary positions, grouped-query attention and a real key/value cache.
// Its text is noise; what it checks is every tensor name, shape and dtype on the way.

import { GraphBuilder } from './graph-builder';
import { encodeOnnxModel, intAttr, intsAttr, ONNX_DATA_TYPE, type OnnxGraph, type OnnxTensor } from './onnx-writer';
import { normalArray, rngFor, uniformArray } from './rng';

export interface TinyVlmSpec {
  seed: number;
  /** Square side the processor resizes every image to (do_image_splitting is off). */
  imageSize: number;
  patchSize: number;
  visionHidden: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  layers: number;
  intermediate: number;
  ropeTheta: number;
  rmsNormEps: number;
  vocabSize: number;
  /** Token ids the head steers away from (special tokens, bytes that do not print alone), so the noise stays readable. */
  suppressedTokens: readonly number[];
}

export const VISION_INPUTS = ['pixel_values', 'pixel_attention_mask'] as const;
export const VISION_OUTPUT = 'image_features';
export const EMBED_INPUT = 'input_ids';
export const EMBED_OUTPUT = 'inputs_embeds';

/** image_seq_len: one image token per patch. */
export function imageSeqLen(spec: TinyVlmSpec): number {
  return (spec.imageSize / spec.patchSize) ** 2;
}

export const pastName = (layer: number, kind: 'key' | 'value'): string => `past_key_values.${layer}.${kind}`;
export const presentName = (layer: number, kind: 'key' | 'value'): string => `present.${layer}.${kind}`;

const SUPPRESSION = -30;
// Larger query/key weights than torch's default give peaked attention: with near-uniform attention
// every answer is the average of the whole prompt, and the photo would hardly change it.
const ATTENTION_GAIN = 4;

function int64(graph: GraphBuilder, name: string, values: readonly number[], scalar = false): string {
  const tensor: OnnxTensor = { name, dims: scalar ? [] : [values.length], data: BigInt64Array.from(values.map(BigInt)) };
  return graph.initializer(tensor);
}

function weight(graph: GraphBuilder, seed: number, name: string, dims: number[], scale: number, kind: 'uniform' | 'normal' = 'uniform'): string {
  const count = dims.reduce((a, b) => a * b, 1);
  const rng = rngFor(seed, name);
  const data = kind === 'uniform' ? uniformArray(rng, count, scale) : normalArray(rng, count, scale);
  return graph.initializer({ name, dims, data });
}

function ones(graph: GraphBuilder, name: string, length: number): string {
  return graph.initializer({ name, dims: [length], data: new Float32Array(length).fill(1) });
}

/** x @ W for a [in, out] weight, with torch.nn.Linear's U(-1/sqrt(in), 1/sqrt(in)) initialisation. */
function linear(graph: GraphBuilder, seed: number, input: string, name: string, inFeatures: number, outFeatures: number, gain = 1): string {
  const w = weight(graph, seed, `${name}.weight`, [inFeatures, outFeatures], gain / Math.sqrt(inFeatures));
  return graph.op('MatMul', [input, w]);
}

function rmsNorm(graph: GraphBuilder, input: string, name: string, width: number, eps: number): string {
  const meanSquare = graph.op('ReduceMean', [graph.op('Mul', [input, input])], { axes: intsAttr([-1]), keepdims: intAttr(1) });
  const rms = graph.op('Sqrt', [graph.op('Add', [meanSquare, graph.scalar(eps)])]);
  return graph.op('Mul', [graph.op('Div', [input, rms]), ones(graph, `${name}.weight`, width)]);
}

/** Llama's rotate_half: the second half of the last axis, negated, then the first half. */
function rotateHalf(graph: GraphBuilder, x: string, halfStart: string, halfEnd: string, lastAxis: string, zero: string): string {
  const first = graph.op('Slice', [x, zero, halfStart, lastAxis]);
  const second = graph.op('Slice', [x, halfStart, halfEnd, lastAxis]);
  return graph.op('Concat', [graph.op('Neg', [second]), first], { axis: intAttr(-1) });
}

export const VISION_DOC = 'Tiny Idefics3-shaped vision encoder with random weights (its features mean nothing).';

export function visionEncoderOnnx(spec: TinyVlmSpec): Uint8Array {
  return encodeOnnxModel(visionEncoderGraph(spec), { docString: VISION_DOC });
}

export function visionEncoderGraph(spec: TinyVlmSpec): OnnxGraph {
  const { seed, imageSize, patchSize, visionHidden, hidden } = spec;
  const graph = new GraphBuilder('vision_encoder');
  const [pixels, mask] = VISION_INPUTS;
  // Padding images (pixel_attention_mask false) contribute zeros, as Idefics3 drops them.
  const maskFloat = graph.op('Cast', [mask], { to: intAttr(ONNX_DATA_TYPE.float32) });
  const masked = graph.op('Mul', [pixels, graph.op('Unsqueeze', [maskFloat, int64(graph, '/vision/channel_axis', [2])])]);
  const images = graph.op('Reshape', [masked, int64(graph, '/vision/images_shape', [-1, 3, imageSize, imageSize])]);
  const fanIn = 3 * patchSize * patchSize;
  const kernel = weight(graph, seed, 'model.vision_model.embeddings.patch_embedding.weight', [visionHidden, 3, patchSize, patchSize], 1 / Math.sqrt(fanIn));
  const kernelBias = weight(graph, seed, 'model.vision_model.embeddings.patch_embedding.bias', [visionHidden], 1 / Math.sqrt(fanIn));
  const patches = graph.op('Conv', [images, kernel, kernelBias], {
    kernel_shape: intsAttr([patchSize, patchSize]),
    strides: intsAttr([patchSize, patchSize]),
  });
  const sequence = graph.op('Transpose', [graph.op('Reshape', [patches, int64(graph, '/vision/sequence_shape', [0, 0, -1])])], { perm: intsAttr([0, 2, 1]) });
  const mixed = graph.op('Tanh', [linear(graph, seed, sequence, 'model.vision_model.encoder.mlp', visionHidden, visionHidden)]);
  linearInto(graph, seed, mixed, 'model.connector.modality_projection.proj', visionHidden, hidden, VISION_OUTPUT);
  return graph.build(
    [
      { name: pixels, shape: ['batch_size', 'num_images', 3, 'height', 'width'] },
      { name: mask, shape: ['batch_size', 'num_images', 'height', 'width'], type: 'bool' },
    ],
    [{ name: VISION_OUTPUT, shape: ['num_real_images', imageSeqLen(spec), hidden] }],
  );
}

function linearInto(graph: GraphBuilder, seed: number, input: string, name: string, inFeatures: number, outFeatures: number, output: string): string {
  const w = weight(graph, seed, `${name}.weight`, [inFeatures, outFeatures], 1 / Math.sqrt(inFeatures));
  return graph.op('MatMul', [input, w], {}, output);
}

export const EMBED_DOC = 'Tiny token embedding table with random weights.';
export const DECODER_DOC = 'Tiny Llama-style decoder with a key/value cache and random weights (its text is noise).';

export function embedTokensOnnx(spec: TinyVlmSpec): Uint8Array {
  return encodeOnnxModel(embedTokensGraph(spec), { docString: EMBED_DOC });
}

export function embedTokensGraph(spec: TinyVlmSpec): OnnxGraph {
  const graph = new GraphBuilder('embed_tokens');
  const table = weight(graph, spec.seed, 'model.text_model.embed_tokens.weight', [spec.vocabSize, spec.hidden], 1, 'normal');
  graph.op('Gather', [table, EMBED_INPUT], { axis: intAttr(0) }, EMBED_OUTPUT);
  return graph.build(
    [{ name: EMBED_INPUT, shape: ['batch_size', 'sequence_length'], type: 'int64' }],
    [{ name: EMBED_OUTPUT, shape: ['batch_size', 'sequence_length', spec.hidden] }],
  );
}

export function decoderOnnx(spec: TinyVlmSpec): Uint8Array {
  return encodeOnnxModel(decoderGraph(spec), { docString: DECODER_DOC });
}

export function decoderGraph(spec: TinyVlmSpec): OnnxGraph {
  const { seed, hidden, heads, kvHeads, headDim, layers, intermediate, vocabSize, rmsNormEps } = spec;
  if (heads % kvHeads !== 0) throw new Error('heads must be a multiple of kvHeads');
  if (headDim % 2 !== 0) throw new Error('headDim must be even for rotary embeddings');
  const group = heads / kvHeads;
  const half = headDim / 2;
  const graph = new GraphBuilder('decoder');

  const zero = int64(graph, '/const/zero', [0]);
  const lastAxis = int64(graph, '/const/last_axis', [-1]);
  const halfStart = int64(graph, '/const/half', [half]);
  const halfEnd = int64(graph, '/const/head_dim', [headDim]);

  // Causal mask over [past + new] keys, combined with the padding mask: 0 where allowed, -1e9 elsewhere.
  const one = int64(graph, '/mask/one', [1], true);
  const total = graph.op('Gather', [graph.op('Shape', ['attention_mask']), one], { axis: intAttr(0) });
  const fresh = graph.op('Gather', [graph.op('Shape', ['inputs_embeds']), one], { axis: intAttr(0) });
  const keyPositions = graph.op('Range', [int64(graph, '/mask/start', [0], true), total, one]);
  const queryPositions = graph.op('Range', [graph.op('Sub', [total, fresh]), total, one]);
  const causal = graph.op('LessOrEqual', [
    graph.op('Unsqueeze', [keyPositions, int64(graph, '/mask/key_axis', [0])]),
    graph.op('Unsqueeze', [queryPositions, int64(graph, '/mask/query_axis', [1])]),
  ]);
  const padding = graph.op('Unsqueeze', [graph.op('Cast', ['attention_mask'], { to: intAttr(ONNX_DATA_TYPE.bool) }), int64(graph, '/mask/padding_axes', [1, 2, 3])]);
  const maskBias = graph.op('Where', [graph.op('And', [causal, padding]), graph.scalar(0), graph.scalar(-1e9)]);

  // Rotary embeddings from position_ids: [batch, seq] -> cos/sin of [batch, seq, headDim].
  const invFreq = graph.initializer({
    name: '/rope/inv_freq',
    dims: [half],
    data: Float32Array.from({ length: half }, (_, i) => 1 / spec.ropeTheta ** ((2 * i) / headDim)),
  });
  const positions = graph.op('Unsqueeze', [graph.op('Cast', ['position_ids'], { to: intAttr(ONNX_DATA_TYPE.float32) }), int64(graph, '/rope/freq_axis', [2])]);
  const freqs = graph.op('Mul', [positions, invFreq]);
  const angles = graph.op('Concat', [freqs, freqs], { axis: intAttr(-1) });
  const cos = graph.op('Cos', [angles]);
  const sin = graph.op('Sin', [angles]);
  const keyAxes = int64(graph, '/rope/key_axes', [1]);
  const queryAxes = int64(graph, '/rope/query_axes', [1, 2]);
  const cosKey = graph.op('Unsqueeze', [cos, keyAxes]);
  const sinKey = graph.op('Unsqueeze', [sin, keyAxes]);
  const cosQuery = graph.op('Unsqueeze', [cos, queryAxes]);
  const sinQuery = graph.op('Unsqueeze', [sin, queryAxes]);
  const rope = (x: string, c: string, s: string): string =>
    graph.op('Add', [graph.op('Mul', [x, c]), graph.op('Mul', [rotateHalf(graph, x, halfStart, halfEnd, lastAxis, zero), s])]);

  const queryShape = int64(graph, '/attn/query_shape', [0, 0, kvHeads, group, headDim]);
  const kvShape = int64(graph, '/attn/kv_shape', [0, 0, kvHeads, headDim]);
  const outputShape = int64(graph, '/attn/output_shape', [0, 0, heads * headDim]);
  const groupAxis = int64(graph, '/attn/group_axis', [2]);
  const scale = graph.scalar(1 / Math.sqrt(headDim));

  let states = 'inputs_embeds';
  for (let layer = 0; layer < layers; layer++) {
    const prefix = `model.text_model.layers.${layer}`;
    const normed = rmsNorm(graph, states, `${prefix}.input_layernorm`, hidden, rmsNormEps);
    // Queries are grouped per key/value head: [batch, kvHeads, group, seq, headDim].
    const q = graph.op('Transpose', [graph.op('Reshape', [linear(graph, seed, normed, `${prefix}.self_attn.q_proj`, hidden, heads * headDim, ATTENTION_GAIN), queryShape])], {
      perm: intsAttr([0, 2, 3, 1, 4]),
    });
    const k = graph.op('Transpose', [graph.op('Reshape', [linear(graph, seed, normed, `${prefix}.self_attn.k_proj`, hidden, kvHeads * headDim, ATTENTION_GAIN), kvShape])], {
      perm: intsAttr([0, 2, 1, 3]),
    });
    const v = graph.op('Transpose', [graph.op('Reshape', [linear(graph, seed, normed, `${prefix}.self_attn.v_proj`, hidden, kvHeads * headDim), kvShape])], {
      perm: intsAttr([0, 2, 1, 3]),
    });
    // The cache: what was passed in, with this step's keys and values appended along the sequence.
    const keys = graph.op('Concat', [pastName(layer, 'key'), rope(k, cosKey, sinKey)], { axis: intAttr(2) }, presentName(layer, 'key'));
    const values = graph.op('Concat', [pastName(layer, 'value'), v], { axis: intAttr(2) }, presentName(layer, 'value'));
    const keysT = graph.op('Transpose', [graph.op('Unsqueeze', [keys, groupAxis])], { perm: intsAttr([0, 1, 2, 4, 3]) });
    const scores = graph.op('Add', [graph.op('Mul', [graph.op('MatMul', [rope(q, cosQuery, sinQuery), keysT]), scale]), maskBias]);
    const weights = graph.op('Softmax', [scores], { axis: intAttr(-1) });
    const attended = graph.op('MatMul', [weights, graph.op('Unsqueeze', [values, groupAxis])]);
    const merged = graph.op('Reshape', [graph.op('Transpose', [attended], { perm: intsAttr([0, 3, 1, 2, 4]) }), outputShape]);
    states = graph.op('Add', [states, linear(graph, seed, merged, `${prefix}.self_attn.o_proj`, heads * headDim, hidden)]);

    const normed2 = rmsNorm(graph, states, `${prefix}.post_attention_layernorm`, hidden, rmsNormEps);
    const gate = linear(graph, seed, normed2, `${prefix}.mlp.gate_proj`, hidden, intermediate);
    const up = linear(graph, seed, normed2, `${prefix}.mlp.up_proj`, hidden, intermediate);
    const activated = graph.op('Mul', [graph.op('Mul', [gate, graph.op('Sigmoid', [gate])]), up]);
    states = graph.op('Add', [states, linear(graph, seed, activated, `${prefix}.mlp.down_proj`, intermediate, hidden)]);
  }

  const final = rmsNorm(graph, states, 'model.text_model.norm', hidden, rmsNormEps);
  const head = weight(graph, seed, 'lm_head.weight', [hidden, vocabSize], 3 / Math.sqrt(hidden), 'normal');
  const bias = new Float32Array(vocabSize);
  for (const id of spec.suppressedTokens) bias[id] = SUPPRESSION;
  graph.op('Add', [graph.op('MatMul', [final, head]), graph.initializer({ name: 'lm_head.bias', dims: [vocabSize], data: bias })], {}, 'logits');

  const cacheShape = ['batch_size', kvHeads, 'past_sequence_length', headDim];
  const presentShape = ['batch_size', kvHeads, 'total_sequence_length', headDim];
  const cacheInputs = Array.from({ length: layers }, (_, layer) => [
    { name: pastName(layer, 'key'), shape: cacheShape },
    { name: pastName(layer, 'value'), shape: cacheShape },
  ]).flat();
  const cacheOutputs = Array.from({ length: layers }, (_, layer) => [
    { name: presentName(layer, 'key'), shape: presentShape },
    { name: presentName(layer, 'value'), shape: presentShape },
  ]).flat();
  return graph.build(
      [
        { name: 'inputs_embeds', shape: ['batch_size', 'sequence_length', hidden] },
        { name: 'attention_mask', shape: ['batch_size', 'total_sequence_length'], type: 'int64' },
        { name: 'position_ids', shape: ['batch_size', 'sequence_length'], type: 'int64' },
        ...cacheInputs,
      ],
      [{ name: 'logits', shape: ['batch_size', 'sequence_length', vocabSize] }, ...cacheOutputs],
  );
}
