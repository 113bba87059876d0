import { describe, expect, it } from 'vitest';
import { buildCluemap } from '../../../src/core/cluemap/build';
import { cluemapToJson, cluemapToText, NO_CLUES_TEXT } from '../../../src/core/cluemap/serialise';
import { matrix, matrixFromRows } from '../../../src/core/cluemap/types';
import { CUE_CUE, CUE_PATCH, CUES } from './example';

describe('cluemap as text for the reasoning prompt', () => {
  it('lists the clue sets in order of importance with their attached cues', () => {
    expect(cluemapToText(buildCluemap(CUES, CUE_PATCH, CUE_CUE))).toBe(
      [
        'Clue set 1 (most important): Street sign — blue enamel plate reading "Rue Lepic"',
        '  - Cobblestones — grey granite setts',
        'Clue set 2: Clock tower — tall stone tower with a round clock face',
        'Clue set 3: Red bus — double-decker bus',
        '  - Bus stop — shelter with a timetable',
      ].join('\n'),
    );
  });

  it('keeps a cue on one line and leaves out a missing description', () => {
    const cues = [{ text: 'Sign\nboard', description: 'reads\n"STOP"' }, { text: 'Fog', description: '' }];
    const cluemap = buildCluemap(cues, matrixFromRows([[0.3], [0.2]]), matrixFromRows([[1, 0.1], [0.1, 1]]));
    expect(cluemapToText(cluemap)).toBe('Clue set 1 (most important): Sign board — reads "STOP"\nClue set 2: Fog');
  });

  it('says so when there are no clues', () => {
    expect(cluemapToText(buildCluemap([], matrix(0, 1, []), matrix(0, 0, [])))).toBe(NO_CLUES_TEXT);
  });
});

describe('cluemap as JSON', () => {
  it('has stable field names and refers to cues by index', () => {
    const json = cluemapToJson(buildCluemap(CUES, CUE_PATCH, CUE_CUE));
    expect(Object.keys(json)).toEqual(['version', 'cues', 'clueSets']);
    expect(Object.keys(json.cues[0]!)).toEqual(['index', 'text', 'description', 'localConsistency', 'bestPatch', 'semanticCoherence', 'relationshipStrength']);
    expect(json.clueSets).toEqual([
      { rank: 1, primary: 1, attached: [3] },
      { rank: 2, primary: 0, attached: [] },
      { rank: 3, primary: 2, attached: [4] },
    ]);
    expect(json.cues[4]).toEqual({
      index: 4,
      text: 'Bus stop',
      description: 'shelter with a timetable',
      localConsistency: 0.21,
      bestPatch: 2,
      semanticCoherence: 0.25,
      relationshipStrength: expect.closeTo(0.23, 12),
    });
  });

  it('survives a round trip through JSON.stringify unchanged', () => {
    const json = cluemapToJson(buildCluemap(CUES, CUE_PATCH, CUE_CUE));
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
