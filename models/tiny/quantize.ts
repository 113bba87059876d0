// The dtype variants transformers.js loads, derived from an fp32 graph the way the hub's files are made:
//   q8   (`_quantized`): dynamic int8, each weight MatMul becomes DynamicQuantizeLinear + MatMulInteger
//        (what onnxruntime's quantize_dynamic writes; ORT fuses it into DynamicQuantizeMatMul), and
//        embedding tables become int8 rows scaled after the Gather;
//   int8 (`_int8`): the same signed 8-bit graph under the name SmolVLM's exports use for it;
//   q4   (`_q4`): each weight MatMul becomes com.microsoft MatMulNBits (4 bits, blocks of 32 along K);
//   fp16 (`_fp16`): every float weight in half precision, inputs and outputs kept float32 by Casts.
// Weights are shared with the fp32 graph wherever a variant leaves them alone.

import { ONNX_DATA_TYPE, intAttr, tensorAttr, type OnnxGraph, type OnnxNode, type OnnxTensor } from './onnx-writer';

export type Variant = 'fp32' | 'q8' | 'int8' | 'q4' | 'fp16';

export const VARIANT_SUFFIX: Record<Variant, string> = { fp32: '', q8: '_quantized', int8: '_int8', q4: '_q4', fp16: '_fp16' };

const Q4_BLOCK = 32;

function weightMatrices(graph: OnnxGraph, opType: string, inputIndex: number): Map<string, OnnxTensor> {
  const byName = new Map(graph.initializers.map((t) => [t.name, t]));
  const found = new Map<string, OnnxTensor>();
  for (const node of graph.nodes) {
    if (node.opType !== opType) continue;
    const tensor = byName.get(node.inputs[inputIndex] ?? '');
    if (tensor && tensor.dims.length === 2 && tensor.data instanceof Float32Array) found.set(tensor.name, tensor);
  }
  return found;
}

function absMax(data: Float32Array, start = 0, end = data.length, stride = 1): number {
  let max = 0;
  for (let i = start; i < end; i += stride) max = Math.max(max, Math.abs(data[i]!));
  return max || 1;
}

export function quantizeQ8(graph: OnnxGraph): OnnxGraph {
  const matrices = weightMatrices(graph, 'MatMul', 1);
  const tables = weightMatrices(graph, 'Gather', 0);
  const replaced = new Set([...matrices.keys(), ...tables.keys()]);
  const initializers = graph.initializers.filter((t) => !replaced.has(t.name));
  const nodes: OnnxNode[] = [];
  let counter = 0;
  const int8 = (tensor: OnnxTensor): { q: string; scale: string } => {
    const data = tensor.data as Float32Array;
    const scale = absMax(data) / 127;
    const q = new Int8Array(data.length);
    for (let i = 0; i < data.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round(data[i]! / scale)));
    initializers.push({ name: `${tensor.name}_quantized`, dims: tensor.dims, data: q });
    initializers.push({ name: `${tensor.name}_scale`, dims: [], data: Float32Array.of(scale) });
    return { q: `${tensor.name}_quantized`, scale: `${tensor.name}_scale` };
  };
  initializers.push({ name: '/quant/zero_int8', dims: [], data: new Int8Array(1) });
  for (const node of graph.nodes) {
    const matrix = node.opType === 'MatMul' ? matrices.get(node.inputs[1]!) : undefined;
    const table = node.opType === 'Gather' ? tables.get(node.inputs[0]!) : undefined;
    const id = `/quant/${counter++}`;
    if (matrix) {
      const { q, scale } = int8(matrix);
      nodes.push({ opType: 'DynamicQuantizeLinear', name: `${id}/DynamicQuantizeLinear`, inputs: [node.inputs[0]!], outputs: [`${id}/x_q`, `${id}/x_scale`, `${id}/x_zero`] });
      nodes.push({ opType: 'MatMulInteger', name: `${id}/MatMulInteger`, inputs: [`${id}/x_q`, q, `${id}/x_zero`, '/quant/zero_int8'], outputs: [`${id}/product`] });
      nodes.push({ opType: 'Cast', name: `${id}/Cast`, inputs: [`${id}/product`], outputs: [`${id}/product_float`], attributes: { to: intAttr(ONNX_DATA_TYPE.float32) } });
      nodes.push({ opType: 'Mul', name: `${id}/scale`, inputs: [`${id}/x_scale`, scale], outputs: [`${id}/combined_scale`] });
      nodes.push({ opType: 'Mul', name: `${id}/Mul`, inputs: [`${id}/product_float`, `${id}/combined_scale`], outputs: node.outputs });
    } else if (table) {
      const { q, scale } = int8(table);
      nodes.push({ ...node, inputs: [q, ...node.inputs.slice(1)], outputs: [`${id}/rows`] });
      nodes.push({ opType: 'Cast', name: `${id}/Cast`, inputs: [`${id}/rows`], outputs: [`${id}/rows_float`], attributes: { to: intAttr(ONNX_DATA_TYPE.float32) } });
      nodes.push({ opType: 'Mul', name: `${id}/Mul`, inputs: [`${id}/rows_float`, scale], outputs: node.outputs });
    } else {
      nodes.push(node);
    }
  }
  return { ...graph, nodes, initializers };
}

