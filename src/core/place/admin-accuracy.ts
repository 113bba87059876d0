// Admin-level accuracy: do a prediction and its truth fall in the same country, the same
// first-level region, the same nearest settlement? Both points are reverse-geocoded the same
// way, so the comparison is of like with like.
import type { ImageLocation } from '../geo/metrics';
import type { LatLon } from '../geo/types';
import type { PlaceName } from './types';

export interface LevelScore {
  readonly correct: number;
  /** Rows where this level can be compared. */
  readonly counted: number;
  /** null when nothing was counted. */
  readonly percent: number | null;
}

export interface AdminAccuracy {
  readonly rows: number;
  /** Counted where the truth lies in a country. */
  readonly country: LevelScore;
  /** Counted where both points have a region. */
  readonly region: LevelScore;
  /** Counted where both points have a nearest settlement. */
  readonly city: LevelScore;
}

export interface PlacedPair {
  readonly predicted: PlaceName;
  readonly truth: PlaceName;
}

export function adminAccuracy(pairs: readonly PlacedPair[]): AdminAccuracy {
  const country = tally();
  const region = tally();
  const city = tally();
  for (const { predicted, truth } of pairs) {
    const sameCountry = predicted.countryCode !== null && predicted.countryCode === truth.countryCode;
    if (truth.countryCode !== null) country.add(sameCountry);
    if (predicted.region !== null && truth.region !== null) region.add(sameCountry && predicted.region === truth.region);
    const [a, b] = [predicted.city, truth.city];
    if (a !== null && b !== null) city.add(a.name === b.name && a.countryCode === b.countryCode && a.region === b.region);
  }
  return { rows: pairs.length, country: country.score(), region: region.score(), city: city.score() };
}

function tally() {
  let correct = 0;
  let counted = 0;
  return {
    add(right: boolean) {
      counted++;
      if (right) correct++;
    },
    score: (): LevelScore => ({ correct, counted, percent: counted === 0 ? null : (100 * correct) / counted }),
  };
}

/** Each truth row that has a prediction, both points named by `placeAt`. */
export function placePairs(predictions: ReadonlyMap<string, LatLon>, truth: readonly ImageLocation[], placeAt: (point: LatLon) => PlaceName): PlacedPair[] {
  return truth.flatMap((row) => {
    const predicted = predictions.get(row.id);
    return predicted === undefined ? [] : [{ predicted: placeAt(predicted), truth: placeAt(row) }];
  });
}
