import type { LatLon } from '../geo/types';
import { areaKey, areaLabel, inArea, type Area } from '../region/area';
import { countryByCode } from './countries';
import { findCountryMentions, type CountryMention } from './country-mentions';

export type CountryConstraintKind = 'exclude-country' | 'require-country';
export type ConstraintKind = CountryConstraintKind | 'near-coast' | 'in-area' | 'require-region';

/**
 * A hard fact about the place that a user stated in chat. The id is derived from what the
 * constraint means ("exclude-country:FR"), so stating it twice gives one constraint and a
 * user can undo it by id.
 */
export type PlaceConstraint =
  | { readonly id: string; readonly kind: CountryConstraintKind; readonly countryCode: string; readonly label: string }
  | { readonly id: string; readonly kind: 'near-coast'; readonly label: string }
  /** A box or circle drawn on the map (or given to the CLI); one at a time, so a new one replaces it. */
  | { readonly id: string; readonly kind: 'in-area'; readonly area: Area; readonly label: string }
  /** A first-level region (GeoNames admin-1) the place is in; several are alternatives. */
  | { readonly id: string; readonly kind: 'require-region'; readonly countryCode: string; readonly regionCode: string; readonly label: string };

/** The key of a first-level region, as `regionOf` gives it: "FR-11", "US-CA". */
export function regionKey(countryCode: string, regionCode: string): string {
  return `${countryCode.toUpperCase()}-${regionCode}`;
}

export function areaConstraint(area: Area): PlaceConstraint {
  return { id: 'in-area', kind: 'in-area', area, label: areaLabel(area) };
}

export function regionConstraint(countryCode: string, regionCode: string, name: string): PlaceConstraint {
  const country = countryByCode(countryCode);
  if (country === undefined) throw new RangeError(`"${countryCode}" is not an ISO 3166-1 alpha-2 country code.`);
  return { id: `require-region:${regionKey(country.code, regionCode)}`, kind: 'require-region', countryCode: country.code, regionCode, label: `In ${name} (${country.name})` };
}

/** A stable text for a set of constraints, for cache keys (the area's geometry included). */
export function constraintsKey(constraints: readonly PlaceConstraint[]): string {
  return constraints
    .map((c) => (c.kind === 'in-area' ? `${c.id}=${areaKey(c.area)}` : c.id))
    .sort()
    .join('|');
}

export function countryConstraint(kind: CountryConstraintKind, countryCode: string): PlaceConstraint {
  const country = countryByCode(countryCode);
  if (country === undefined) throw new RangeError(`"${countryCode}" is not an ISO 3166-1 alpha-2 country code.`);
  const label = kind === 'exclude-country' ? `Not ${country.name}` : `In ${country.name}`;
  return { id: `${kind}:${country.code}`, kind, countryCode: country.code, label };
}

export const NEAR_COAST: PlaceConstraint = { id: 'near-coast', kind: 'near-coast', label: 'Near a coast' };

// ---- Reading constraints from a chat message --------------------------------------------------

type Cue = 'hedge' | 'negation' | 'contrast' | 'assertion' | 'inside' | 'coast';

