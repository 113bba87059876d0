// A small cluemap worked out by hand: five cues, three patches.
import { matrixFromRows, type Cue } from '../../../src/core/cluemap/types';

export const CUES: Cue[] = [
  { text: 'Clock tower', description: 'tall stone tower with a round clock face' }, // c0
  { text: 'Street sign', description: 'blue enamel plate reading "Rue Lepic"' }, // c1
  { text: 'Red bus', description: 'double-decker bus' }, // c2
  { text: 'Cobblestones', description: 'grey granite setts' }, // c3
  { text: 'Bus stop', description: 'shelter with a timetable' }, // c4
];

// Cue text x patch cosines. S_l is each row's maximum:
//   c0 0.30 (patch 0)   c1 0.28 (patch 1)   c2 0.26 (patch 2)
//   c3 0.12 (patches 0 and 1 tie: the first, 0)   c4 0.21 (patch 2)
export const CUE_PATCH = matrixFromRows([
  [0.3, 0.25, 0.2],
  [0.1, 0.28, 0.22],
  [0.15, 0.18, 0.26],
  [0.12, 0.12, 0.05],
  [0.05, 0.1, 0.21],
]);

// Cue x cue cosines (sentence embeddings). S_s is the mean of each row without its diagonal:
//   c0 (0.6 + 0.2 + 0.4 + 0.1) / 4 = 1.3 / 4 = 0.325
//   c1 (0.6 + 0.3 + 0.5 + 0.2) / 4 = 1.6 / 4 = 0.4
//   c2 (0.2 + 0.3 + 0.1 + 0.7) / 4 = 1.3 / 4 = 0.325
//   c3 (0.4 + 0.5 + 0.1 + 0.0) / 4 = 1.0 / 4 = 0.25
//   c4 (0.1 + 0.2 + 0.7 + 0.0) / 4 = 1.0 / 4 = 0.25
export const CUE_CUE = matrixFromRows([
  [1, 0.6, 0.2, 0.4, 0.1],
  [0.6, 1, 0.3, 0.5, 0.2],
  [0.2, 0.3, 1, 0.1, 0.7],
  [0.4, 0.5, 0.1, 1, 0.0],
  [0.1, 0.2, 0.7, 0.0, 1],
]);

// S_r = (S_l + S_s) / 2:
//   c0 (0.30 + 0.325) / 2 = 0.3125
//   c1 (0.28 + 0.400) / 2 = 0.34
//   c2 (0.26 + 0.325) / 2 = 0.2925
//   c3 (0.12 + 0.250) / 2 = 0.185
//   c4 (0.21 + 0.250) / 2 = 0.23
// Primaries by S_r: c1 (set 1), c0 (set 2), c2 (set 3).
// c3 is closest to c1 (0.5 against 0.4 and 0.1): set 1.
// c4 is closest to c2 (0.7 against 0.2 and 0.1): set 3.
export const EXPECTED = {
  local: [0.3, 0.28, 0.26, 0.12, 0.21],
  bestPatch: [0, 1, 2, 0, 2],
  semantic: [0.325, 0.4, 0.325, 0.25, 0.25],
  strength: [0.3125, 0.34, 0.2925, 0.185, 0.23],
  primaries: [1, 0, 2],
  attached: [[3], [], [4]],
};
