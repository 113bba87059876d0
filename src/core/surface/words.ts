// The confidence in plain words, for the answer panel and the command line.
import type { Confidence } from './describe';
import { countryName } from './describe';
import { MASS_RADII_KM } from './surface';

/** What each of MASS_RADII_KM stands for in the geolocation papers. */
export const RADIUS_SCALES = ['street', 'city', 'region', 'country', 'continent'] as const;

/** A distance rounded the way a person says it: "0.4 km", "12 km", "340 km", "2,300 km". */
export function roundedKm(km: number): string {
  if (!Number.isFinite(km)) return 'an unknown distance';
  if (km < 1) return `${km.toFixed(1)} km`;
  if (km < 100) return `${Math.round(km)} km`;
  const step = km < 1000 ? 10 : 100;
  return `${(Math.round(km / step) * step).toLocaleString('en')} km`;
}

/** A share as a whole percentage, "< 1 %" and "> 99 %" at the ends rather than a misleading 0 or 100. */
export function roundedPercent(share: number): string {
  if (!Number.isFinite(share)) return '?';
  if (share > 0 && share < 0.005) return '< 1 %';
  if (share < 1 && share > 0.995) return '> 99 %';
  return `${Math.round(share * 100)} %`;
}

/** Which answer the masses are measured from, in words: "around the refined point". */
export function aroundWords(confidence: Pick<Confidence, 'around'>): string {
  switch (confidence.around?.source) {
    case 'refined':
      return 'around the refined point';
    case 'final':
      return 'around the final answer';
    default:
      return 'around the top gallery place';
  }
}

/** "90 % of the model's belief lies within 340 km around the refined point; half of it within 12 km." */
export function confidenceSentence(confidence: Confidence): string {
  return `90 % of the model's belief lies within ${roundedKm(confidence.radius90Km)} ${aroundWords(confidence)}; half of it within ${roundedKm(confidence.radius50Km)}.`;
}

/** "Portugal 41 %, Brazil 22 %, Spain 9 %": the largest country shares. */
export function countriesSentence(confidence: Confidence, count = 3): string {
  return confidence.countries
    .slice(0, count)
    .map((share) => `${countryName(share.name)} ${roundedPercent(share.mass)}`)
    .join(', ');
}

/** "1 km (street) 3 %, 25 km (city) 21 %, ..." */
export function thresholdsSentence(confidence: Confidence): string {
  return MASS_RADII_KM.map((km, t) => `${km} km (${RADIUS_SCALES[t]}) ${roundedPercent(confidence.massWithin[t]!)}`).join(', ');
}
