import { describe, expect, it } from 'vitest';
import { buildCluemap } from '../../../src/core/cluemap/build';
import { embeddingRows } from '../../../src/core/cluemap/cosine';
import { addCue } from '../../../src/core/cluemap/edit';
import { assembleCluemapInputs, cueSimilarities } from '../../../src/core/cluemap/inputs';
import { entry } from '../../../src/core/cluemap/types';

const cues = ['tower', 'sign', 'bus'].map((text) => ({ text, description: '' }));
// Two patches on the axes; cue texts at known angles to them.
const patches = embeddingRows(Float32Array.of(1, 0, 0, 1), 2);
const clipText = embeddingRows(Float32Array.of(1, 0, 0, 2, 3, 4), 2);
const sentences = embeddingRows(Float32Array.of(1, 0, 0, 0.6, 0.8, 0, 0, 0, 1), 3);

describe('assembleCluemapInputs', () => {
  it('gives cue x patch and cue x cue cosines', () => {
    const inputs = assembleCluemapInputs(cues, patches, { clipText, sentences });
    expect(inputs.cuePatch).toMatchObject({ rows: 3, cols: 2 });
    expect(Array.from(inputs.cuePatch.values)).toEqual([1, 0, 0, 1, 0.6, 0.8].map((v) => expect.closeTo(v, 12)));
    expect(inputs.cueCue).toMatchObject({ rows: 3, cols: 3 });
    expect(entry(inputs.cueCue, 0, 1)).toBeCloseTo(0.6, 7);
    expect(entry(inputs.cueCue, 1, 0)).toBeCloseTo(0.6, 7);
    expect(entry(inputs.cueCue, 2, 0)).toBeCloseTo(0, 12);
    for (let i = 0; i < 3; i++) expect(entry(inputs.cueCue, i, i)).toBeCloseTo(1, 12);
    expect(buildCluemap(inputs.cues, inputs.cuePatch, inputs.cueCue).clueSets).toHaveLength(3);
  });

  it('works with no cues', () => {
    const none = embeddingRows(new Float32Array(0), 2);
    const inputs = assembleCluemapInputs([], patches, { clipText: none, sentences: embeddingRows(new Float32Array(0), 3) });
    expect(inputs.cuePatch).toMatchObject({ rows: 0, cols: 2 });
    expect(buildCluemap(inputs.cues, inputs.cuePatch, inputs.cueCue).clueSets).toEqual([]);
  });

  it('refuses counts that do not match and embeddings from different models', () => {
    expect(() => assembleCluemapInputs(cues.slice(1), patches, { clipText, sentences })).toThrow(/2 cues but 3/);
    expect(() => assembleCluemapInputs(cues, embeddingRows(Float32Array.of(1, 0, 0), 3), { clipText, sentences })).toThrow(/different models/);
    expect(() => assembleCluemapInputs(cues, embeddingRows(new Float32Array(0), 2), { clipText, sentences })).toThrow(/at least one patch/);
  });

  it('gives an added cue the same similarities as assembling everything again', () => {
    const inputs = assembleCluemapInputs(cues.slice(0, 2), patches, {
      clipText: embeddingRows(clipText.data.slice(0, 4), 2),
      sentences: embeddingRows(sentences.data.slice(0, 6), 3),
    });
    const similarities = cueSimilarities(clipText.data.slice(4), sentences.data.slice(6), patches, embeddingRows(sentences.data.slice(0, 6), 3));
    const added = addCue(inputs, cues[2]!, similarities);
    const whole = assembleCluemapInputs(cues, patches, { clipText, sentences });
    Array.from(whole.cuePatch.values).forEach((v, i) => expect(added.cuePatch.values[i]).toBeCloseTo(v, 12));
    Array.from(whole.cueCue.values).forEach((v, i) => expect(added.cueCue.values[i]).toBeCloseTo(v, 12));
  });
});
