import { describe, expect, it } from 'vitest';
import { batchAnswer, batchMode, chooseAnswer, errorsOf, exportConfidence, exportRows, type AnswerFacts, type BatchAnswer } from '../../../src/core/batch/answer';
import { addItems, completeItem, emptyBatch, failItem, retryUnfinished, takeNext } from '../../../src/core/batch/queue';
import { unreadableGps } from '../../../src/core/batch/unreadable';
import { readExport, writeExport } from '../../../src/core/export';
import { haversineKm } from '../../../src/core/geo/haversine';
import type { LatLon } from '../../../src/core/geo/types';
import { NO_METADATA } from '../../../src/core/photo/metadata';
import { fastAnswer } from '../../../src/core/refine/answer';
import { refineAround, type EncodePoints } from '../../../src/core/refine/refine';
import type { Confidence } from '../../../src/core/surface';

/** A location model whose similarity to the image (1, 0) falls with the distance to `target`. */
function peakAt(target: LatLon, scaleKm = 2000): EncodePoints {
  return async (points) =>
    points.map((p) => {
      const angle = Math.min(Math.PI, haversineKm(p, target) / scaleKm);
      return new Float32Array([Math.cos(angle), Math.sin(angle)]);
    });
}
const image = new Float32Array([1, 0]);

// The index's best five, best first, as the batch queries them for refinement's starts.
const most = [
  { lat: 46.5, lon: 6.6, p: 0.3 },
  { lat: 45.9, lon: 5.4, p: 0.2 },
  { lat: 47.4, lon: 8.5, p: 0.1 },
  { lat: 48.1, lon: 11.6, p: 0.05 },
  { lat: 43.3, lon: 5.4, p: 0.04 },
];
const truth = { lat: 46.2, lon: 6.15 };

function confidence(source: 'top' | 'refined', at: LatLon): Confidence {
  return {
    massWithin: [0.01, 0.2, 0.5, 0.8, 0.95],
    radius50Km: 180,
    radius90Km: 900,
    countries: [{ name: 'CH', mass: 0.6, bounds: null }, { name: 'FR', mass: 0.3, bounds: null }],
    regions: [],
    regionCountry: 'CH',
    allowedRows: 100,
    around: { lat: at.lat, lon: at.lon, source },
  };
}

function facts(refinement: AnswerFacts['refinement']): AnswerFacts {
  return { most, refinement, truth, kind: 'jpeg', models: ['whereabouts/tiny-geoclip@generated'], noise: true };
}

