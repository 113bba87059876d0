import { describe, expect, it } from 'vitest';
import { CUE_CATEGORIES, CUE_EXTRACTION_SYSTEM_PROMPT, CUE_EXTRACTION_USER_PROMPT, EXAMPLE_CUE, MIN_CUES } from '../../../src/core/cluemap/prompt';
import { parseCueReply } from '../../../src/core/cluemap/parse-cues';

describe('the cue-extraction prompt', () => {
  const prompt = `${CUE_EXTRACTION_SYSTEM_PROMPT}\n${CUE_EXTRACTION_USER_PROMPT}`;

  it('asks for at least five (cue, description) pairs', () => {
    expect(MIN_CUES).toBe(5);
    expect(CUE_EXTRACTION_USER_PROMPT).toContain('at least 5');
    expect(CUE_EXTRACTION_USER_PROMPT).toContain('(cue, description)');
  });

  it('guides with the seven categories without limiting to them', () => {
    expect(CUE_CATEGORIES).toHaveLength(7);
    for (const category of CUE_CATEGORIES) expect(CUE_EXTRACTION_USER_PROMPT).toContain(`${category.name}: ${category.hint}`);
    expect(prompt).toMatch(/copy the words exactly/);
    expect(prompt).toMatch(/side of the road/);
    expect(prompt).toMatch(/number plates/);
    expect(prompt).toMatch(/Anything else/);
  });

  it('forbids guessing the place', () => {
    expect(CUE_EXTRACTION_USER_PROMPT).toMatch(/Do not name or guess the country, city or place/);
    expect(CUE_EXTRACTION_SYSTEM_PROMPT).toMatch(/never say where/);
  });

  it('is short enough for a very small model', () => {
    expect(prompt.split(/\s+/).length).toBeLessThan(160);
  });

  it('shows an example the parser reads, and recognises when it is copied back', () => {
    const exampleLine = CUE_EXTRACTION_USER_PROMPT.split('\n').find((line) => line.startsWith('('))!;
    expect(exampleLine).toBe(`(${EXAMPLE_CUE.text}, ${EXAMPLE_CUE.description})`);
    expect(parseCueReply(exampleLine).cues).toEqual([]);
  });
});
