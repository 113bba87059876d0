import { validateLatLon } from '../geo/coords';
import { haversineKm } from '../geo/haversine';
import type { LatLon } from '../geo/types';
import { emptyNames, fillNames, mergeReadings, type Names } from './answer-reading';
import { findCoordinatePairs, type PairProblem } from './coordinate-text';
import { countryByCode, countryByName } from './countries';
import { findCountryMentions } from './country-mentions';
import { readJsonAnswer } from './json-answer';
import { findJsonObjects } from '../text/lenient-json';
import { normaliseName } from './names';
import { readLabelledNames } from './prose-answer';
import { findProsePlaces } from './prose-places';

export interface PlaceNames {
  readonly country: string | null;
  /** ISO 3166-1 alpha-2, upper case. */
  readonly countryCode: string | null;
  readonly region: string | null;
  readonly city: string | null;
  readonly landmark: string | null;
  readonly reasons: readonly string[];
}

export interface LocatedAnswer extends PlaceNames {
  readonly lat: number;
  readonly lon: number;
  readonly coordinateSource: 'model' | 'gazetteer';
  /** Set when the gazetteer placed a place read from running text: the words that named it. */
  readonly namedInProse?: string;
}

/** A place named without usable coordinates; a gazetteer can still place it. */
export interface UnlocatedAnswer extends PlaceNames {
  readonly lat: null;
  readonly lon: null;
  readonly coordinateSource: null;
  /** Set when the place was read from running text ("taken in Los Angeles, California"): those words. */
  readonly namedInProse?: string;
}

export type ReasonedAnswer = LocatedAnswer | UnlocatedAnswer;

export type AnswerProblem = 'empty' | 'several-pairs' | 'no-location' | 'out-of-range' | 'placeholder' | 'unreadable' | 'unknown-place' | 'several-places';

export type AnswerParse =
  | { readonly ok: true; readonly answer: LocatedAnswer; readonly needsGazetteer: false }
  | { readonly ok: true; readonly answer: UnlocatedAnswer; readonly needsGazetteer: true }
  | { readonly ok: false; readonly problem: AnswerProblem; readonly reason: string };

/** Two pairs closer than this are the same answer written twice (rounded differently, say). */
export const SAME_PAIR_KM = 1;

/**
 * Reads a model's location answer strictly: it must hold exactly one valid (lat, lon) pair,
 * or, failing coordinates, name a place that a gazetteer can look up. JSON is read first
 * (also fenced, with single quotes, unquoted keys or trailing commas); without a JSON answer,
 * labelled prose ("Country: ...", "Coordinates: ...", DMS, "lon/lat" in that order).
 * Several different pairs, an out-of-range pair, or 0, 0 given as a location all fail.
 */
export function parseAnswer(raw: string): AnswerParse {
  const text = withoutThinking(raw).trim();
  if (text === '') return failure('empty', 'The model gave no answer.');

  const answers = findJsonObjects(text)
    .map((found) => ({ found, reading: readJsonAnswer(found.value) }))
    .filter(({ reading }) => reading !== null);
  const json = mergeReadings(answers.map(({ reading }) => reading!));
  const proseText = answers.reduce((rest, { found }) => blank(rest, found.start, found.end), text);
  const prose = json.pairs.length + json.problems.length > 0 ? null : findCoordinatePairs(proseText);

  const names = fillNames(json.names, readLabelledNames(proseText));
  const decided = decide(resolveCountry(names), prose?.pairs ?? json.pairs, prose?.problems ?? json.problems);
  const result = !decided.ok && decided.problem === 'no-location' ? placeNamedInProse(proseText, decided) : decided;
  return result.ok && !result.needsGazetteer && result.answer.country === null ? withCountryFromProse(result, proseText) : result;
}

/**
 * "This looks like Prague, Czech Republic. Coordinates: ..." names its country without a label.
 * When the prose names exactly one country, that fills the country of a located answer (only
 * then: a vague reply that merely mentions a country is not a place to look up).
 */
function withCountryFromProse(result: AnswerParse & { ok: true; needsGazetteer: false }, prose: string): AnswerParse {
  const codes = new Set(findCountryMentions(prose).map((mention) => mention.code));
  const [code] = codes;
  const country = codes.size === 1 && code !== undefined ? countryByCode(code) : undefined;
  if (country === undefined) return result;
  return { ...result, answer: { ...result.answer, country: country.name, countryCode: country.code } };
}

/**
 * A reply with no coordinates and no labelled names may still commit to a place in its prose;
 * it then needs the gazetteer like a JSON answer that names a city. Several different places
 * are no answer.
 */
