// Export rows for the tests, including names written to break naive writers.
import type { ExportRow } from '../../../src/core/export';

export const NASTY_NAMES = [
  'plain.jpg',
  'comma, and "quotes".jpg',
  '=HYPERLINK("http://example.invalid","click").jpg',
  '+1 234.jpg',
  '-5.jpg',
  '@SUM(A1).jpg',
  "'already quoted.jpg",
  '\tleading tab.jpg',
  'line\nbreak.jpg',
  ' edge spaces .jpg',
  '<b>&amp; "tags" & \'apostrophes\'</b>.jpg',
  ']]> cdata end.jpg',
  'control \u0001 char.jpg',
  'emoji 🌍 and ümlauts.jpg',
  'folder/sub folder/photo.jpg',
];

export function exampleRows(): ExportRow[] {
  return NASTY_NAMES.map((file, i) => ({
    file,
    lat: -89.5 + i * 12.25,
    lon: -179.75 + i * 24.125,
    probability: 1 / (i + 2),
    place: i % 3 === 0 ? '' : i % 3 === 1 ? `=cmd|' /C calc'!A0 <place> & co` : 'Côte d’Ivoire',
    truth: i % 2 === 0 ? { lat: 10 + i, lon: -20 - i } : null,
    errorKm: i % 2 === 0 ? 1234.5678 + i : null,
    mode: i % 2 ? 'retrieval+refine' : 'retrieval',
    models: ['whereabouts/tiny-geoclip@generated'],
    noise: i % 4 === 0,
    confidence:
      i % 3 === 2
        ? null
        : {
            massWithin: [0.015625, 0.125, 0.25 + i / 64, 0.5, 0.75],
            radius50Km: 750 + i * 0.125,
            radius90Km: 2500.5,
            countries: i % 2 ? [{ name: 'PT', mass: 0.5 }, { name: 'BR', mass: 0.25 }, { name: '', mass: 0.125 }] : [],
            around: i % 2 ? ('refined' as const) : i % 4 === 0 ? ('top' as const) : ('final' as const),
          },
  }));
}