describe('the batch answer', () => {
  it('is the refined point when refinement finds one, with the error and mode from that point', async () => {
    // The optimum lies between gallery places, nearest the second start.
    const target = { lat: 46.0, lon: 5.6 };
    const refinement = await refineAround({ imageEmbedding: image, starts: most, encode: peakAt(target) });
    expect(refinement.refined).not.toBeNull();
    const chosen = chooseAnswer({ most, refinement })!;
    expect(chosen).toMatchObject({ source: 'refined', centre: 'refined', lat: refinement.refined!.lat, lon: refinement.refined!.lon });
    // Its probability is that of the gallery place it was found around.
    expect(chosen.probability).toBe(most[refinement.refined!.start.rank - 1]!.p);
    const answer = batchAnswer(chosen, facts(refinement), 'Bellegarde, FR', confidence('refined', chosen));
    expect(answer.mode).toBe('retrieval+refine');
    expect(answer.errorKm).toBeCloseTo(haversineKm(chosen, truth), 9);
    expect(answer.errorKm).not.toBeCloseTo(haversineKm(most[0]!, truth), 3);
    expect(answer.confidence?.around).toBe('refined');
    expect(answer.place).toBe('Bellegarde, FR');
  });

  it('is the top gallery place when refinement finds nothing better, or is off', async () => {
    // The optimum is the best start itself: no point beats it.
    const refinement = await refineAround({ imageEmbedding: image, starts: most, encode: peakAt(most[0]!) });
    expect(refinement.refined).toBeNull();
    for (const outcome of [refinement, null]) {
      const chosen = chooseAnswer({ most, refinement: outcome })!;
      expect(chosen).toMatchObject({ source: 'retrieval', centre: 'top', lat: most[0]!.lat, lon: most[0]!.lon, probability: 0.3 });
      const answer = batchAnswer(chosen, facts(outcome), '', confidence('top', chosen));
      expect(answer.mode).toBe('retrieval');
      expect(answer.errorKm).toBeCloseTo(haversineKm(most[0]!, truth), 9);
      expect(answer.confidence?.around).toBe('top');
    }
    expect(chooseAnswer({ most: [], refinement: null })).toBeNull();
  });

  it('chooses as the CLI does (one function): the refined point, else the top place', () => {
    const refined = { lat: 1, lon: 2, similarity: 0.9, start: { lat: 1.1, lon: 2.1, similarity: 0.8, rank: 1 } };
    expect(fastAnswer({ lat: 5, lon: 6 }, { refined })).toEqual({ lat: 1, lon: 2, source: 'refined', centre: 'refined' });
    expect(fastAnswer({ lat: 5, lon: 6 }, { refined: null })).toEqual({ lat: 5, lon: 6, source: 'retrieval', centre: 'top' });
    expect(fastAnswer(undefined, null)).toBeNull();
    expect(batchMode({ source: 'refined' })).toBe('retrieval+refine');
  });

  it('exports the point the confidence is around; history without it reads as the top place', () => {
    const withAround = exportConfidence(confidence('refined', truth))!;
    expect(withAround.around).toBe('refined');
    const { around: _, ...older } = confidence('top', truth);
    expect(exportConfidence(older)!.around).toBe('top');
    expect(exportConfidence(null)).toBeNull();
  });

  it('writes a refined answer to every format with confidence_around and reads it back', async () => {
    const refinement = await refineAround({ imageEmbedding: image, starts: most, encode: peakAt({ lat: 46.0, lon: 5.6 }) });
    const chosen = chooseAnswer({ most, refinement })!;
    const state = emptyBatch<BatchAnswer>();
    const [item] = addItems(state, ['alps.jpg']);
    takeNext(state, 0);
    completeItem(state, item!.id, 10, batchAnswer(chosen, facts(refinement), 'x', confidence('refined', chosen)), 5);
    for (const format of ['csv', 'geojson', 'kml'] as const) {
      const [row] = readExport(format, writeExport(format, exportRows(state.items)));
      expect(row).toMatchObject({ mode: 'retrieval+refine', confidence: { around: 'refined' } });
      expect(row!.lat).toBeCloseTo(chosen.lat, 6);
    }
  });
});

describe('a batch photo whose pixels cannot be read', () => {
  const gps = { lat: 48.2083537, lon: 16.3725042, source: 'exif' as const };

  it('shows the GPS its file carries, said to be the photo\'s own record', () => {
    const note = unreadableGps({ ...NO_METADATA, gps })!;
    expect(note.gps).toEqual({ lat: gps.lat, lon: gps.lon });
    expect(note.text).toContain('The image itself could not be read; its GPS: 48.20835, 16.37250');
    expect(note.text).toContain('not a located answer');
  });

  it('says when its GPS tags give no usable fix, and says nothing without GPS', () => {
    const note = unreadableGps({ ...NO_METADATA, gpsUnusable: 'it is exactly 0, 0' })!;
    expect(note.gps).toBeNull();
    expect(note.text).toContain('no usable fix (it is exactly 0, 0)');
    expect(unreadableGps(NO_METADATA)).toBeNull();
    expect(unreadableGps(null)).toBeNull();
  });

  it('keeps that GPS on its failed row only: never in the exports or the accuracy figures; a retry forgets it', () => {
    const state = emptyBatch<BatchAnswer>();
    const [broken, fine] = addItems(state, ['broken.tiff', 'fine.jpg']);
    takeNext(state, 0);
    failItem(state, broken!.id, 5, { message: 'This file could not be decoded.', code: 'decode' }, unreadableGps({ ...NO_METADATA, gps }));
    expect(broken!.unreadable?.gps).toEqual({ lat: gps.lat, lon: gps.lon });
    takeNext(state, 5);
    const chosen = chooseAnswer({ most, refinement: null })!;
    completeItem(state, fine!.id, 9, batchAnswer(chosen, facts(null), '', null), 4);
    expect(exportRows(state.items).map((r) => r.file)).toEqual(['fine.jpg']);
    expect(errorsOf(state.items)).toHaveLength(1);
    retryUnfinished(state);
    expect(broken!.unreadable).toBeNull();
  });
});
