import { describe, expect, it } from 'vitest';
import { runFollowUp } from '../../../src/core/locate/follow-up';
import { countryConstraint } from '../../../src/core/reason/constraints';
import type { SearchResult } from '../../../src/core/retrieve/search';
import type { Candidate } from '../../../src/core/select/candidates';
import { scriptedServices, sphere } from './services';

const LONDON = { lat: 51.5074, lon: -0.1278 };
const DUBLIN = { lat: 53.3498, lon: -6.2603 };
const AMSTERDAM = { lat: 52.3676, lon: 4.9041 };

const previous: Candidate[] = [
  { ok: true, source: 'direct', label: 'Direct answer', ...LONDON, answer: null, match: null },
  { ok: false, source: 'refined-5', label: 'With 5 reference places', lat: null, lon: null, reason: 'no answer' },
  { ok: true, source: 'retrieval', label: 'Most similar gallery place', ...LONDON, answer: null, match: null },
];
const retrievalOutsideUk: SearchResult = { most: [{ i: 3, ...DUBLIN, score: 0.3, p: 0.1 }], least: [] };
const countryOf = async (points: readonly { lat: number; lon: number }[]) => points.map((p) => (p.lat === LONDON.lat ? 'GB' : p.lat === DUBLIN.lat ? 'IE' : 'NL'));

describe('a chat turn', () => {
  it('drops answers that break a stated fact, adds the new answer, and chooses again', async () => {
    const { services, recorded } = scriptedServices({
      'follow-up-1': `Yellow plates at the back fit the Netherlands. {"country": "Netherlands", "country_code": "NL", "city": "Amsterdam", "lat": ${AMSTERDAM.lat}, "lon": ${AMSTERDAM.lon}, "reasons": ["yellow plates"]}`,
    });
    const result = await runFollowUp(
      {
        conversation: [
          { role: 'user', text: 'first prompt', withImage: true },
          { role: 'assistant', text: 'London', withImage: false },
        ],
        clueText: '',
        message: 'the plates are yellow, and it is not the UK',
        constraints: [countryConstraint('exclude-country', 'GB')],
        turn: 1,
        imageEmbedding: sphere(AMSTERDAM),
        retrieval: retrievalOutsideUk,
        previous,
        countryOf,
      },
      services,
    );
    expect(result.ruledOut.map((r) => [r.candidate.source, r.because])).toEqual([['direct', 'Not United Kingdom']]);
    expect(result.choice.candidates.map((c) => c.source)).toEqual(['refined-5', 'follow-up-1', 'retrieval']);
    expect(result.choice.final?.source).toBe('follow-up-1');
    expect(result.answer.parse.ok).toBe(true);
    const sent = recorded.asked[0]!.messages;
    expect(sent[0]!.withImage).toBe(true);
    expect(sent.at(-1)!.text).toContain('not the UK');
    expect(sent.at(-1)!.text).toContain('It is not in: United Kingdom');
    expect(result.conversation).toHaveLength(4);
  });

  it('starts a conversation when there was none, and a noise answer leaves the retrieval answer in charge', async () => {
    const { services, recorded } = scriptedServices({ 'follow-up-1': 'blorp 77 zz' });
    const result = await runFollowUp(
      {
        conversation: [],
        clueText: '',
        message: 'it is in Ireland',
        constraints: [countryConstraint('require-country', 'IE')],
        turn: 1,
        imageEmbedding: sphere(AMSTERDAM),
        retrieval: retrievalOutsideUk,
        previous: [previous[2]!],
        countryOf,
      },
      services,
    );
    expect(recorded.asked[0]!.messages).toHaveLength(1);
    expect(recorded.asked[0]!.messages[0]!.text).toContain('It is in Ireland');
    expect(result.answer.parse.ok).toBe(false);
    expect(result.choice.final?.source).toBe('retrieval');
    expect(result.choice.final?.lat).toBe(DUBLIN.lat);
  });
});