// Order matters where cues share a start: "could" is a hedge but "couldn't" a negation.
const CUES: readonly [Cue, string][] = [
  ['hedge', String.raw`not sure|unsure|no idea|don['’]?t know|not certain|uncertain|maybe|perhaps|possibly|probably|might|could(?!n)|may be|guess`],
  ['coast', String.raw`(?:near|by|on|along|at|close to|next to)\s+(?:the\s+|a\s+)?(?:coast|coastline|sea|seaside|ocean|shore|beach)|coastal|seaside|oceanfront|beachfront`],
  // "No, Sweden." rejects the last answer; only "no" before a name negates it ("no France").
  ['negation', String.raw`not|never|neither|nor|no(?!\s*[,.!:;])|\p{L}+n['’]t|isnt|wasnt|werent|arent|cant|cannot|couldnt|wont|doesnt|dont|didnt|outside|except|excluding|exclude|other than|anywhere but|anything but|rule out|ruled out|is out|are out|is wrong|are wrong`],
  ['contrast', String.raw`but|rather|instead|actually`],
  ['assertion', String.raw`it['’]?s|it is|it was|this is|this was|that['’]?s|that is|we['’]?re|we are|i['’]?m|i am|definitely|certainly|must be|has to be`],
  ['inside', String.raw`in|within|inside`],
];
const CUE_PATTERN = new RegExp(
  CUES.map(([cue, words]) => `(?<${cue}>(?<![\\p{L}'’])(?:${words})(?![\\p{L}]))`).join('|'),
  'giu',
);
const FILLER_WORDS = new Set(['or', 'and', 'the', 'either', 'yes', 'no', 'nope', 'wrong', 'ok', 'okay', 'just', 'only']);

type Event = { readonly at: number; readonly end: number } & ({ readonly type: Cue } | { readonly type: 'mention'; readonly code: string } | { readonly type: 'comma' });

/**
 * Reads the hard facts in a chat message: countries ruled out ("not France", "it's not in the
 * UK", "neither Spain nor Portugal", "France is ruled out"), a country the place is in ("in
 * Norway", "somewhere in Japan", a bare "Norway"), and "near the coast". Questions and hedged
 * statements ("maybe Spain", "could it be Italy?") are hints, not facts, and give nothing.
 */
export function parseConstraints(message: string): PlaceConstraint[] {
  const mentions = findCountryMentions(message);
  const found: PlaceConstraint[] = [];
  for (const sentence of sentences(message, mentions)) {
    if (!sentence.question) found.push(...readSentence(message, sentence.start, sentence.end, mentions));
  }
  return mergeConstraints([], found);
}

function readSentence(message: string, start: number, end: number, allMentions: readonly CountryMention[]): PlaceConstraint[] {
  const mentions = allMentions.filter((mention) => mention.start >= start && mention.end <= end);
  const events = eventsIn(message, start, end, mentions);
  const found: PlaceConstraint[] = [];
  let state: 'neutral' | 'negated' | 'asserted' | 'hedged' = 'neutral';
  let pending: string[] = []; // neutral mentions since the last comma, open to a trailing "is ruled out"
  const unresolved: string[] = [];
  let contrasted = false;

  events.forEach((event, index) => {
    switch (event.type) {
      case 'comma':
        unresolved.push(...pending);
        pending = [];
        break;
      case 'hedge':
        state = 'hedged';
        break;
      case 'negation':
        if (state === 'hedged') break;
        if (!negatesWhatFollows(events, index)) {
          found.push(...pending.map((code) => countryConstraint('exclude-country', code)));
          pending = [];
        }
        state = 'negated';
        break;
      case 'contrast':
        state = 'asserted';
        break;
      case 'assertion':
        if (state !== 'hedged') state = 'asserted';
        break;
      case 'inside':
        if (state === 'neutral') state = 'asserted';
        break;
      case 'coast':
        if (state !== 'negated' && state !== 'hedged') found.push(NEAR_COAST);
        break;
      case 'mention':
        if (state === 'negated') {
          found.push(countryConstraint('exclude-country', event.code));
          contrasted = true;
        } else if (state === 'asserted') found.push(countryConstraint('require-country', event.code));
        else if (state === 'neutral') pending.push(event.code);
        break;
    }
  });

  unresolved.push(...pending);
  // "Norway." or "Norway, not Sweden": a country named on its own is where the photo is.
  if (contrasted || isOnlyCountries(message, start, end, mentions)) {
    found.push(...unresolved.map((code) => countryConstraint('require-country', code)));
  }
  return found;
}

