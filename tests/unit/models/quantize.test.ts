// The dtype variants the real-size generator writes, run in onnxruntime-node against the fp32 graph:
// a small two-layer transformer in each form must compute nearly the same thing.
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { GraphBuilder } from '../../../models/tiny/graph-builder';
import { encodeOnnxModel, type OnnxGraph } from '../../../models/tiny/onnx-writer';
import { layerNorm } from '../../../models/tiny/layers';
import { clipLayerNames, encoderLayers } from '../../../models/tiny/transformer';
import { variantOf, type Variant } from '../../../models/tiny/quantize';

function smallEncoder(): OnnxGraph {
  const g = new GraphBuilder('small');
  const spec = { width: 64, heads: 4, mlp: 128, layers: 2, activation: 'quick_gelu', norm: 'pre' } as const;
  const states = encoderLayers(g, 7, 'x', spec, (i) => clipLayerNames(`layers.${i}`));
  g.op('Identity', [layerNorm(g, states, 'final', spec.width)], {}, 'y');
  return g.build([{ name: 'x', shape: [1, 10, 64] }], [{ name: 'y', shape: [1, 10, 64] }]);
}

async function run(graph: OnnxGraph, input: Float32Array): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(encodeOnnxModel(graph));
  const out = await session.run({ x: new ort.Tensor('float32', input, [1, 10, 64]) });
  await session.release();
  return out.y!.data as Float32Array;
}

describe('dtype variants', () => {
  const graph = smallEncoder();
  const input = Float32Array.from({ length: 640 }, (_, i) => Math.sin(i * 0.37));

  it.each([
    ['q8', 0.1],
    ['int8', 0.1],
    ['q4', 0.35],
    ['fp16', 0.02],
  ] as [Variant, number][])('%s runs and stays close to fp32', async (variant, tolerance) => {
    const reference = await run(graph, input);
    const out = await run(variantOf(graph, variant), input);
    expect(out.length).toBe(reference.length);
    let worst = 0;
    for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(out[i]! - reference[i]!));
    expect(worst).toBeLessThan(tolerance);
    expect(worst).toBeGreaterThan(0); // the weights really changed form
  });

  it('writes the operators transformers.js files use', () => {
    const ops = (variant: Variant) => new Set(variantOf(graph, variant).nodes.map((n) => n.opType));
    expect(ops('q8').has('MatMulInteger')).toBe(true);
    expect(ops('q8').has('DynamicQuantizeLinear')).toBe(true);
    expect(ops('q4').has('MatMulNBits')).toBe(true);
    expect(variantOf(graph, 'q4').nodes.find((n) => n.opType === 'MatMulNBits')?.domain).toBe('com.microsoft');
    expect(ops('fp32').has('MatMul')).toBe(true);
  });
});
