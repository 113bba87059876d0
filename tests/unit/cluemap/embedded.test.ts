import { describe, expect, it } from 'vitest';
import { buildCluemap } from '../../../src/core/cluemap/build';
import { embeddingRows } from '../../../src/core/cluemap/cosine';
import { cluemapInputsOf, withEditedEmbeddedCue, withEmbeddedCue, withoutEmbeddedCue, type EmbeddedCues } from '../../../src/core/cluemap/embedded';

const cue = (text: string) => ({ text, description: '' });
// Two patches along the axes; cue i's CLIP text points at a patch, its sentence embedding along an axis.
const start: EmbeddedCues = {
  cues: [cue('sign'), cue('tree'), cue('car')],
  patches: embeddingRows(Float32Array.of(1, 0, 0, 1), 2),
  cueClip: embeddingRows(Float32Array.of(1, 0, 0, 1, 0.6, 0.8), 2),
  cueSentence: embeddingRows(Float32Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1), 3),
};

describe('cues with their embeddings', () => {
  it('gives the cosine matrices the cluemap is built from', () => {
    const inputs = cluemapInputsOf(start);
    expect(Array.from(inputs.cuePatch.values)).toEqual([1, 0, 0, 1, 0.6, 0.8].map((v) => expect.closeTo(v, 6)));
    expect(Array.from(inputs.cueCue.values)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('removing a cue drops its rows and re-ranks without encoding anything', () => {
    const before = buildCluemap(...Object.values(cluemapInputsOf(start)) as Parameters<typeof buildCluemap>);
    const after = withoutEmbeddedCue(start, 0);
    const inputs = cluemapInputsOf(after);
    expect(inputs.cues.map((c) => c.text)).toEqual(['tree', 'car']);
    expect(inputs.cuePatch.rows).toBe(2);
    expect(inputs.cueCue.values.length).toBe(4);
    const rebuilt = buildCluemap(inputs.cues, inputs.cuePatch, inputs.cueCue);
    expect(rebuilt.cues).toHaveLength(2);
    expect(before.cues).toHaveLength(3);
  });

  it('adding and rewording a cue use only that cue\'s new embeddings', () => {
    const added = withEmbeddedCue(start, cue('bollard'), { clip: Float32Array.of(0, 1), sentence: Float32Array.of(1, 0, 0) });
    const inputs = cluemapInputsOf(added);
    expect(inputs.cues).toHaveLength(4);
    expect(inputs.cueCue.values[3 * 4 + 0]).toBeCloseTo(1, 6); // same sentence embedding as "sign"
    const edited = withEditedEmbeddedCue(added, 1, cue('palm tree'), { clip: Float32Array.of(1, 0), sentence: Float32Array.of(0, 0, 1) });
    const again = cluemapInputsOf(edited);
    expect(again.cues[1]!.text).toBe('palm tree');
    expect(again.cuePatch.values[1 * 2 + 0]).toBeCloseTo(1, 6);
    expect(again.cueCue.values[1 * 4 + 2]).toBeCloseTo(1, 6);
    expect(() => withEmbeddedCue(start, cue('x'), { clip: Float32Array.of(1, 0, 0), sentence: Float32Array.of(1, 0, 0) })).toThrow(RangeError);
  });
});