/** MatMulNBits' layout: B as [N, K/block, block/2] bytes (low nibble first), one float scale per block, zero point 8. */
export function quantizeQ4(graph: OnnxGraph): OnnxGraph {
  const matrices = weightMatrices(graph, 'MatMul', 1);
  const initializers = graph.initializers.filter((t) => !matrices.has(t.name));
  const nodes = graph.nodes.map((node): OnnxNode => {
    const matrix = node.opType === 'MatMul' ? matrices.get(node.inputs[1]!) : undefined;
    if (!matrix) return node;
    const [k, n] = matrix.dims as [number, number];
    if (k % Q4_BLOCK !== 0) throw new Error(`${matrix.name}: K=${k} is not a multiple of ${Q4_BLOCK}`);
    const data = matrix.data as Float32Array;
    const blocks = k / Q4_BLOCK;
    const packed = new Uint8Array(n * blocks * (Q4_BLOCK / 2));
    const scales = new Float32Array(n * blocks);
    for (let col = 0; col < n; col++) {
      for (let block = 0; block < blocks; block++) {
        const start = block * Q4_BLOCK * n + col;
        const scale = absMax(data, start, start + Q4_BLOCK * n, n) / 7;
        scales[col * blocks + block] = scale;
        const out = (col * blocks + block) * (Q4_BLOCK / 2);
        for (let i = 0; i < Q4_BLOCK; i += 2) {
          const low = Math.max(0, Math.min(15, Math.round(data[start + i * n]! / scale) + 8));
          const high = Math.max(0, Math.min(15, Math.round(data[start + (i + 1) * n]! / scale) + 8));
          packed[out + i / 2] = low | (high << 4);
        }
      }
    }
    initializers.push({ name: `${matrix.name}_Q4`, dims: [n, blocks, Q4_BLOCK / 2], data: packed });
    initializers.push({ name: `${matrix.name}_scales`, dims: [n * blocks], data: scales });
    return {
      opType: 'MatMulNBits',
      domain: 'com.microsoft',
      name: `${node.name}_Q4`,
      inputs: [node.inputs[0]!, `${matrix.name}_Q4`, `${matrix.name}_scales`],
      outputs: node.outputs,
      attributes: { K: intAttr(k), N: intAttr(n), bits: intAttr(4), block_size: intAttr(Q4_BLOCK) },
    };
  });
  return { ...graph, nodes, initializers };
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE half-precision bits, rounded to nearest (subnormals flushed to zero: weights never need them). */
function toHalf(value: number): number {
  f32[0] = value;
  const bits = u32[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  if (exponent >= 31) return sign | 0x7c00;
  if (exponent <= 0) return sign;
  const mantissa = bits & 0x7fffff;
  const half = sign | (exponent << 10) | (mantissa >>> 13);
  return mantissa & 0x1000 ? half + 1 : half;
}

function halfTensor(tensor: OnnxTensor): OnnxTensor {
  if (!(tensor.data instanceof Float32Array)) return tensor;
  const out = new Uint16Array(tensor.data.length);
  for (let i = 0; i < out.length; i++) out[i] = toHalf(tensor.data[i]!);
  return { ...tensor, data: out };
}

export function convertFp16(graph: OnnxGraph): OnnxGraph {
  const floatInputs = graph.inputs.filter((input) => (input.type ?? 'float32') === 'float32').map((input) => input.name);
  const floatOutputs = graph.outputs.filter((output) => (output.type ?? 'float32') === 'float32').map((output) => output.name);
  const inside = (name: string) => (floatInputs.includes(name) || floatOutputs.includes(name) ? `${name}_fp16` : name);
  const nodes: OnnxNode[] = floatInputs.map((name) => ({
    opType: 'Cast', name: `/fp16/${name}/in`, inputs: [name], outputs: [`${name}_fp16`], attributes: { to: intAttr(ONNX_DATA_TYPE.float16) },
  }));
  for (const node of graph.nodes) {
    const attributes = { ...node.attributes };
    if (node.opType === 'Cast' && attributes.to?.type === 'int' && attributes.to.value === ONNX_DATA_TYPE.float32) attributes.to = intAttr(ONNX_DATA_TYPE.float16);
    if (node.opType === 'Constant' && attributes.value?.type === 'tensor') attributes.value = tensorAttr(halfTensor(attributes.value.value));
    nodes.push({ ...node, inputs: node.inputs.map(inside), outputs: node.outputs.map(inside), attributes });
  }
  for (const name of floatOutputs) {
    nodes.push({ opType: 'Cast', name: `/fp16/${name}/out`, inputs: [`${name}_fp16`], outputs: [name], attributes: { to: intAttr(ONNX_DATA_TYPE.float32) } });
  }
  return { ...graph, nodes, initializers: graph.initializers.map(halfTensor) };
}

export function variantOf(graph: OnnxGraph, variant: Variant): OnnxGraph {
  switch (variant) {
    case 'fp32':
      return graph;
    case 'q8':
    case 'int8':
      return quantizeQ8(graph);
    case 'q4':
      return quantizeQ4(graph);
    case 'fp16':
      return convertFp16(graph);
  }
}
