// A tiny random CLIP with the interface of Xenova/clip-vit-base-patch32: a vision model
// (pixel_values -> image_embeds) and a text model (input_ids, attention_mask -> text_embeds),
// both unnormalised projections, as in the real export. Instead of transformer layers each
// has one cheap mixing step, so every pixel and every token still reaches the output:
//   vision: patch conv, position embeddings, each patch mixed with the mean of all patches,
//           mean pool, layer norm, projection;
//   text:   token and position embeddings, a causal running mean (position t sees tokens up to
//           t, as CLIP's causal attention does), layer norm, then the state at the end marker,
//           found as the largest id in the row (the real export does the same), projected.

import { GraphBuilder } from './graph-builder';
import { encodeOnnxModel, intAttr, intsAttr } from './onnx-writer';
import { axisLength, cast, DATA_TYPE, int64s, layerNorm, linear, positionRows, reduceSum, unsqueeze, weight } from './layers';

export interface ClipSpec {
  seed: number;
  imageSize: number;
  patchSize: number;
  visionWidth: number;
  textWidth: number;
  projectionDim: number;
  vocabSize: number;
  contextLength: number;
}

export const CLIP_VISION_INPUT = 'pixel_values';
export const CLIP_VISION_OUTPUT = 'image_embeds';
export const CLIP_TEXT_OUTPUT = 'text_embeds';

export function clipVisionOnnx(spec: ClipSpec): Uint8Array {
  const { seed, imageSize, patchSize, visionWidth: width, projectionDim } = spec;
  if (imageSize % patchSize !== 0) throw new Error('the image size must be a multiple of the patch size');
  const patches = (imageSize / patchSize) ** 2;
  const g = new GraphBuilder('vision_model');
  const kernel = weight(g, seed, 'vision_model.embeddings.patch_embedding.weight', [width, 3, patchSize, patchSize], {
    uniform: 1 / Math.sqrt(3 * patchSize * patchSize),
  });
  const grid = g.op('Conv', [CLIP_VISION_INPUT, kernel], { kernel_shape: intsAttr([patchSize, patchSize]), strides: intsAttr([patchSize, patchSize]) });
  const rows = g.op('Transpose', [g.op('Reshape', [grid, int64s(g, '/vision_model/flat_shape', [0, width, -1])])], { perm: intsAttr([0, 2, 1]) });
  const positions = weight(g, seed, 'vision_model.embeddings.position_embedding.weight', [patches, width], { normal: 1 });
  const embedded = layerNorm(g, g.op('Add', [rows, positions]), 'vision_model.pre_layrnorm', width);
  const context = g.op('ReduceMean', [embedded], { axes: intsAttr([1]), keepdims: intAttr(1) });
  const mixed = g.op('Tanh', [linear(g, seed, g.op('Add', [embedded, context]), 'vision_model.encoder.mix', width, width)]);
  const pooled = g.op('ReduceMean', [g.op('Add', [embedded, mixed])], { axes: intsAttr([1]), keepdims: intAttr(0) });
  const normed = layerNorm(g, pooled, 'vision_model.post_layernorm', width);
  linearInto(g, seed, normed, 'visual_projection', width, projectionDim, CLIP_VISION_OUTPUT);
  return encodeOnnxModel(
    g.build(
      [{ name: CLIP_VISION_INPUT, shape: ['batch_size', 3, imageSize, imageSize] }],
      [{ name: CLIP_VISION_OUTPUT, shape: ['batch_size', projectionDim] }],
    ),
    { docString: 'Tiny CLIP-shaped image encoder with random weights, for tests.' },
  );
}

export function clipTextOnnx(spec: ClipSpec): Uint8Array {
  const { seed, textWidth: width, projectionDim, vocabSize, contextLength } = spec;
  const g = new GraphBuilder('text_model');
  const tokens = g.op('Gather', [weight(g, seed, 'text_model.embeddings.token_embedding.weight', [vocabSize, width], { normal: 1 }), 'input_ids']);
  const length = axisLength(g, 'input_ids', 1, '/text_model/length');
  const positionTable = weight(g, seed, 'text_model.embeddings.position_embedding.weight', [contextLength, width], { normal: 1 });
  const embedded = g.op('Add', [tokens, positionRows(g, positionTable, length, '/text_model/positions')]);
  const mask = unsqueeze(g, cast(g, 'attention_mask', DATA_TYPE.float), 2, '/text_model/mask_axis');
  const sequenceAxis = int64s(g, '/text_model/sequence_axis', [1], true);
  const runningSum = g.op('CumSum', [g.op('Mul', [embedded, mask]), sequenceAxis]);
  const runningCount = g.op('Max', [g.op('CumSum', [mask, sequenceAxis]), g.scalar(1)]);
  const causalMean = g.op('Div', [runningSum, runningCount]);
  const mixed = g.op('Tanh', [linear(g, seed, causalMean, 'text_model.encoder.mix', width, width)]);
  const states = layerNorm(g, g.op('Add', [embedded, mixed]), 'text_model.final_layer_norm', width);

  // The end marker has the largest id; ArgMax takes its first occurrence, before any padding.
  const endAt = g.op('ArgMax', [cast(g, 'input_ids', DATA_TYPE.int32)], { axis: intAttr(1), keepdims: intAttr(1) });
  const scalarLength = g.op('Squeeze', [length, int64s(g, '/text_model/length_axis', [0])]);
  const range = g.op('Range', [int64s(g, '/text_model/zero', [0], true), scalarLength, int64s(g, '/text_model/one', [1], true)]);
  const pick = unsqueeze(g, cast(g, g.op('Equal', [range, endAt]), DATA_TYPE.float), 2, '/text_model/pick_axis');
  const pooled = reduceSum(g, g.op('Mul', [states, pick]), 1, false, '/text_model/pool_axis');
  linearInto(g, seed, pooled, 'text_projection', width, projectionDim, CLIP_TEXT_OUTPUT);
  return encodeOnnxModel(
    g.build(
      [
        { name: 'input_ids', shape: ['batch_size', 'sequence_length'], type: 'int64' },
        { name: 'attention_mask', shape: ['batch_size', 'sequence_length'], type: 'int64' },
      ],
      [{ name: CLIP_TEXT_OUTPUT, shape: ['batch_size', projectionDim] }],
    ),
    { docString: 'Tiny CLIP-shaped text encoder with random weights, for tests.' },
  );
}

/** A bias-free projection (as CLIP's are) whose output gets a fixed name. */
function linearInto(g: GraphBuilder, seed: number, input: string, prefix: string, inFeatures: number, outFeatures: number, output: string): string {
  const matrix = weight(g, seed, `${prefix}.weight`, [inFeatures, outFeatures], { uniform: 1 / Math.sqrt(inFeatures) });
  return g.op('MatMul', [input, matrix], {}, output);
}
