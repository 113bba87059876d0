import { describe, expect, it } from 'vitest';
import { MAX_CUES, parseCueReply, parseUserCues } from '../../../src/core/cluemap/parse-cues';
import { REPLY_FIXTURES } from './reply-fixtures';

describe('parseCueReply on real-world replies', () => {
  it('has a broad collection of replies to read', () => {
    expect(REPLY_FIXTURES.length).toBeGreaterThanOrEqual(20);
  });

  for (const fixture of REPLY_FIXTURES) {
    it(`reads ${fixture.name}`, () => {
      const { cues, problems } = parseCueReply(fixture.reply);
      expect(cues.map((cue) => cue.text)).toEqual(fixture.texts);
      for (const [text, description] of Object.entries(fixture.descriptions ?? {})) {
        expect(cues.find((cue) => cue.text === text)?.description).toBe(description);
      }
      for (const expected of fixture.problems ?? []) {
        expect(problems.some((problem) => problem.includes(expected)), `"${expected}" in ${JSON.stringify(problems)}`).toBe(true);
      }
      if (fixture.texts.length >= 5 && fixture.problems === undefined) expect(problems).toEqual([]);
    });
  }
});

describe('parseCueReply on anything at all', () => {
  it('never throws, whatever it is given', () => {
    for (const input of [undefined, null, 42, {}, [], '\u0000', '\ud800', '('.repeat(50_000), '[{"a":'.repeat(5_000), '**'.repeat(10_000)]) {
      const result = parseCueReply(input);
      expect(Array.isArray(result.cues)).toBe(true);
      expect(result.problems.length).toBeGreaterThan(0);
    }
  });

  it('never throws on random fragments of reply syntax', () => {
    const pieces = ['(', ')', '[', ']', '{', '}', '"', "'", '`', ':', ',', ';', ' - ', '*', '•', '\n', ' ', 'Tower', '1.', '2.', '**', '|', '\\', '—', '😀', '\ud800', 'cue', 'description', '#', 'null', '<think>'];
    let seed = 12345;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 3000; round++) {
      const text = Array.from({ length: Math.floor(random() * 40) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      const { cues, problems } = parseCueReply(text);
      expect(problems).not.toContain('could not read the reply');
      for (const cue of cues) expect(cue.text).toMatch(/[\p{L}\p{N}]/u);
    }
  });

  it('stays quick on a runaway reply and says it was cut', () => {
    const started = performance.now();
    const { problems } = parseCueReply('(Cabin, red wooden cabin)\n'.repeat(5_000));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(problems.some((problem) => problem.includes('very long'))).toBe(true);
  });

  it(`keeps at most ${MAX_CUES} cues`, () => {
    const reply = Array.from({ length: 60 }, (_, i) => `(Tree ${i + 1}, a tall tree)`).join('\n');
    const { cues, problems } = parseCueReply(reply);
    expect(cues).toHaveLength(MAX_CUES);
    expect(problems).toContain(`kept the first ${MAX_CUES} of 60 cues`);
  });

  it('says how few cues there were, in the singular too', () => {
    expect(parseCueReply('(Fog, thick fog)').problems).toEqual(['only 1 usable cue (at least 5 were asked for)']);
  });
});

describe('parseUserCues', () => {
  it('takes one cue per line and keeps the line whole', () => {
    expect(parseUserCues('The signs are in Dutch\n\n  - near a coast  \nTime: 10:30 on the station clock').cues).toEqual([
      { text: 'The signs are in Dutch', description: '' },
      { text: 'near a coast', description: '' },
      { text: 'Time: 10:30 on the station clock', description: '' },
    ]);
  });

  it('reads the (cue, description) form', () => {
    expect(parseUserCues('(Licence plate, yellow plate at the back)\n1. (Tram, blue and white tram)').cues).toEqual([
      { text: 'Licence plate', description: 'yellow plate at the back' },
      { text: 'Tram', description: 'blue and white tram' },
    ]);
  });

  it('drops duplicates and blank input quietly, and never throws', () => {
    expect(parseUserCues('Near a coast\nnear  a COAST')).toEqual({ cues: [{ text: 'Near a coast', description: '' }], problems: ['dropped 1 duplicate cue'] });
    expect(parseUserCues('   \n\n')).toEqual({ cues: [], problems: [] });
    expect(parseUserCues(undefined)).toEqual({ cues: [], problems: [] });
  });
});
