// The gazetteer hook for the answer parser: a reply that names a place but gives no usable
// coordinates is placed at the most specific place the gazetteer knows.
import { withGazetteerCoordinates, type AnswerParse, type PlaceNames } from '../reason/parse-answer';
import type { Gazetteer, GazetteerHit } from './gazetteer';

/** The place the gazetteer finds for an answer's names (the landmark cannot be looked up). */
export function findAnswerPlace(answer: PlaceNames, gazetteer: Gazetteer): GazetteerHit | null {
  return gazetteer.find({ city: answer.city, region: answer.region, country: answer.country, countryCode: answer.countryCode });
}

/** A parse that needed the gazetteer, located by it; anything else unchanged. */
export function placeAnswer(parse: AnswerParse, gazetteer: Gazetteer): AnswerParse {
  if (!parse.ok || !parse.needsGazetteer) return parse;
  const hit = findAnswerPlace(parse.answer, gazetteer);
  if (hit === null) {
    return { ok: false, problem: 'unknown-place', reason: `The answer gives no coordinates, and the offline gazetteer does not know ${named(parse.answer)}.` };
  }
  return { ok: true, needsGazetteer: false, answer: withGazetteerCoordinates(parse.answer, hit) };
}

function named(answer: PlaceNames): string {
  const names = [answer.landmark, answer.city, answer.region, answer.country].filter((name): name is string => name !== null);
  return names.length > 0 ? `"${names.join(', ')}"` : 'the place it names';
}
