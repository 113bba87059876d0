// Random-weight models with GeoCLIP's interface: a location encoder with the
// real architecture (at any width) and a deliberately tiny image encoder.
// Both come back as plain weights plus the ONNX bytes that compute the same thing.

import { EQUAL_EARTH } from '../../src/core/geo/equal-earth';
import type {
  DenseLayerWeights,
  LocationBranchWeights,
  LocationEncoderWeights,
} from '../../src/core/encode/location-encoder';
import { GraphBuilder } from './graph-builder';
import { encodeOnnxModel, encodeOnnxModelWithExternalData, floatAttr, intAttr, intsAttr, type OnnxGraph } from './onnx-writer';
import { normalArray, rngFor, uniformArray } from './rng';

export const LOCATION_INPUT = 'location';
export const LOCATION_OUTPUT = 'location_embeds';
export const VISION_INPUT = 'pixel_values';
export const VISION_OUTPUT = 'image_embeds';

export const GEOCLIP_SIGMAS = [2 ** 0, 2 ** 4, 2 ** 8] as const;
const HIDDEN_LAYERS = 3;
const NORMALIZE_EPSILON = 1e-12;

export interface LocationModelSpec {
  seed: number;
  fourierSize: number;
  hiddenSize: number;
  embeddingDim: number;
  sigmas: readonly number[];
}

export interface VisionModelSpec {
  seed: number;
  imageSize: number;
  patchSize: number;
  channels: number;
  hiddenSize: number;
  embeddingDim: number;
}

export const TINY_SEED = 1729;

export const TINY_LOCATION_SPEC: LocationModelSpec = {
  seed: TINY_SEED,
  fourierSize: 8,
  hiddenSize: 32,
  embeddingDim: 32,
  sigmas: GEOCLIP_SIGMAS,
};

/** GeoCLIP's published widths: 256 Fourier frequencies (512 features), 1024 hidden, 512 out. */
export const FULL_WIDTH_LOCATION_SPEC: LocationModelSpec = {
  seed: TINY_SEED,
  fourierSize: 256,
  hiddenSize: 1024,
  embeddingDim: 512,
  sigmas: GEOCLIP_SIGMAS,
};

export const TINY_VISION_SPEC: VisionModelSpec = {
  seed: TINY_SEED,
  imageSize: 224,
  patchSize: 14,
  channels: 16,
  hiddenSize: 32,
  embeddingDim: TINY_LOCATION_SPEC.embeddingDim,
};

export interface VisionModelWeights {
  spec: VisionModelSpec;
  /** Conv kernel [channels, 3, patchSize, patchSize]. */
  patchWeight: Float32Array;
  patchBias: Float32Array;
  hidden: DenseLayerWeights;
  head: DenseLayerWeights;
}

export interface BuiltModel<W> {
  weights: W;
  onnx: Uint8Array;
}

// torch.nn.Linear's default initialisation: U(-1/sqrt(in), 1/sqrt(in)) for weight and bias.
function sampleDense(seed: number, prefix: string, inFeatures: number, outFeatures: number): DenseLayerWeights {
  const bound = 1 / Math.sqrt(inFeatures);
  return {
    inFeatures,
    outFeatures,
    weight: uniformArray(rngFor(seed, `${prefix}.weight`), inFeatures * outFeatures, bound),
    bias: uniformArray(rngFor(seed, `${prefix}.bias`), outFeatures, bound),
  };
}

const branchPrefix = (index: number): string => `location_encoder.LocEnc${index}`;
// In GeoCLIP the Fourier encoding is capsule[0] and the Linear layers sit at 1, 3, 5 with ReLUs between.
const fourierName = (index: number): string => `${branchPrefix(index)}.capsule.0.b`;
const hiddenPrefix = (index: number, layer: number): string => `${branchPrefix(index)}.capsule.${2 * layer + 1}`;
const headPrefix = (index: number): string => `${branchPrefix(index)}.head.0`;

