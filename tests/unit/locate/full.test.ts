import { describe, expect, it } from 'vitest';
import { runFullPipeline } from '../../../src/core/locate/full';
import { REFERENCE_COUNTS } from '../../../src/core/reason/prompt';
import type { SearchResult } from '../../../src/core/retrieve/search';
import { scriptedServices, sphere } from './services';
import { areaConstraint, countryConstraint } from '../../../src/core/reason/constraints';
import { parseBox } from '../../../src/core/region/area';

const PARIS = { lat: 48.8566, lon: 2.3522 };
const LYON = { lat: 45.764, lon: 4.8357 };
const TOKYO = { lat: 35.6762, lon: 139.6503 };

const retrieval: SearchResult = {
  most: [{ i: 7, lat: 40.4168, lon: -3.7038, score: 0.4, p: 0.2 }, ...Array.from({ length: 14 }, (_, i) => ({ i, lat: i, lon: i, score: 0.1, p: 0.01 }))],
  least: Array.from({ length: 15 }, (_, i) => ({ i: 100 + i, lat: -i, lon: -i, score: -0.3, p: 0 })),
};

const CUES = [
  '(Street sign, blue enamel plate with white letters)',
  '(Road side, cars drive on the right)',
  '(Bollards, short green metal posts)',
  '(Architecture, cream stone buildings with iron balconies)',
  '(Vegetation, plane trees along the street)',
  '(Lamp post, ornate dark green cast iron)',
].join('\n');

const json = (place: { lat: number; lon: number }, city: string) =>
  `Looking at the signs...\n\`\`\`json\n{"country": "France", "country_code": "FR", "region": "Somewhere", "city": "${city}", "landmark": null, "lat": ${place.lat}, "lon": ${place.lon}, "reasons": ["signs"]}\n\`\`\``;

