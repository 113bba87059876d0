import { describe, expect, it } from 'vitest';
import { countryConstraint, NEAR_COAST } from '../../../src/core/reason/constraints';
import { parseAnswer } from '../../../src/core/reason/parse-answer';
import { REFERENCE_COUNTS, buildFollowUpMessages, buildReasoningPrompt, buildRefinementPrompt, type ChatMessage } from '../../../src/core/reason/prompt';

const CLUE_SETS = [
  'Clue set 1 (most important):',
  '- Street sign: white text on a blue plate reading "Rue de Rivoli"',
  '- Architecture: cream stone facades with wrought-iron balconies',
  'Clue set 2:',
  '- Vehicles: a green Renault delivery van',
  'Clue set 3:',
  '- Weather: overcast, mild, deciduous trees in leaf',
].join('\n');

const similar = Array.from({ length: 15 }, (_, i) => ({ lat: 48 + i / 100, lon: 2 + i / 100 }));
const dissimilar = Array.from({ length: 15 }, (_, i) => ({ lat: -40 - i / 100, lon: 170 - i / 100 }));

describe('buildReasoningPrompt', () => {
  const prompt = buildReasoningPrompt(CLUE_SETS);

  it('includes the clue sets verbatim and in order of importance', () => {
    expect(prompt).toContain(CLUE_SETS);
    const order = ['Clue set 1', 'Clue set 2', 'Clue set 3'].map((heading) => prompt.indexOf(heading));
    expect(order.every((at) => at !== -1)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('walks from country to region to city to landmark to coordinates, using the sets one after another', () => {
    const steps = ['1. Country', '2. Region', '3. City', '4. Landmark', '5. Coordinates'].map((step) => prompt.indexOf(step));
    expect(steps.every((at) => at !== -1)).toBe(true);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(prompt).toMatch(/1\. Country: from clue set 1/);
    expect(prompt).toMatch(/2\. Region: add clue set 2/);
    expect(prompt).toMatch(/3\. City: add clue set 3/);
    expect(prompt).toMatch(/centre of the region/);
    expect(prompt).toMatch(/centre of the country/);
  });

  it('asks for one JSON answer with every field and four decimals', () => {
    for (const field of ['"country"', '"country_code"', '"region"', '"city"', '"landmark"', '"lat"', '"lon"', '"reasons"']) {
      expect(prompt).toContain(field);
    }
    expect(prompt).toMatch(/at least four decimal places/);
    expect(prompt).toMatch(/one coordinate pair only/);
  });

  it('asks for a location, unlike the cue-extraction step', () => {
    expect(prompt).not.toMatch(/(do not|don't|never) (guess|predict|name) the (location|place)/i);
    expect(prompt).toMatch(/where this photo was taken/);
  });

  it('shows no example coordinates a model could copy as its answer', () => {
    expect(prompt).not.toMatch(/-?\d+\.\d+/);
    expect(parseAnswer(prompt).ok).toBe(false);
  });

  it('says so when there are no clue sets', () => {
    const bare = buildReasoningPrompt('  \n');
    expect(bare).toMatch(/No clue sets were extracted/);
    expect(bare).not.toMatch(/clue set 1/);
    expect(bare).toMatch(/1\. Country/);
  });
});

describe('buildRefinementPrompt', () => {
  it.each(REFERENCE_COUNTS)('lists %i similar and %i dissimilar places', (k) => {
    const prompt = buildRefinementPrompt(CLUE_SETS, { similar, dissimilar }, k);
    const rows = prompt.split('\n').filter((line) => /^\d+\. -?\d+\.\d{4}, -?\d+\.\d{4}$/.test(line));
    expect(rows).toHaveLength(2 * k);
    expect(prompt).toContain(`Places that look like this photo (${k}, most alike first):\n1. 48.0000, 2.0000\n2. 48.0100, 2.0100`);
    expect(prompt).toContain(`Places that do not look like this photo (${k}, least alike first):\n1. -40.0000, 170.0000`);
    expect(prompt).toContain(`${k}. ${similar[k - 1]!.lat.toFixed(4)}, ${similar[k - 1]!.lon.toFixed(4)}`);
    expect(prompt).not.toContain(`${k + 1}. `);
  });

  it('keeps the clue sets and the Chain-of-Region steps, with the references before the steps', () => {
    const prompt = buildRefinementPrompt(CLUE_SETS, { similar, dissimilar }, 5);
    expect(prompt).toContain(CLUE_SETS);
    expect(prompt.indexOf(CLUE_SETS)).toBeLessThan(prompt.indexOf('Places that look like'));
    expect(prompt.indexOf('Places that do not look like')).toBeLessThan(prompt.indexOf('1. Country'));
    expect(prompt).toMatch(/evidence, not as answers/);
  });

  it('shows what there is when the index has fewer places than k, and rejects a bad k', () => {
    const prompt = buildRefinementPrompt('', { similar: similar.slice(0, 2), dissimilar: [] }, 5);
    expect(prompt).toContain('Places that look like this photo (2, most alike first)');
    expect(prompt).toContain('Places that do not look like this photo (0, least alike first):\n(none)');
    expect(() => buildRefinementPrompt('', { similar, dissimilar }, 0)).toThrow(RangeError);
    expect(() => buildRefinementPrompt('', { similar, dissimilar }, 2.5)).toThrow(RangeError);
  });
});

describe('buildFollowUpMessages', () => {
  const history: ChatMessage[] = [
    { role: 'user', text: buildReasoningPrompt(CLUE_SETS), withImage: true },
    { role: 'assistant', text: '{"country": "France", "city": "Paris", "lat": 48.8606, "lon": 2.3376}', withImage: false },
  ];

  it('keeps the conversation, the photo on the first message, and adds the user turn last', () => {
    const messages = buildFollowUpMessages({ history, message: '  The signs are Dutch, not French. ' });
    expect(messages).toHaveLength(3);
    expect(messages.slice(0, 2)).toEqual(history);
    const turn = messages[2]!;
    expect(turn).toMatchObject({ role: 'user', withImage: false });
    expect(turn.text).toContain('"""\nThe signs are Dutch, not French.\n"""');
    expect(turn.text).toMatch(/what changed and why/);
    expect(turn.text).toContain('"country_code"');
  });

  it('attaches the photo only once, to the first user message', () => {
    const messages = buildFollowUpMessages({ history: history.map((m) => ({ ...m, withImage: true })), message: 'Why Paris?' });
    expect(messages.map((m) => m.withImage)).toEqual([true, false, false]);
  });

  it('states the constraints as facts', () => {
    const constraints = [countryConstraint('exclude-country', 'FR'), countryConstraint('exclude-country', 'BE'), countryConstraint('require-country', 'NL'), NEAR_COAST];
    const turn = buildFollowUpMessages({ history, message: 'Not France or Belgium; it is in the Netherlands, by the sea.', constraints }).at(-1)!;
    expect(turn.text).toContain('- It is not in: France, Belgium.');
    expect(turn.text).toContain('- It is in Netherlands.');
    expect(turn.text).toContain('- It is near a coast.');
    const several = buildFollowUpMessages({ history, message: 'x', constraints: [countryConstraint('require-country', 'NO'), countryConstraint('require-country', 'SE')] }).at(-1)!;
    expect(several.text).toContain('- It is in one of: Norway, Sweden.');
    expect(buildFollowUpMessages({ history, message: 'x' }).at(-1)!.text).not.toMatch(/Facts the user has stated/);
  });

  it('answers a guiding question before revising', () => {
    const turn = buildFollowUpMessages({ history, message: 'Which side of the road are the cars on?' }).at(-1)!;
    expect(turn.text).toMatch(/If the user asks a question, answer it/);
  });

  it('needs the conversation so far', () => {
    expect(() => buildFollowUpMessages({ history: [], message: 'Not France' })).toThrow(RangeError);
  });
});
