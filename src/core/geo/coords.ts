import { GeoError } from './errors';
import type { LatLon } from './types';

type Hemisphere = 'N' | 'S' | 'E' | 'W';
type Unit = 'deg' | 'min' | 'sec';
type Axis = 'lat' | 'lon';

interface NumberToken {
  readonly kind: 'number';
  readonly value: number;
  readonly text: string;
  readonly negative: boolean;
  readonly signed: boolean;
  readonly fractional: boolean;
  readonly unit: Unit | null;
}
interface HemisphereToken {
  readonly kind: 'hemisphere';
  readonly hemisphere: Hemisphere;
}
interface SeparatorToken {
  readonly kind: 'separator';
}
type Token = NumberToken | HemisphereToken | SeparatorToken;

interface Component {
  readonly axis: Axis | null;
  readonly degrees: number;
}

const UNITS: readonly Unit[] = ['deg', 'min', 'sec'];
const UNIT_WORDS: Record<Unit, string> = { deg: 'degrees', min: 'minutes', sec: 'seconds' };

const NUMBER = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)/y;
const DEGREE_MARK = /\s*[°º˚]/y;
// Two minute marks in a row ('' or ′′) are a common way of typing a seconds mark.
const SECOND_MARK = /\s*(?:["″”“ʺ]|['′’‘`´ʹ]{2})/y;
const MINUTE_MARK = /\s*['′’‘`´ʹ]/y;
const HEMISPHERE = /(north|south|east|west|[nsew])(?![a-z])/iy;
const SEPARATOR = /[,;]/y;
const SPACE = /\s+/y;
const EXPONENT = /[eE][+-]?\d/y;
const WORD = /[^\s\d,;]+/y;

/** Checks that a latitude/longitude pair is finite and in range; never clamps or wraps. */
export function validateLatLon(lat: number, lon: number): LatLon {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) {
    throw new GeoError('invalid-coordinates', 'Latitude and longitude must both be numbers.');
  }
  if (lat < -90 || lat > 90) {
    throw new GeoError(
      'out-of-range',
      `Latitude ${lat} is out of range: it must be between -90 and 90.`,
    );
  }
  if (lon < -180 || lon > 180) {
    throw new GeoError(
      'out-of-range',
      `Longitude ${lon} is out of range: it must be between -180 and 180.`,
    );
  }
  return { lat: withoutNegativeZero(lat), lon: withoutNegativeZero(lon) };
}

export function isValidLatLon(lat: number, lon: number): boolean {
  return (
    Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180
  );
}

/**
 * Reads a coordinate pair typed or pasted by a person: decimal degrees with signs or N/S/E/W,
 * degrees-minutes-seconds, or degrees and decimal minutes. Latitude comes first unless the
 * hemisphere letters say otherwise. Anything ambiguous or out of range is rejected.
 */
export function parseCoordinates(text: string): LatLon {
  const trimmed = text.trim().replace(/^[([]\s*/, '').replace(/\s*[)\]]$/, '');
  if (trimmed === '') {
    const example = '"48.8566, 2.3522"';
    throw new GeoError('invalid-coordinates', `Enter a latitude and a longitude, e.g. ${example}.`);
  }
  const halves = splitIntoHalves(tokenize(trimmed, text), text);
  let [first, second] = halves.map((half) => readComponent(half, text)) as [Component, Component];

  if (first.axis !== null && first.axis === second.axis) {
    const letters = first.axis === 'lat' ? 'N/S' : 'E/W';
    throw invalid(text, `both parts are marked ${letters}; one must be N/S and the other E/W`);
  }
  if (first.axis === 'lon' || second.axis === 'lat') [first, second] = [second, first];

  return validateLatLon(first.degrees, second.degrees);
}

function tokenize(source: string, original: string): Token[] {
  const tokens: Token[] = [];
  const normalised = source.replace(/[\u2212\uFE63\uFF0D]/g, '-');
  let at = 0;
  const match = (pattern: RegExp): string | null => {
    pattern.lastIndex = at;
    const found = pattern.exec(normalised);
    if (found === null) return null;
    at = pattern.lastIndex;
    return found[0];
  };
  const readUnit = (): Unit | null => {
    if (match(DEGREE_MARK) !== null) return 'deg';
    if (match(SECOND_MARK) !== null) return 'sec'; // before minutes, so that '' is not read as ' '
    if (match(MINUTE_MARK) !== null) return 'min';
    return null;
  };

  while (at < normalised.length) {
    if (match(SPACE) !== null) continue;
    if (match(SEPARATOR) !== null) {
      tokens.push({ kind: 'separator' });
      continue;
    }
    const number = match(NUMBER);
    if (number !== null) {
      // Without this, "1e5" would read as 1 degree East followed by 5.
      if (match(EXPONENT) !== null) {
        throw invalid(original, `"${number}e..." looks like scientific notation; write plain decimals`);
      }
      const unit = readUnit();
      tokens.push({
        kind: 'number',
        value: Math.abs(Number(number)),
        text: number,
        negative: number.startsWith('-'),
        signed: /^[+-]/.test(number),
        fractional: number.includes('.'),
        unit,
      });
      continue;
    }
    const hemisphere = match(HEMISPHERE);
    if (hemisphere !== null) {
      tokens.push({ kind: 'hemisphere', hemisphere: hemisphere[0]!.toUpperCase() as Hemisphere });
      continue;
    }
    throw invalid(original, `unexpected "${match(WORD) ?? normalised[at]}"`);
  }
  return tokens;
}

/** Splits the tokens into the two coordinate parts. */
function splitIntoHalves(tokens: Token[], original: string): Token[][] {
  const separators = tokens.filter((token) => token.kind === 'separator').length;
  let groups: Token[][];

  if (separators > 1) {
    throw invalid(original, 'use a single comma between latitude and longitude');
  } else if (separators === 1) {
    const at = tokens.findIndex((token) => token.kind === 'separator');
    groups = [tokens.slice(0, at), tokens.slice(at + 1)];
  } else if (tokens.some((token) => token.kind === 'hemisphere')) {
    const lettersFirst = tokens[0]?.kind === 'hemisphere';
    groups = lettersFirst ? splitBefore(tokens, isHemisphere) : splitAfterHemispheres(tokens);
  } else if (tokens.some((token) => token.kind === 'number' && token.unit === 'deg')) {
    groups = splitBefore(tokens, (token) => token.kind === 'number' && token.unit === 'deg');
  } else if (tokens.length === 2) {
    groups = [tokens.slice(0, 1), tokens.slice(1)];
  } else if (tokens.length < 2) {
    throw invalid(original, 'it needs both a latitude and a longitude');
  } else {
    throw invalid(
      original,
      'it is not clear where the latitude ends; ' +
        'put a comma between latitude and longitude or add N/S and E/W',
    );
  }

  if (groups.length !== 2 || groups.some((group) => group.length === 0)) {
    throw invalid(original, 'it needs exactly one latitude and one longitude');
  }
  return groups;
}

function isHemisphere(token: Token): boolean {
  return token.kind === 'hemisphere';
}

function splitBefore(tokens: Token[], startsGroup: (token: Token) => boolean): Token[][] {
  const groups: Token[][] = [];
  for (const token of tokens) {
    const current = groups.at(-1);
    if (current === undefined || startsGroup(token)) groups.push([token]);
    else current.push(token);
  }
  return groups;
}

function splitAfterHemispheres(tokens: Token[]): Token[][] {
  const groups: Token[][] = [[]];
  tokens.forEach((token, index) => {
    groups.at(-1)!.push(token);
    if (token.kind === 'hemisphere' && index < tokens.length - 1) groups.push([]);
  });
  return groups;
}

/** Reads one part (latitude or longitude) such as `48°51'24"N`, `-33.9` or `S 33 54.2`. */
function readComponent(tokens: Token[], original: string): Component {
  const hemispheres = tokens.filter(
    (token): token is HemisphereToken => token.kind === 'hemisphere',
  );
  const numbers = tokens.filter((token): token is NumberToken => token.kind === 'number');
  const hemisphere = hemispheres[0]?.hemisphere ?? null;

  if (hemispheres.length > 1) {
    throw invalid(original, 'a part has more than one N/S/E/W letter');
  }
  const letterAtAnEnd = tokens[0]?.kind === 'hemisphere' || tokens.at(-1)?.kind === 'hemisphere';
  if (hemisphere !== null && !letterAtAnEnd) {
    throw invalid(original, `the letter ${hemisphere} must come before or after the numbers`);
  }
  if (numbers.length === 0 || numbers.length > 3) {
    throw invalid(original, 'each part must be degrees, optionally followed by minutes and seconds');
  }

  let degrees = 0;
  numbers.forEach((number, index) => {
    const expected = UNITS[index]!;
    if (number.unit !== null && number.unit !== expected) {
      throw invalid(
        original,
        `"${number.text}" is marked as ${UNIT_WORDS[number.unit]} where ${UNIT_WORDS[expected]} were expected`,
      );
    }
    if (index > 0 && number.signed) {
      throw invalid(original, 'only the degrees may carry a sign');
    }
    if (index < numbers.length - 1 && number.fractional) {
      throw invalid(original, `only the last of degrees, minutes and seconds may have decimals`);
    }
    if (index > 0 && number.value >= 60) {
      throw new GeoError(
        'out-of-range',
        `Could not read "${original.trim()}": ` +
          `${UNIT_WORDS[expected]} must be less than 60 (got ${number.text}).`,
      );
    }
    degrees += number.value / 60 ** index;
  });

  const first = numbers[0]!;
  // "-118.24° W" is how many people and models write West: the sign repeats the letter.
  if (hemisphere !== null && first.negative && (hemisphere === 'N' || hemisphere === 'E')) {
    throw invalid(original, `a minus sign contradicts the letter ${hemisphere}`);
  }
  const negative = first.negative || hemisphere === 'S' || hemisphere === 'W';
  const axis: Axis | null =
    hemisphere === null ? null : hemisphere === 'N' || hemisphere === 'S' ? 'lat' : 'lon';
  return { axis, degrees: negative ? -degrees : degrees };
}

function invalid(original: string, reason: string): GeoError {
  return new GeoError(
    'invalid-coordinates',
    `Could not read "${original.trim()}" as coordinates: ${reason}.`,
  );
}

function withoutNegativeZero(value: number): number {
  return value === 0 ? 0 : value;
}
