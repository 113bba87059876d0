// Transformer encoder layers at any size, for the real-size random models: multi-head attention and
// an MLP around layer norms, as CLIP's vision and text towers, SigLIP (SmolVLM's vision encoder) and
// BERT compute them. The weights are random; the shapes, and so the work, are the real models'.

import type { GraphBuilder } from './graph-builder';
import { intAttr, intsAttr } from './onnx-writer';
import { int64s, layerNorm, linear, weight } from './layers';

export interface EncoderSpec {
  width: number;
  heads: number;
  mlp: number;
  layers: number;
  /** CLIP uses quick GELU (x * sigmoid(1.702 x)); SigLIP and BERT use GELU. */
  activation: 'quick_gelu' | 'gelu';
  /** Pre-norm (CLIP, SigLIP) or post-norm (BERT). */
  norm: 'pre' | 'post';
}

export interface LayerNames {
  attention: string;
  query: string;
  key: string;
  value: string;
  out: string;
  norm1: string;
  norm2: string;
  fc1: string;
  fc2: string;
}

export const clipLayerNames = (prefix: string): LayerNames => ({
  attention: `${prefix}.self_attn`,
  query: `${prefix}.self_attn.q_proj`,
  key: `${prefix}.self_attn.k_proj`,
  value: `${prefix}.self_attn.v_proj`,
  out: `${prefix}.self_attn.out_proj`,
  norm1: `${prefix}.layer_norm1`,
  norm2: `${prefix}.layer_norm2`,
  fc1: `${prefix}.mlp.fc1`,
  fc2: `${prefix}.mlp.fc2`,
});

export const bertLayerNames = (prefix: string): LayerNames => ({
  attention: `${prefix}.attention`,
  query: `${prefix}.attention.self.query`,
  key: `${prefix}.attention.self.key`,
  value: `${prefix}.attention.self.value`,
  out: `${prefix}.attention.output.dense`,
  norm1: `${prefix}.attention.output.LayerNorm`,
  norm2: `${prefix}.output.LayerNorm`,
  fc1: `${prefix}.intermediate.dense`,
  fc2: `${prefix}.output.dense`,
});

function activate(g: GraphBuilder, x: string, kind: EncoderSpec['activation']): string {
  if (kind === 'quick_gelu') return g.op('Mul', [x, g.op('Sigmoid', [g.op('Mul', [x, g.scalar(1.702)])])]);
  const erf = g.op('Erf', [g.op('Mul', [x, g.scalar(Math.SQRT1_2)])]);
  return g.op('Mul', [g.op('Mul', [x, g.scalar(0.5)]), g.op('Add', [erf, g.scalar(1)])]);
}

/** Multi-head self-attention on [batch, tokens, width]; `maskBias` is added to the scores (0 or very negative). */
function attention(g: GraphBuilder, seed: number, x: string, names: LayerNames, spec: EncoderSpec, maskBias?: string): string {
  const { width, heads } = spec;
  const headDim = width / heads;
  const split = int64s(g, `${names.attention}/split_shape`, [0, 0, heads, headDim]);
  const q = g.op('Transpose', [g.op('Reshape', [linear(g, seed, x, names.query, width, width), split])], { perm: intsAttr([0, 2, 1, 3]) });
  const k = g.op('Transpose', [g.op('Reshape', [linear(g, seed, x, names.key, width, width), split])], { perm: intsAttr([0, 2, 3, 1]) });
  const v = g.op('Transpose', [g.op('Reshape', [linear(g, seed, x, names.value, width, width), split])], { perm: intsAttr([0, 2, 1, 3]) });
  let scores = g.op('Mul', [g.op('MatMul', [q, k]), g.scalar(1 / Math.sqrt(headDim))]);
  if (maskBias) scores = g.op('Add', [scores, maskBias]);
  const attended = g.op('MatMul', [g.op('Softmax', [scores], { axis: intAttr(-1) }), v]);
  const merged = g.op('Reshape', [g.op('Transpose', [attended], { perm: intsAttr([0, 2, 1, 3]) }), int64s(g, `${names.attention}/merge_shape`, [0, 0, width])]);
  return linear(g, seed, merged, names.out, width, width);
}

function mlp(g: GraphBuilder, seed: number, x: string, names: LayerNames, spec: EncoderSpec): string {
  return linear(g, seed, activate(g, linear(g, seed, x, names.fc1, spec.width, spec.mlp), spec.activation), names.fc2, spec.mlp, spec.width);
}

/** `spec.layers` encoder layers; `names(i)` gives layer i's tensor names. */
export function encoderLayers(g: GraphBuilder, seed: number, input: string, spec: EncoderSpec, names: (layer: number) => LayerNames, maskBias?: string): string {
  let x = input;
  for (let layer = 0; layer < spec.layers; layer++) {
    const n = names(layer);
    if (spec.norm === 'pre') {
      x = g.op('Add', [x, attention(g, seed, layerNorm(g, x, n.norm1, spec.width), n, spec, maskBias)]);
      x = g.op('Add', [x, mlp(g, seed, layerNorm(g, x, n.norm2, spec.width), n, spec)]);
    } else {
      x = layerNorm(g, g.op('Add', [x, attention(g, seed, x, n, spec, maskBias)]), n.norm1, spec.width);
      x = layerNorm(g, g.op('Add', [x, mlp(g, seed, x, n, spec)]), n.norm2, spec.width);
    }
  }
  return x;
}

export interface PatchSpec {
  imageSize: number;
  patchSize: number;
  width: number;
  /** CLIP prepends a class token (and its conv has no bias); SigLIP has neither. */
  classToken: boolean;
}

/** Patch embedding of [images, 3, size, size] into [images, tokens, width], with learned positions. */
export function patchEmbeddings(g: GraphBuilder, seed: number, pixels: string, prefix: string, spec: PatchSpec): string {
  const { imageSize, patchSize, width, classToken } = spec;
  const fanIn = 3 * patchSize * patchSize;
  const kernel = weight(g, seed, `${prefix}.patch_embedding.weight`, [width, 3, patchSize, patchSize], { uniform: 1 / Math.sqrt(fanIn) });
  const convInputs = classToken ? [pixels, kernel] : [pixels, kernel, weight(g, seed, `${prefix}.patch_embedding.bias`, [width], { uniform: 1 / Math.sqrt(fanIn) })];
  const grid = g.op('Conv', convInputs, { kernel_shape: intsAttr([patchSize, patchSize]), strides: intsAttr([patchSize, patchSize]) });
  let rows = g.op('Transpose', [g.op('Reshape', [grid, int64s(g, `${prefix}/flat_shape`, [0, width, -1])])], { perm: intsAttr([0, 2, 1]) });
  const patches = (imageSize / patchSize) ** 2;
  if (classToken) {
    const token = g.op('Reshape', [weight(g, seed, `${prefix}.class_embedding`, [width], { normal: 0.02 }), int64s(g, `${prefix}/class_shape`, [1, 1, width])]);
    const batch = g.op('Slice', [g.op('Shape', [rows]), int64s(g, `${prefix}/batch_start`, [0]), int64s(g, `${prefix}/batch_end`, [1])]);
    const shape = g.op('Concat', [batch, int64s(g, `${prefix}/class_rest`, [1, width])], { axis: intAttr(0) });
    rows = g.op('Concat', [g.op('Expand', [token, shape]), rows], { axis: intAttr(1) });
  }
  const tokens = patches + (classToken ? 1 : 0);
  return g.op('Add', [rows, weight(g, seed, `${prefix}.position_embedding.weight`, [tokens, width], { normal: 0.02 })]);
}
