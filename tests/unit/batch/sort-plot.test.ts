import { describe, expect, it } from 'vitest';
import { accuracyOf, exportRows, type BatchAnswer } from '../../../src/core/batch/answer';
import { errorPlot } from '../../../src/core/batch/error-plot';
import { addItems, completeItem, emptyBatch, failItem, takeNext } from '../../../src/core/batch/queue';
import { sortBy } from '../../../src/core/batch/sort';

describe('sorting the results', () => {
  const rows = [
    { name: 'img10.jpg', km: 5 },
    { name: 'img2.jpg', km: null },
    { name: 'IMG1.jpg', km: 900 },
    { name: 'img3.jpg', km: 5 },
  ];

  it('sorts names as people read them and keeps missing values last both ways', () => {
    expect(sortBy(rows, (r) => r.name, 'ascending').map((r) => r.name)).toEqual(['IMG1.jpg', 'img2.jpg', 'img3.jpg', 'img10.jpg']);
    expect(sortBy(rows, (r) => r.km, 'ascending').map((r) => r.name)).toEqual(['img10.jpg', 'img3.jpg', 'IMG1.jpg', 'img2.jpg']);
    expect(sortBy(rows, (r) => r.km, 'descending').map((r) => r.name)).toEqual(['IMG1.jpg', 'img10.jpg', 'img3.jpg', 'img2.jpg']);
  });
});

describe('error plot', () => {
  const box = { width: 400, height: 200, left: 40, right: 10, top: 10, bottom: 30 };

  it('bins errors on a log scale and marks the thresholds with their shares', () => {
    const plot = errorPlot([0.01, 0.5, 0.7, 20, 300, 30_000], box);
    expect(plot.bars.reduce((sum, b) => sum + b.count, 0)).toBe(6);
    expect(plot.bars[0]!.count).toBe(1); // 0.01 km falls in the first bar
    expect(plot.bars.at(-1)!.count).toBe(1); // 30,000 km in the last
    expect(plot.maxCount).toBe(2);
    expect(plot.bars.find((b) => b.count === 2)!.height).toBe(160);
    expect(plot.thresholds.map((t) => [t.km, Math.round(t.percent)])).toEqual([[1, 50], [25, 67], [200, 67], [750, 83], [2500, 83]]);
    expect(plot.thresholds[0]!.x).toBeLessThan(plot.thresholds[1]!.x);
    expect(plot.cdfPath.startsWith('M40,170')).toBe(true);
    expect(plot.cdfPath).toContain('V10'); // reaches 100 %
  });

  it('draws an empty plot without dividing by zero', () => {
    const plot = errorPlot([], box);
    expect(plot.maxCount).toBe(0);
    expect(plot.bars.every((b) => b.height === 0)).toBe(true);
    expect(plot.cdfPath).not.toContain('NaN');
  });
});

describe('batch answers', () => {
  const answer = (errorKm: number | null): BatchAnswer => ({
    lat: 1, lon: 2, probability: 0.5, place: 'X', truth: errorKm === null ? null : { lat: 0, lon: 0 }, errorKm,
    kind: 'jpeg', mode: 'retrieval', models: ['m@1'], noise: false, confidence: null,
  });

  it('exports and scores only the photos that were located', () => {
    const state = emptyBatch<BatchAnswer>();
    addItems(state, ['a', 'b', 'c', 'd']);
    completeItem(state, takeNext(state, 0)!.id, 1, answer(10), 0);
    failItem(state, takeNext(state, 1)!.id, 2, { message: 'no', code: 'corrupt' });
    completeItem(state, takeNext(state, 2)!.id, 3, answer(null), 0);
    expect(exportRows(state.items).map((r) => r.file)).toEqual(['a', 'c']);
    const accuracy = accuracyOf(state.items);
    expect(accuracy.count).toBe(1);
    expect(accuracy.accuracyPercent).toEqual({ street: 0, city: 100, region: 100, country: 100, continent: 100 });
    expect(accuracy.geoScoreMean).toBeCloseTo(5000 * Math.exp(-10 / 1492.7), 6);
  });
});