describe('the full pipeline', () => {
  it('asks for cues, builds the cluemap, asks four questions and picks the answer closest to the photo', async () => {
    const { services, recorded } = scriptedServices(
      {
        cues: CUES,
        direct: json(PARIS, 'Paris'),
        'refined-5': 'I think it is Tokyo, at 35.6762 N, 139.6503 E.',
        'refined-10': 'no idea, sorry',
        'refined-15': '{"country": "France", "city": "Lyon", "lat": null, "lon": null}',
      },
      { Lyon: LYON },
    );
    const result = await runFullPipeline({ imageEmbedding: sphere(LYON), retrieval }, services);

    expect(recorded.asked.map((a) => a.purpose)).toEqual(['cues', 'direct', ...REFERENCE_COUNTS.map((k) => `refined-${k}`)]);
    expect(result.cueReading.cues).toHaveLength(6);
    expect(result.cueReading.problems).toEqual([]);
    expect(result.cluemap.clueSets).toHaveLength(3);
    expect(result.clueText).toContain('Clue set 1');
    // The reasoning prompts read the clue sets; the refinement prompts also the references.
    expect(recorded.asked[1]!.messages[0]!.text).toContain('Clue set 1');
    expect(recorded.asked[4]!.messages[0]!.text).toContain('40.4168, -3.7038');

    const sources = result.choice.candidates.map((c) => [c.source, c.ok]);
    expect(sources).toEqual([
      ['direct', true],
      ['refined-5', true],
      ['refined-10', false],
      ['refined-15', true],
      ['retrieval', true],
    ]);
    expect(result.answers[3]!.placedByGazetteer).toBe(true);
    // Lyon is the photo's own embedding, so the gazetteer-placed answer wins.
    expect(result.choice.final?.source).toBe('refined-15');
    expect(result.choice.final?.similarity).toBeCloseTo(1, 6);
    // Failed answers are never placed at (0, 0) and are not encoded.
    expect(recorded.encoded.flat()).toHaveLength(4);
    expect(result.conversation.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(Object.keys(result.times).sort()).toEqual(['cluemap', 'cues', 'reason', 'refine', 'select']);
    expect(recorded.stages.filter((s) => s.status === 'done')).toHaveLength(5);
  });

  it('with a region, an answer outside it stays listed but cannot win', async () => {
    const { services } = scriptedServices({ cues: CUES, direct: json(TOKYO, 'Tokyo'), 'refined-5': json(PARIS, 'Paris') });
    const box = areaConstraint(parseBox('35,-10,44,4'));
    const region = { constraints: [box], countryOf: async (points: readonly { lat: number; lon: number }[]) => points.map(() => null) };
    // The photo is Tokyo's own embedding: without the region Tokyo wins.
    const result = await runFullPipeline({ imageEmbedding: sphere(TOKYO), retrieval, region }, services);
    const [direct, refined5] = result.choice.candidates;
    expect(direct).toMatchObject({ source: 'direct', ok: false, lat: null, reason: 'Outside the region searched (In the box 35 to 44 N, -10 to 4 E).' });
    expect(refined5).toMatchObject({ source: 'refined-5', ok: false });
    expect(result.choice.final?.source).toBe('retrieval');
    const countries = { constraints: [countryConstraint('require-country', 'FR')], countryOf: async (points: readonly { lat: number; lon: number }[]) => points.map((p) => (p.lon > 0 && p.lon < 10 ? 'FR' : 'XX')) };
    const inFrance = await runFullPipeline({ imageEmbedding: sphere(TOKYO), retrieval, region: countries }, scriptedServices({ cues: CUES, direct: json(TOKYO, 'Tokyo'), 'refined-5': json(PARIS, 'Paris') }).services);
    expect(inFrance.choice.final?.source).toBe('refined-5');
  });

  it('reports fewer than five cues and still reasons; noise answers fail and retrieval comes through', async () => {
    const { services } = scriptedServices({ cues: 'a sign', direct: 'xq zzv 12 ploo', 'refined-5': '0, 0', 'refined-10': '', 'refined-15': '{{{' });
    const result = await runFullPipeline({ imageEmbedding: sphere(TOKYO), retrieval }, services);
    expect(result.cueReading.cues.length).toBeLessThan(5);
    expect(result.cueReading.problems.join(' ')).toMatch(/five|5/);
    expect(result.choice.candidates.filter((c) => c.ok).map((c) => c.source)).toEqual(['retrieval']);
    expect(result.choice.final?.source).toBe('retrieval');
    expect(result.choice.chosenBy).toBe('image-similarity');
    for (const candidate of result.choice.candidates) if (!candidate.ok) expect(candidate.lat).toBeNull();
  });

  it('adds the point refined between gallery places to the final choice, where it wins when it is most similar', async () => {
    const { services } = scriptedServices({ cues: 'a sign', direct: 'xq zzv', 'refined-5': '', 'refined-10': '', 'refined-15': '' });
    const near = { lat: 40.42, lon: -3.71 };
    const result = await runFullPipeline({ imageEmbedding: sphere(near), retrieval, refined: near }, services);
    expect(result.choice.candidates.filter((c) => c.ok).map((c) => c.source)).toEqual(['retrieval', 'refined']);
    expect(result.choice.final).toMatchObject({ source: 'refined', label: 'Refined point between gallery places', lat: near.lat, lon: near.lon });
    const [gallery, refined] = result.choice.candidates.filter((c) => c.ok);
    expect(refined!.similarity!).toBeGreaterThan(gallery!.similarity!);
  });

  it('uses the user\'s cues instead of asking the model for them', async () => {
    const { services, recorded } = scriptedServices({ direct: json(PARIS, 'Paris') });
    const cues = [{ text: 'Yellow number plates', description: '' }];
    const result = await runFullPipeline({ imageEmbedding: sphere(PARIS), retrieval, cues }, services);
    expect(recorded.asked[0]!.purpose).toBe('direct');
    expect(result.cueReading.reply).toBeNull();
    expect(result.cluemap.clueSets).toHaveLength(1);
  });

  it('stops asking after the user stops a generation, and still chooses among what it has', async () => {
    const { services, recorded } = scriptedServices({ cues: CUES, direct: { text: json(PARIS, 'Par', ).slice(0, 40), stopped: true } });
    const result = await runFullPipeline({ imageEmbedding: sphere(PARIS), retrieval }, services);
    expect(result.stopped).toBe(true);
    expect(recorded.asked.map((a) => a.purpose)).toEqual(['cues', 'direct']);
    expect(result.choice.final?.source).toBe('retrieval');
  });
});
