import { describe, expect, it } from 'vitest';
import { TopK } from '../../../src/core/retrieve/topk';
import { seededRandom } from '../../../src/core/retrieve/random';

function topByKey(keys: number[], k: number): number[] {
  return [...keys.keys()].sort((a, b) => keys[b]! - keys[a]! || a - b).slice(0, k);
}

describe('TopK', () => {
  it('keeps the k largest keys in order, earliest first on ties', () => {
    const random = seededRandom(3);
    for (const k of [0, 1, 5, 15, 200]) {
      const keys = Array.from({ length: 120 }, () => Math.round(random() * 40) / 4);
      const top = new TopK(k);
      keys.forEach((key, id) => top.offer(id, key));
      expect(top.sorted().map((entry) => entry.id)).toEqual(topByKey(keys, k));
    }
  });

  it('reports a threshold an offer must beat once full', () => {
    const top = new TopK(2);
    expect(top.threshold).toBe(-Infinity);
    top.offer(0, 5);
    top.offer(1, 3);
    expect(top.threshold).toBe(3);
    top.offer(2, 4);
    expect(top.threshold).toBe(4);
    expect(new TopK(0).threshold).toBe(Infinity);
  });
});
