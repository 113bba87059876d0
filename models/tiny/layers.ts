// Building blocks shared by the tiny CLIP and sentence-embedder graphs: seeded weights and the
// few layers they are made of, each a handful of ONNX nodes.

import type { GraphBuilder } from './graph-builder';
import { floatAttr, intAttr } from './onnx-writer';
import { normalArray, rngFor, uniformArray } from './rng';

export const DATA_TYPE = { float: 1, int32: 6, int64: 7 } as const;

/** A float32 weight drawn from its own seeded stream, named like the tensor it stands for. */
export function weight(graph: GraphBuilder, seed: number, name: string, dims: number[], init: { uniform: number } | { normal: number }): string {
  const size = dims.reduce((a, b) => a * b, 1);
  const rng = rngFor(seed, name);
  const data = 'uniform' in init ? uniformArray(rng, size, init.uniform) : normalArray(rng, size, init.normal);
  return graph.initializer({ name, dims, data });
}

export function constant(graph: GraphBuilder, name: string, dims: number[], values: number[]): string {
  return graph.initializer({ name, dims, data: Float32Array.from(values) });
}

export function int64s(graph: GraphBuilder, name: string, values: readonly number[], scalar = false): string {
  return graph.initializer({ name, dims: scalar ? [] : [values.length], data: BigInt64Array.from(values.map(BigInt)) });
}

/** x @ W + b on the last axis, like torch.nn.Linear (W stored as [in, out], as torch.onnx exports MatMul weights). */
export function linear(graph: GraphBuilder, seed: number, input: string, prefix: string, inFeatures: number, outFeatures: number, bias = true): string {
  const bound = 1 / Math.sqrt(inFeatures);
  const product = graph.op('MatMul', [input, weight(graph, seed, `${prefix}.weight`, [inFeatures, outFeatures], { uniform: bound })]);
  if (!bias) return product;
  return graph.op('Add', [product, weight(graph, seed, `${prefix}.bias`, [outFeatures], { uniform: bound })]);
}

export function layerNorm(graph: GraphBuilder, input: string, prefix: string, width: number): string {
  const scale = constant(graph, `${prefix}.weight`, [width], new Array<number>(width).fill(1));
  const shift = constant(graph, `${prefix}.bias`, [width], new Array<number>(width).fill(0));
  return graph.op('LayerNormalization', [input, scale, shift], { axis: intAttr(-1), epsilon: floatAttr(1e-5) });
}

export function cast(graph: GraphBuilder, input: string, to: number): string {
  return graph.op('Cast', [input], { to: intAttr(to) });
}

/** The length of axis `axis` of `input` as a one-element int64 tensor. */
export function axisLength(graph: GraphBuilder, input: string, axis: number, prefix: string): string {
  return graph.op('Gather', [graph.op('Shape', [input]), int64s(graph, `${prefix}/axis${axis}`, [axis])], { axis: intAttr(0) });
}

/** The first `length` rows of a [max, width] position table (fails, as the real models do, past max). */
export function positionRows(graph: GraphBuilder, table: string, length: string, prefix: string): string {
  return graph.op('Slice', [table, int64s(graph, `${prefix}/start`, [0]), length, int64s(graph, `${prefix}/axes`, [0])]);
}

export function unsqueeze(graph: GraphBuilder, input: string, axis: number, name: string): string {
  return graph.op('Unsqueeze', [input, int64s(graph, name, [axis])]);
}

export function reduceSum(graph: GraphBuilder, input: string, axis: number, keepdims: boolean, name: string): string {
  return graph.op('ReduceSum', [input, int64s(graph, name, [axis])], { keepdims: intAttr(keepdims ? 1 : 0) });
}
