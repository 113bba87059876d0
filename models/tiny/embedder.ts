// A tiny random sentence embedder with the interface of Xenova/all-MiniLM-L6-v2's
// onnx/model.onnx: input_ids, attention_mask, token_type_ids -> last_hidden_state. One mixing
// step stands in for BERT's layers: each token is combined with the mean of the real (unmasked)
// tokens, so every token's state depends on the whole sentence and never on padding.

import { GraphBuilder } from './graph-builder';
import { encodeOnnxModel } from './onnx-writer';
import { axisLength, cast, DATA_TYPE, layerNorm, linear, positionRows, reduceSum, unsqueeze, weight } from './layers';

export interface EmbedderSpec {
  seed: number;
  width: number;
  vocabSize: number;
  maxPositions: number;
  typeVocabSize: number;
}

export const EMBEDDER_OUTPUT = 'last_hidden_state';

export function embedderOnnx(spec: EmbedderSpec): Uint8Array {
  const { seed, width, vocabSize, maxPositions, typeVocabSize } = spec;
  const g = new GraphBuilder('bert');
  const words = g.op('Gather', [weight(g, seed, 'embeddings.word_embeddings.weight', [vocabSize, width], { normal: 1 }), 'input_ids']);
  const types = g.op('Gather', [weight(g, seed, 'embeddings.token_type_embeddings.weight', [typeVocabSize, width], { normal: 0.5 }), 'token_type_ids']);
  const length = axisLength(g, 'input_ids', 1, '/bert/length');
  const positions = positionRows(g, weight(g, seed, 'embeddings.position_embeddings.weight', [maxPositions, width], { normal: 0.5 }), length, '/bert/positions');
  const embedded = layerNorm(g, g.op('Add', [g.op('Add', [words, types]), positions]), 'embeddings.LayerNorm', width);

  const mask = unsqueeze(g, cast(g, 'attention_mask', DATA_TYPE.float), 2, '/bert/mask_axis');
  const total = reduceSum(g, g.op('Mul', [embedded, mask]), 1, true, '/bert/sum_axis');
  const count = g.op('Max', [reduceSum(g, mask, 1, true, '/bert/count_axis'), g.scalar(1)]);
  const context = g.op('Div', [total, count]);
  const mixed = g.op('Tanh', [linear(g, seed, g.op('Add', [embedded, context]), 'encoder.layer.0.mix', width, width)]);
  layerNormInto(g, g.op('Add', [embedded, mixed]), 'encoder.layer.0.output.LayerNorm', width);

  const ids = (name: string) => ({ name, shape: ['batch_size', 'sequence_length'], type: 'int64' as const });
  return encodeOnnxModel(
    g.build([ids('input_ids'), ids('attention_mask'), ids('token_type_ids')], [{ name: EMBEDDER_OUTPUT, shape: ['batch_size', 'sequence_length', width] }]),
    { docString: 'Tiny BERT-shaped sentence embedder with random weights, for tests.' },
  );
}

/** The last layer norm, writing the graph output. */
function layerNormInto(g: GraphBuilder, input: string, prefix: string, width: number): void {
  const normed = layerNorm(g, input, prefix, width);
  g.op('Identity', [normed], {}, EMBEDDER_OUTPUT);
}
