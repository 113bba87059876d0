import { describe, expect, it } from 'vitest';
import { clipTextOf, sentenceTextOf } from '../../../src/core/cluemap/cue-text';
import { CLIP_TEXT_BUDGET, estimateClipTokens, limitForClip } from '../../../src/core/cluemap/text-limit';

const hasLoneSurrogate = (text: string): boolean => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);

describe('estimateClipTokens', () => {
  it('counts digits one by one, ASCII letters a third, everything else by UTF-8 bytes', () => {
    expect(estimateClipTokens('')).toBe(0);
    expect(estimateClipTokens('2024')).toBe(4);
    expect(estimateClipTokens('tower')).toBe(2); // ceil(5 / 3)
    expect(estimateClipTokens('a, b!')).toBe(4); // a, ",", b, "!"
    expect(estimateClipTokens('straße')).toBe(4); // ceil(5 / 3) + 2 bytes for ß
    expect(estimateClipTokens('東京')).toBe(6);
    expect(estimateClipTokens('😀')).toBe(4);
  });
});

describe('limitForClip', () => {
  it('leaves short text alone apart from spacing', () => {
    expect(limitForClip('Clock tower:  tall\nstone tower ')).toBe('Clock tower: tall stone tower');
    expect(limitForClip('')).toBe('');
    expect(limitForClip('   ')).toBe('');
  });

  it('cuts long text between words, within the budget, without a dangling separator', () => {
    const long =
      'Street sign: a rectangular blue enamel plate on a cream stone wall, reading Rue de la Paix in white capitals with a thin border, beside a smaller plaque, an old iron lamp bracket, peeling green paint, pigeons on the ledge and a faded poster for a concert';
    const cut = limitForClip(long);
    expect(cut.length).toBeLessThan(long.length);
    expect(estimateClipTokens(cut)).toBeLessThanOrEqual(CLIP_TEXT_BUDGET);
    expect(long.startsWith(cut)).toBe(true);
    expect(long[cut.length]).toMatch(/[\s,]/);
    expect(cut).not.toMatch(/[,;:\s]$/);
  });

  it('cuts inside a word only when one word is longer than the budget', () => {
    const word = 'x'.repeat(500);
    expect(limitForClip(word)).toBe('x'.repeat(3 * CLIP_TEXT_BUDGET));
    expect(limitForClip(`short ${word}`)).toBe('short');
  });

  it('never splits a surrogate pair, an emoji sequence, a flag or a combining mark', () => {
    const emoji = limitForClip('😀'.repeat(40));
    expect(emoji).toBe('😀'.repeat(18)); // 4 bytes each: 18 x 4 = 72 <= 75 < 76
    expect(hasLoneSurrogate(emoji)).toBe(false);

    const family = '👨‍👩‍👧‍👦'; // four emoji joined by three zero-width joiners: 16 + 9 = 25 bytes
    expect(limitForClip(family.repeat(10))).toBe(family.repeat(3));
    expect(limitForClip(family.repeat(10), 30)).toBe(family);

    const flags = '🇳🇱🇧🇪🇫🇷'; // each flag is two regional indicators, 8 bytes
    expect(limitForClip(flags, 12)).toBe('🇳🇱');

    const accented = 'e\u0301'.repeat(60); // e + combining acute, 1 letter + 2 bytes = 3 each
    const cut = limitForClip(accented, 20);
    expect(cut.endsWith('\u0301')).toBe(true);
    expect(cut.normalize('NFC')).toMatch(/^é+$/);
  });

  it('cuts text without spaces, such as Japanese, between characters', () => {
    const japanese = '東京駅の近くにある大きな赤レンガの建物と看板が見える通りの風景です';
    const cut = limitForClip(japanese);
    expect(cut).toBe(japanese.slice(0, 25)); // 3 bytes each: 25 x 3 = 75
  });

  it('returns nothing for a budget of zero', () => {
    expect(limitForClip('anything', 0)).toBe('');
  });
});

describe('the text each encoder gets for a cue', () => {
  it('joins name and description, and fits CLIP', () => {
    expect(sentenceTextOf({ text: 'Fog', description: '' })).toBe('Fog');
    expect(sentenceTextOf({ text: 'Tram', description: 'yellow tram' })).toBe('Tram: yellow tram');
    const long = { text: 'Market', description: 'stalls '.repeat(100) };
    expect(estimateClipTokens(clipTextOf(long))).toBeLessThanOrEqual(CLIP_TEXT_BUDGET);
    expect(sentenceTextOf(long).length).toBeGreaterThan(clipTextOf(long).length);
  });
});