export function sampleLocationWeights(spec: LocationModelSpec): LocationEncoderWeights {
  const { seed, fourierSize, hiddenSize, embeddingDim } = spec;
  const branches = spec.sigmas.map((sigma, index): LocationBranchWeights => {
    const hidden: DenseLayerWeights[] = [];
    for (let layer = 0; layer < HIDDEN_LAYERS; layer++) {
      const inFeatures = layer === 0 ? 2 * fourierSize : hiddenSize;
      hidden.push(sampleDense(seed, hiddenPrefix(index, layer), inFeatures, hiddenSize));
    }
    return {
      sigma,
      fourier: normalArray(rngFor(seed, fourierName(index)), fourierSize * 2, sigma),
      hidden,
      head: sampleDense(seed, headPrefix(index), hiddenSize, embeddingDim),
    };
  });
  return { fourierSize, hiddenSize, embeddingDim, branches };
}

function addDense(graph: GraphBuilder, input: string, layer: DenseLayerWeights, prefix: string, output?: string): string {
  const weight = graph.initializer({ name: `${prefix}.weight`, dims: [layer.outFeatures, layer.inFeatures], data: layer.weight });
  const bias = graph.initializer({ name: `${prefix}.bias`, dims: [layer.outFeatures], data: layer.bias });
  return graph.op('Gemm', [input, weight, bias], { transB: intAttr(1) }, output);
}

function addL2Normalize(graph: GraphBuilder, input: string, output: string): string {
  const norm = graph.op('ReduceL2', [input], { axes: intsAttr([1]), keepdims: intAttr(1) });
  const floored = graph.op('Max', [norm, graph.scalar(NORMALIZE_EPSILON)]);
  return graph.op('Div', [input, floored], {}, output);
}

function int64Initializer(graph: GraphBuilder, name: string, values: readonly number[]): string {
  return graph.initializer({ name, dims: [values.length], data: BigInt64Array.from(values.map(BigInt)) });
}

/** Equal Earth on a [batch, 2] (lat, lon) tensor; mirrors src/core/geo/equal-earth.ts term by term. */
function addEqualEarth(graph: GraphBuilder, location: string): string {
  const { A1, A2, A3, A4, SF } = EQUAL_EARTH;
  const deg = Math.PI / 180;
  const column = (index: number): string =>
    graph.op('Slice', [
      location,
      int64Initializer(graph, `/equal_earth/column${index}_start`, [index]),
      int64Initializer(graph, `/equal_earth/column${index}_end`, [index + 1]),
      int64Initializer(graph, `/equal_earth/column${index}_axis`, [1]),
    ]);
  const mul = (a: string, b: string): string => graph.op('Mul', [a, b]);
  const add = (a: string, b: string): string => graph.op('Add', [a, b]);
  const scaled = (a: string, factor: number): string => mul(a, graph.scalar(factor));

  const lat = column(0);
  const lon = column(1);
  const theta = graph.op('Asin', [scaled(graph.op('Sin', [scaled(lat, deg)]), Math.sqrt(3) / 2)]);
  const t2 = mul(theta, theta);
  const t6 = mul(mul(t2, t2), t2);
  const t8 = mul(t6, t2);

  const denominatorPolynomial = add(add(add(scaled(t8, 9 * A4), scaled(t6, 7 * A3)), scaled(t2, 3 * A2)), graph.scalar(A1));
  const denominator = scaled(denominatorPolynomial, 3);
  const xNumerator = mul(scaled(lon, 2 * Math.sqrt(3) * deg), graph.op('Cos', [theta]));
  const x = graph.op('Div', [xNumerator, denominator]);
  const y = mul(theta, add(add(add(scaled(t8, A4), scaled(t6, A3)), scaled(t2, A2)), graph.scalar(A1)));

  return scaled(graph.op('Concat', [x, y], { axis: intAttr(1) }), SF / 180);
}

function locationModelGraph(weights: LocationEncoderWeights): OnnxGraph {
  const graph = new GraphBuilder('location_encoder');
  const projected = addEqualEarth(graph, LOCATION_INPUT);

  const branchOutputs = weights.branches.map((branch, index) => {
    const fourier = graph.initializer({ name: fourierName(index), dims: [weights.fourierSize, 2], data: branch.fourier });
    // rff's GaussianEncoding: v -> 2*pi * v @ b^T, then [cos, sin].
    const angles = graph.op('Gemm', [projected, fourier], { alpha: floatAttr(2 * Math.PI), transB: intAttr(1) });
    let activations = graph.op('Concat', [graph.op('Cos', [angles]), graph.op('Sin', [angles])], { axis: intAttr(1) });
    branch.hidden.forEach((layer, layerIndex) => {
      activations = graph.op('Relu', [addDense(graph, activations, layer, hiddenPrefix(index, layerIndex))]);
    });
    return addDense(graph, activations, branch.head, headPrefix(index));
  });

  const summed = branchOutputs.reduce((total, output) => graph.op('Add', [total, output]));
  addL2Normalize(graph, summed, LOCATION_OUTPUT);

  return graph.build([{ name: LOCATION_INPUT, shape: ['batch', 2] }], [{ name: LOCATION_OUTPUT, shape: ['batch', weights.embeddingDim] }]);
}