/** A negation applies forwards when a country follows it before anything re-asserts. */
function negatesWhatFollows(events: readonly Event[], index: number): boolean {
  for (const event of events.slice(index + 1)) {
    if (event.type === 'mention') return true;
    if (event.type === 'assertion' || event.type === 'contrast') return false;
  }
  return false;
}

function eventsIn(message: string, start: number, end: number, mentions: readonly CountryMention[]): Event[] {
  const text = message.slice(0, end);
  const events: Event[] = mentions.map((mention) => ({ type: 'mention', code: mention.code, at: mention.start, end: mention.end }));
  CUE_PATTERN.lastIndex = start;
  for (let match = CUE_PATTERN.exec(text); match !== null; match = CUE_PATTERN.exec(text)) {
    const type = CUES.find(([cue]) => match!.groups![cue] !== undefined)![0];
    const at = match.index;
    if (!mentions.some((mention) => at < mention.end && mention.start < at + match![0].length)) {
      events.push({ type, at, end: at + match[0].length });
    }
  }
  for (let at = text.indexOf(',', start); at !== -1; at = text.indexOf(',', at + 1)) {
    if (!mentions.some((mention) => at >= mention.start && at < mention.end)) events.push({ type: 'comma', at, end: at + 1 });
  }
  return events.sort((a, b) => a.at - b.at);
}

interface Sentence {
  readonly start: number;
  readonly end: number;
  readonly question: boolean;
}

/** Sentences end at . ! ? ; or a new line, except inside a country's name ("U.S."). */
function sentences(message: string, mentions: readonly CountryMention[]): Sentence[] {
  const found: Sentence[] = [];
  let start = 0;
  for (let at = 0; at <= message.length; at++) {
    const char = message[at];
    const ends = char === undefined || (/[.!?;\n]/.test(char) && !mentions.some((m) => at >= m.start && at < m.end));
    if (!ends) continue;
    found.push({ start, end: at, question: char === '?' });
    start = at + 1;
  }
  return found;
}

function isOnlyCountries(message: string, start: number, end: number, mentions: readonly CountryMention[]): boolean {
  let rest = message.slice(start, end);
  for (const mention of [...mentions].reverse()) {
    rest = rest.slice(0, mention.start - start) + ' ' + rest.slice(mention.end - start);
  }
  const words = rest.toLowerCase().match(/\p{L}+/gu) ?? [];
  return mentions.length > 0 && words.every((word) => FILLER_WORDS.has(word));
}

// ---- Keeping a list of constraints ------------------------------------------------------------

/**
 * Adds constraints to a list; the newer statement wins. Re-stating one replaces it; requiring a
 * country replaces ruling it out and the other way round.
 */
export function mergeConstraints(existing: readonly PlaceConstraint[], incoming: readonly PlaceConstraint[]): PlaceConstraint[] {
  let merged = [...existing];
  for (const constraint of incoming) {
    merged = merged.filter((kept) => kept.id !== constraint.id && !sameCountry(kept, constraint));
    merged.push(constraint);
  }
  return merged;
}

/** Undoes one constraint. */
export function removeConstraint(constraints: readonly PlaceConstraint[], id: string): PlaceConstraint[] {
  return constraints.filter((constraint) => constraint.id !== id);
}

function sameCountry(a: PlaceConstraint, b: PlaceConstraint): boolean {
  const isCountry = (c: PlaceConstraint) => c.kind === 'exclude-country' || c.kind === 'require-country';
  return isCountry(a) && isCountry(b) && 'countryCode' in a && 'countryCode' in b && a.countryCode === b.countryCode;
}

// ---- Applying constraints to the gallery ------------------------------------------------------

export interface ConstraintMask {
  /** One byte per point: 1 where the point satisfies every constraint applied. */
  readonly allowed: Uint8Array;
  readonly kept: number;
  readonly dropped: {
    readonly total: number;
    readonly excludedCountry: number;
    /** Outside every required country, or in no known country (sea, unmapped). */
    readonly outsideRequiredCountries: number;
    readonly awayFromCoast: number;
    /** Outside the drawn or given area. */
    readonly outsideArea: number;
    /** Outside every required first-level region. */
    readonly outsideRequiredRegions: number;
  };
  /** Near-coast (or region) constraints when no test for them was given: the caller must evaluate them. */
  readonly notApplied: readonly PlaceConstraint[];
}