function placeNamedInProse(prose: string, noLocation: AnswerParse): AnswerParse {
  const places = findProsePlaces(prose);
  if (places.length > 1) {
    const listed = places.slice(0, 3).map((place) => [place.city, place.region, place.country].filter(Boolean).join(', ')).join('; ');
    return failure('several-places', `The answer names several places (${listed}) and no coordinates; one place is needed.`);
  }
  const [place] = places;
  if (place === undefined) return noLocation;
  // "near the city of Santa Marta" in a reply that names Colombia and no other country.
  const countries = new Set(findCountryMentions(prose).map((mention) => mention.code));
  const [onlyCountry] = countries;
  const country = place.country ?? (countries.size === 1 && onlyCountry !== undefined ? (countryByCode(onlyCountry)?.name ?? null) : null);
  const names = resolveCountry({ ...emptyNames(), city: place.city, region: place.region, country });
  return { ok: true, needsGazetteer: true, answer: { ...names, lat: null, lon: null, coordinateSource: null, namedInProse: place.text } };
}

/** The answer placed at coordinates a gazetteer found for its most specific place name. */
export function withGazetteerCoordinates(answer: UnlocatedAnswer, at: LatLon): LocatedAnswer {
  const { lat, lon } = validateLatLon(at.lat, at.lon);
  return { ...answer, lat, lon, coordinateSource: 'gazetteer' };
}

function decide(names: Names, pairs: readonly LatLon[], problems: readonly PairProblem[]): AnswerParse {
  const outOfRange = problems.find((problem) => problem.kind === 'out-of-range');
  if (outOfRange) return failure('out-of-range', outOfRange.message);

  const distinct = distinctPairs(pairs);
  if (distinct.length > 1) {
    const listed = distinct.slice(0, 3).map(formatPair).join('; ');
    const more = distinct.length > 3 ? ` and ${distinct.length - 3} more` : '';
    return failure('several-pairs', `The answer gives several coordinate pairs (${listed}${more}); exactly one is needed.`);
  }

  const named = names.landmark ?? names.city ?? names.region ?? names.country;
  const pair = distinct[0];
  if (pair !== undefined && !(pair.lat === 0 && pair.lon === 0)) {
    return { ok: true, needsGazetteer: false, answer: { ...names, lat: pair.lat, lon: pair.lon, coordinateSource: 'model' } };
  }
  if (named !== null) {
    return { ok: true, needsGazetteer: true, answer: { ...names, lat: null, lon: null, coordinateSource: null } };
  }
  if (pair !== undefined) {
    return failure('placeholder', 'The answer gives 0, 0 and names no place: that is a placeholder, not a location.');
  }
  const problem = problems[0];
  if (problem !== undefined) return failure('unreadable', problem.message);
  return failure('no-location', 'The answer gives no coordinates and names no place.');
}

function failure(problem: AnswerProblem, reason: string): AnswerParse {
  return { ok: false, problem, reason };
}

function distinctPairs(pairs: readonly LatLon[]): LatLon[] {
  const distinct: LatLon[] = [];
  for (const pair of pairs) {
    if (!distinct.some((seen) => haversineKm(seen, pair) < SAME_PAIR_KM)) distinct.push(pair);
  }
  return distinct;
}

function formatPair({ lat, lon }: LatLon): string {
  return `${lat}, ${lon}`;
}

/**
 * Reasoning models think aloud first; only what follows the thinking is the answer. Some chat
 * templates open the thinking block in the prompt, so the reply holds only its closing tag.
 */
function withoutThinking(text: string): string {
  const closed = text.replace(/<think(?:ing)?>[\s\S]*?(?:<\/think(?:ing)?>|$)/gi, ' ');
  const strayClose = /<\/think(?:ing)?>/gi;
  let after = 0;
  for (let match = strayClose.exec(closed); match !== null; match = strayClose.exec(closed)) after = strayClose.lastIndex;
  return closed.slice(after);
}

function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + ' '.repeat(end - start) + text.slice(end);
}

/**
 * The country's canonical name and ISO code. A name the table knows decides over a given code
 * (the name is what the reasoning arrived at); a code alone fills in the name. "Kyoto, Japan"
 * as a city loses its trailing country.
 */
function resolveCountry(names: Names): Names {
  let given = names.country;
  let code = names.countryCode;
  const withCode = given === null ? null : /^(.*?)\s*\(([A-Za-z]{2})\)$/.exec(given);
  if (withCode) [given, code] = [withCode[1]!, code ?? withCode[2]!];

  const country =
    (given !== null ? (countryByName(given) ?? (given.length === 2 ? countryByCode(given) : undefined)) : undefined) ??
    (code !== null ? countryByCode(code) : undefined);
  return {
    ...names,
    country: country?.name ?? given,
    countryCode: country?.code ?? null,
    region: withoutTrailingCountry(names.region),
    city: withoutTrailingCountry(names.city),
  };
}

function withoutTrailingCountry(name: string | null): string | null {
  const comma = name?.lastIndexOf(',') ?? -1;
  if (name === null || comma === -1) return name;
  return countryByName(name.slice(comma + 1)) ? normaliseName(name.slice(0, comma)) : name;
}
