import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { encodeOnnxModel, floatAttr, intAttr, type OnnxGraph } from '../../../models/tiny/onnx-writer';

// y = Concat(x[:, -1:], alpha * x @ w^T, axis=-1): negative int attributes take the
// ten-byte varint path, and the Slice bounds are negative int64 initializers.
const graph: OnnxGraph = {
  name: 'writer_check',
  nodes: [
    { opType: 'Slice', name: 'last_column', inputs: ['x', 'starts', 'ends', 'axes'], outputs: ['last'] },
    { opType: 'Gemm', name: 'scaled_product', inputs: ['x', 'w'], outputs: ['product'], attributes: { alpha: floatAttr(0.5), transB: intAttr(1) } },
    { opType: 'Concat', name: 'joined', inputs: ['last', 'product'], outputs: ['y'], attributes: { axis: intAttr(-1) } },
  ],
  initializers: [
    { name: 'starts', dims: [1], data: BigInt64Array.of(-1n) },
    { name: 'ends', dims: [1], data: BigInt64Array.of(9_000_000_000_000_000_000n) },
    { name: 'axes', dims: [1], data: BigInt64Array.of(-1n) },
    { name: 'w', dims: [1, 3], data: Float32Array.of(1, 2, 3) },
  ],
  inputs: [{ name: 'x', shape: ['batch', 3] }],
  outputs: [{ name: 'y', shape: ['batch', 2] }],
};

describe('encodeOnnxModel', () => {
  it('writes a model onnxruntime accepts and evaluates correctly', async () => {
    const session = await ort.InferenceSession.create(encodeOnnxModel(graph));
    const x = new ort.Tensor('float32', Float32Array.of(1, 1, 1, 2, 0, -4), [2, 3]);
    const { y } = await session.run({ x });
    expect(y!.dims).toEqual([2, 2]);
    expect(Array.from(y!.data as Float32Array)).toEqual([1, 3, -4, -5]);
    await session.release();
  });

  it('rejects a tensor whose data does not fill its dims', () => {
    const bad: OnnxGraph = { ...graph, initializers: [{ name: 'w', dims: [2, 3], data: new Float32Array(3) }] };
    expect(() => encodeOnnxModel(bad)).toThrow(/dims/);
  });
});
