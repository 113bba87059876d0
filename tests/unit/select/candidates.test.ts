import { describe, expect, it } from 'vitest';
import { haversineKm } from '../../../src/core/geo/haversine';
import { parseAnswer } from '../../../src/core/reason/parse-answer';
import type { Match } from '../../../src/core/retrieve/search';
import { buildCandidates, candidateFromAnswer, candidateFromMatch, chooseFinal, type Candidate } from '../../../src/core/select/candidates';
import { cosineSimilarity } from '../../../src/core/select/cosine';

const paris = '{"country": "France", "city": "Paris", "lat": 48.8566, "lon": 2.3522}';
const lyon = '{"country": "France", "city": "Lyon", "lat": 45.7640, "lon": 4.8357}';
const brussels = 'Country: Belgium\nCity: Brussels\nCoordinates: 50.8503, 4.3517';
const topMatch: Match = { i: 42, lat: 48.85, lon: 2.29, score: 0.31, p: 0.12 };

function fiveCandidates(): Candidate[] {
  return buildCandidates({
    direct: parseAnswer(paris),
    refined: [
      { k: 5, result: parseAnswer(lyon) },
      { k: 10, result: parseAnswer('{"lat": 0, "lon": 0}') },
      { k: 15, result: parseAnswer(brussels) },
    ],
    retrieval: topMatch,
  });
}

/** Hand-made unit vectors: the image points along x; each candidate at a chosen angle from it. */
function atAngle(degrees: number): Float32Array {
  const radians = (degrees * Math.PI) / 180;
  return new Float32Array([Math.cos(radians), Math.sin(radians), 0]);
}
const image = new Float32Array([1, 0, 0]);

describe('buildCandidates', () => {
  it('lists direct, refined (5, 10, 15) and retrieval candidates with source labels', () => {
    const candidates = fiveCandidates();
    expect(candidates.map((c) => [c.source, c.label, c.ok])).toEqual([
      ['direct', 'Direct answer', true],
      ['refined-5', 'With 5 reference places', true],
      ['refined-10', 'With 10 reference places', false],
      ['refined-15', 'With 15 reference places', true],
      ['retrieval', 'Most similar gallery place', true],
    ]);
    expect(candidates[0]).toMatchObject({ lat: 48.8566, lon: 2.3522, match: null });
    expect(candidates[4]).toMatchObject({ lat: 48.85, lon: 2.29, answer: null, match: topMatch });
  });

  it('keeps a failed answer as a failed candidate with its reason, never at 0, 0', () => {
    const failed = fiveCandidates()[2]!;
    expect(failed).toMatchObject({ ok: false, lat: null, lon: null });
    expect(failed.ok ? '' : failed.reason).toMatch(/placeholder/);
  });

  it('fails an answer that only names a place until it is looked up', () => {
    const candidate = candidateFromAnswer('direct', parseAnswer('{"country": "Japan", "city": "Kyoto"}'));
    expect(candidate).toMatchObject({ ok: false, lat: null });
    expect(candidate.ok ? '' : candidate.reason).toMatch(/names Kyoto but gives no coordinates/);
  });

  it('fails the retrieval candidate when no gallery place is left', () => {
    expect(candidateFromMatch(null)).toMatchObject({ ok: false, source: 'retrieval', lat: null });
  });
});

describe('chooseFinal', () => {
  it('picks the located candidate most similar to the image, with similarities and distances for all', () => {
    const candidates = fiveCandidates();
    const embeddings = [atAngle(40), atAngle(10), null, atAngle(25), atAngle(30)];
    const choice = chooseFinal(candidates, embeddings, image);

    expect(choice.chosenBy).toBe('image-similarity');
    expect(choice.index).toBe(1);
    expect(choice.final).toMatchObject({ source: 'refined-5', lat: 45.764, lon: 4.8357 });
    expect(choice.candidates.map((c) => c.similarity)).toEqual([
      expect.closeTo(Math.cos((40 * Math.PI) / 180), 6),
      expect.closeTo(Math.cos((10 * Math.PI) / 180), 6),
      null,
      expect.closeTo(Math.cos((25 * Math.PI) / 180), 6),
      expect.closeTo(Math.cos((30 * Math.PI) / 180), 6),
    ]);
    const lyon = { lat: 45.764, lon: 4.8357 };
    expect(choice.candidates[0]!.distanceKm).toBeCloseTo(haversineKm({ lat: 48.8566, lon: 2.3522 }, lyon), 6);
    expect(choice.candidates[0]!.distanceKm).toBeGreaterThan(380);
    expect(choice.candidates[1]!.distanceKm).toBe(0);
    expect(choice.candidates[2]!.distanceKm).toBeNull();
  });

  it('does not assume the embeddings are normalised', () => {
    const candidates = fiveCandidates();
    const scaled = (v: Float32Array, by: number) => v.map((x) => x * by);
    const embeddings = [scaled(atAngle(20), 100), scaled(atAngle(5), 0.01), null, atAngle(60), atAngle(50)];
    expect(chooseFinal(candidates, embeddings, scaled(image, 7)).index).toBe(1);
  });

  it('breaks ties in favour of the earlier candidate', () => {
    const candidates = fiveCandidates();
    const embeddings = [atAngle(30), atAngle(10), atAngle(0), atAngle(10), atAngle(10)];
    expect(chooseFinal(candidates, embeddings, image).index).toBe(1);
  });

  it('ignores an embedding given for a failed candidate', () => {
    const candidates = fiveCandidates();
    const embeddings = [atAngle(30), atAngle(20), atAngle(0), atAngle(25), atAngle(40)];
    const choice = chooseFinal(candidates, embeddings, image);
    expect(choice.index).toBe(1);
    expect(choice.candidates[2]!.similarity).toBeNull();
  });

  it('falls back to the retrieval candidate when every answer failed', () => {
    const candidates = buildCandidates({
      direct: parseAnswer('I cannot tell.'),
      refined: [5, 10, 15].map((k) => ({ k, result: parseAnswer('Coordinates: 91.0, 10.0') })),
      retrieval: topMatch,
    });
    const choice = chooseFinal(candidates, [null, null, null, null, null], image);
    expect(choice).toMatchObject({ chosenBy: 'retrieval-fallback', index: 4 });
    expect(choice.final).toMatchObject({ source: 'retrieval', lat: 48.85, lon: 2.29 });
    expect(choice.candidates.map((c) => c.distanceKm)).toEqual([null, null, null, null, 0]);
  });

  it('chooses nothing when no candidate has a location', () => {
    const candidates = buildCandidates({ direct: parseAnswer(''), refined: [], retrieval: null });
    expect(chooseFinal(candidates, [null, null], image)).toMatchObject({ final: null, index: null, chosenBy: 'none' });
  });

  it('rejects mismatched inputs', () => {
    const candidates = fiveCandidates();
    expect(() => chooseFinal(candidates, [atAngle(0)], image)).toThrow(RangeError);
    expect(() => chooseFinal(candidates, [atAngle(0), null, null, null, new Float32Array(4)], image)).toThrow(RangeError);
  });
});

describe('cosineSimilarity', () => {
  it('is 1 for parallel, 0 for orthogonal, -1 for opposite, null for a zero vector', () => {
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([1, 0], [0, 5])).toBe(0);
    expect(cosineSimilarity([1, 1], [-2, -2])).toBeCloseTo(-1, 12);
    expect(cosineSimilarity([0, 0], [1, 0])).toBeNull();
  });
});