const LOCATION_DOC = { docString: 'GeoCLIP-shaped location encoder with random weights (meaningless geography).' };

export function locationModelOnnx(weights: LocationEncoderWeights): Uint8Array {
  return encodeOnnxModel(locationModelGraph(weights), LOCATION_DOC);
}

/** The location encoder with its weights in an external data file (`location`, e.g. "location_model.onnx_data"). */
export function locationModelWithExternalData(spec: LocationModelSpec, location: string): { onnx: Uint8Array; data: Uint8Array } {
  return encodeOnnxModelWithExternalData(locationModelGraph(sampleLocationWeights(spec)), location, LOCATION_DOC);
}

export function buildLocationModel(spec: LocationModelSpec): BuiltModel<LocationEncoderWeights> {
  const weights = sampleLocationWeights(spec);
  return { weights, onnx: locationModelOnnx(weights) };
}

export function sampleVisionWeights(spec: VisionModelSpec): VisionModelWeights {
  const { seed, patchSize, channels, hiddenSize, embeddingDim } = spec;
  const fanIn = 3 * patchSize * patchSize;
  const bound = 1 / Math.sqrt(fanIn);
  return {
    spec,
    patchWeight: uniformArray(rngFor(seed, 'vision_model.embeddings.patch_embedding.weight'), channels * fanIn, bound),
    patchBias: uniformArray(rngFor(seed, 'vision_model.embeddings.patch_embedding.bias'), channels, bound),
    hidden: sampleDense(seed, 'image_encoder.mlp.0', channels, hiddenSize),
    head: sampleDense(seed, 'image_encoder.mlp.2', hiddenSize, embeddingDim),
  };
}

/** Patch-embedding conv, ReLU, global average pool, then a two-layer MLP and L2 normalisation. */
export function visionModelOnnx(weights: VisionModelWeights): Uint8Array {
  const { imageSize, patchSize, channels, embeddingDim } = weights.spec;
  const graph = new GraphBuilder('vision_encoder');
  const kernel = graph.initializer({
    name: 'vision_model.embeddings.patch_embedding.weight',
    dims: [channels, 3, patchSize, patchSize],
    data: weights.patchWeight,
  });
  const kernelBias = graph.initializer({ name: 'vision_model.embeddings.patch_embedding.bias', dims: [channels], data: weights.patchBias });
  const patches = graph.op('Conv', [VISION_INPUT, kernel, kernelBias], {
    kernel_shape: intsAttr([patchSize, patchSize]),
    strides: intsAttr([patchSize, patchSize]),
  });
  const pooled = graph.op('GlobalAveragePool', [graph.op('Relu', [patches])]);
  const flat = graph.op('Flatten', [pooled], { axis: intAttr(1) });
  const hidden = graph.op('Relu', [addDense(graph, flat, weights.hidden, 'image_encoder.mlp.0')]);
  const embedding = addDense(graph, hidden, weights.head, 'image_encoder.mlp.2');
  addL2Normalize(graph, embedding, VISION_OUTPUT);

  return encodeOnnxModel(
    graph.build(
      [{ name: VISION_INPUT, shape: ['batch', 3, imageSize, imageSize] }],
      [{ name: VISION_OUTPUT, shape: ['batch', embeddingDim] }],
    ),
    { docString: 'Tiny stand-in for the GeoCLIP image encoder with random weights.' },
  );
}

export function buildVisionModel(spec: VisionModelSpec): BuiltModel<VisionModelWeights> {
  const weights = sampleVisionWeights(spec);
  return { weights, onnx: visionModelOnnx(weights) };
}

export function countLocationParameters(weights: LocationEncoderWeights): number {
  // The Fourier matrices are fixed buffers in GeoCLIP, not trained parameters.
  let total = 0;
  for (const branch of weights.branches) {
    for (const layer of [...branch.hidden, branch.head]) total += layer.weight.length + layer.bias.length;
  }
  return total;
}
