// GeoCLIP's location encoder as plain TypeScript: Equal Earth projection, then
// one random-Fourier-feature MLP per sigma, summed and L2-normalised.

import { equalEarth } from '../geo/equal-earth';

/** A fully connected layer stored like torch.nn.Linear: weight is row-major [outFeatures, inFeatures]. */
export interface DenseLayerWeights {
  inFeatures: number;
  outFeatures: number;
  weight: Float32Array;
  bias: Float32Array;
}

export interface LocationBranchWeights {
  sigma: number;
  /** Fourier frequencies, row-major [fourierSize, 2]; column 0 multiplies x, column 1 multiplies y. */
  fourier: Float32Array;
  /** Hidden layers, each followed by ReLU. */
  hidden: readonly DenseLayerWeights[];
  /** Final projection to the embedding, no activation. */
  head: DenseLayerWeights;
}

export interface LocationEncoderWeights {
  fourierSize: number;
  hiddenSize: number;
  embeddingDim: number;
  branches: readonly LocationBranchWeights[];
}

function dense(layer: DenseLayerWeights, input: Float64Array, relu: boolean): Float64Array {
  const { inFeatures, outFeatures, weight, bias } = layer;
  const out = new Float64Array(outFeatures);
  for (let o = 0; o < outFeatures; o++) {
    let sum = bias[o]!;
    const row = o * inFeatures;
    for (let i = 0; i < inFeatures; i++) sum += weight[row + i]! * input[i]!;
    out[o] = relu && sum < 0 ? 0 : sum;
  }
  return out;
}

function fourierFeatures(fourier: Float32Array, fourierSize: number, x: number, y: number): Float64Array {
  const features = new Float64Array(2 * fourierSize);
  for (let j = 0; j < fourierSize; j++) {
    const angle = 2 * Math.PI * (x * fourier[2 * j]! + y * fourier[2 * j + 1]!);
    features[j] = Math.cos(angle);
    features[fourierSize + j] = Math.sin(angle);
  }
  return features;
}

function branchForward(branch: LocationBranchWeights, fourierSize: number, x: number, y: number): Float64Array {
  let activations = fourierFeatures(branch.fourier, fourierSize, x, y);
  for (const layer of branch.hidden) activations = dense(layer, activations, true);
  return dense(branch.head, activations, false);
}

function checkShapes(weights: LocationEncoderWeights): void {
  const { fourierSize, embeddingDim, branches } = weights;
  const fail = (what: string): never => {
    throw new Error(`LocationEncoderWeights: ${what}`);
  };
  const checkLayer = (layer: DenseLayerWeights, name: string): void => {
    if (layer.weight.length !== layer.inFeatures * layer.outFeatures) fail(`${name} weight size`);
    if (layer.bias.length !== layer.outFeatures) fail(`${name} bias size`);
  };
  if (branches.length === 0) fail('no branches');
  branches.forEach((branch, b) => {
    if (branch.fourier.length !== 2 * fourierSize) fail(`branch ${b} fourier size`);
    let width = 2 * fourierSize;
    [...branch.hidden, branch.head].forEach((layer, l) => {
      checkLayer(layer, `branch ${b} layer ${l}`);
      if (layer.inFeatures !== width) fail(`branch ${b} layer ${l} expects ${layer.inFeatures} inputs, gets ${width}`);
      width = layer.outFeatures;
    });
    if (width !== embeddingDim) fail(`branch ${b} ends with ${width} features, not ${embeddingDim}`);
  });
}

/**
 * Embeds (lat, lon) pairs given in degrees, flattened as [lat0, lon0, lat1, lon1, ...].
 * Returns unit-length embeddings, row-major [n, embeddingDim].
 */
export function encodeLocations(weights: LocationEncoderWeights, coordinates: ArrayLike<number>): Float32Array {
  checkShapes(weights);
  if (coordinates.length % 2 !== 0) throw new Error('coordinates must be (lat, lon) pairs');
  const { fourierSize, embeddingDim } = weights;
  const count = coordinates.length / 2;
  const out = new Float32Array(count * embeddingDim);
  const sum = new Float64Array(embeddingDim);

  for (let n = 0; n < count; n++) {
    const [x, y] = equalEarth(coordinates[2 * n]!, coordinates[2 * n + 1]!);
    sum.fill(0);
    for (const branch of weights.branches) {
      const embedding = branchForward(branch, fourierSize, x, y);
      for (let k = 0; k < embeddingDim; k++) sum[k]! += embedding[k]!;
    }
    let squares = 0;
    for (let k = 0; k < embeddingDim; k++) squares += sum[k]! * sum[k]!;
    // Same floor as torch.nn.functional.normalize, so a zero vector stays zero instead of NaN.
    const scale = 1 / Math.max(Math.sqrt(squares), 1e-12);
    for (let k = 0; k < embeddingDim; k++) out[n * embeddingDim + k] = sum[k]! * scale;
  }
  return out;
}