export interface ApplyOptions {
  /** Evaluates "near a coast" (it needs coastline data, which src/core does not hold). */
  readonly isNearCoast?: (point: LatLon, row: number) => boolean;
  /** A point's first-level region as regionKey() writes it, or null (needed for region constraints). */
  readonly regionOf?: (point: LatLon, row: number) => string | null;
}

/**
 * Which points survive the constraints: points in an excluded country go, and so do points
 * outside every required country (when any is required). `points` is a list or interleaved
 * [lat0, lon0, lat1, lon1, ...] degrees; `countryOf` gives a point's ISO alpha-2 code or null.
 */
export function applyConstraints(
  points: readonly LatLon[] | Float32Array | Float64Array,
  constraints: readonly PlaceConstraint[],
  countryOf: (point: LatLon, row: number) => string | null,
  options: ApplyOptions = {},
): ConstraintMask {
  const count = points instanceof Float32Array || points instanceof Float64Array ? points.length / 2 : points.length;
  if (!Number.isInteger(count)) throw new RangeError('Interleaved points need an even number of values.');
  const pointAt = (row: number): LatLon =>
    points instanceof Float32Array || points instanceof Float64Array ? { lat: points[2 * row]!, lon: points[2 * row + 1]! } : points[row]!;

  const excluded = new Set(constraints.flatMap((c) => (c.kind === 'exclude-country' ? [c.countryCode] : [])));
  const required = new Set(constraints.flatMap((c) => (c.kind === 'require-country' ? [c.countryCode] : [])));
  const coast = constraints.filter((c) => c.kind === 'near-coast');
  const testCoast = coast.length > 0 ? options.isNearCoast : undefined;
  const needsCountry = excluded.size > 0 || required.size > 0;
  const areas = constraints.flatMap((c) => (c.kind === 'in-area' ? [c.area] : []));
  const regionRules = constraints.filter((c) => c.kind === 'require-region');
  const regionOf = regionRules.length > 0 ? options.regionOf : undefined;
  const regions = new Set(regionOf ? regionRules.map((c) => regionKey(c.countryCode, c.regionCode)) : []);

  const allowed = new Uint8Array(count).fill(1);
  let excludedCountry = 0;
  let outsideRequiredCountries = 0;
  let awayFromCoast = 0;
  let outsideArea = 0;
  let outsideRequiredRegions = 0;
  for (let row = 0; row < count; row++) {
    if (!needsCountry && testCoast === undefined && areas.length === 0 && regions.size === 0) break;
    const point = pointAt(row);
    const code = needsCountry ? countryOf(point, row)?.toUpperCase() ?? null : null;
    if (areas.some((area) => !inArea(area, point.lat, point.lon))) outsideArea++;
    else if (code !== null && excluded.has(code)) excludedCountry++;
    else if (required.size > 0 && (code === null || !required.has(code))) outsideRequiredCountries++;
    else if (regions.size > 0 && !regions.has(regionOf!(point, row) ?? '')) outsideRequiredRegions++;
    else if (testCoast !== undefined && !testCoast(point, row)) awayFromCoast++;
    else continue;
    allowed[row] = 0;
  }

  const total = excludedCountry + outsideRequiredCountries + awayFromCoast + outsideArea + outsideRequiredRegions;
  return {
    allowed,
    kept: count - total,
    dropped: { total, excludedCountry, outsideRequiredCountries, awayFromCoast, outsideArea, outsideRequiredRegions },
    notApplied: [...(testCoast === undefined ? coast : []), ...(regionOf === undefined ? regionRules : [])],
  };
}
