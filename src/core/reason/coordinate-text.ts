import { parseCoordinates } from '../geo/coords';
import { GeoError } from '../geo/errors';
import type { LatLon } from '../geo/types';

export interface FoundPair extends LatLon {
  /** The text the pair was read from. */
  readonly text: string;
}

export interface CoordinateScan {
  /** Every readable pair, in order of appearance (repeats included). */
  readonly pairs: readonly FoundPair[];
  /** Labelled coordinates that could not be used, each with the reason why. */
  readonly problems: readonly PairProblem[];
}

export interface PairProblem {
  readonly kind: 'out-of-range' | 'unreadable' | 'unpaired';
  readonly message: string;
}

/** Reads one latitude and one longitude written separately (numbers, DMS, N/S/E/W); throws GeoError. */
export function readPair(latitude: string, longitude: string): LatLon {
  return parseCoordinates(`${latitude}, ${longitude}`);
}

/** Every "[Cc][Oo]..." so that labels match in any case while N/S/E/W stay capitals. */
function anyCase(source: string): string {
  return source.replace(/[a-z]/g, (letter) => `[${letter}${letter.toUpperCase()}]`);
}

const HEMISPHERE = String.raw`(?:[NSEW]|[Nn]orth|[Ss]outh|[Ee]ast|[Ww]est)(?!\p{L})`;
// A number of degrees: not a piece of a grouped number such as 8,336,817 or 1,234.5.
const NUMBER = String.raw`(?<![\d.]|(?:^|[^\d.,])\d{1,3}(?:,\d{3})*,)[+\-]?\d{1,3}(?:\.\d+|(?!,\d{3}(?!\d)))(?!\d)`;
const DEGREES = String.raw`\s*[°º˚]`;
const MINUTES = String.raw`\s*\d{1,2}(?:\.\d+)?\s*['′’]`;
const SECONDS = String.raw`\s*\d{1,2}(?:\.\d+)?\s*(?:["″”]|''|′′|’’)`;
const MAGNITUDE = `${NUMBER}(?:${DEGREES}(?:${MINUTES}(?:${SECONDS})?)?)?`;
// A letter before or after, never both: in "N 48° 12.5' E 16° 22.5'" the E belongs to the longitude.
const COMPONENT = `(?:${HEMISPHERE}\\s*${MAGNITUDE}|${MAGNITUDE}(?:\\s*${HEMISPHERE})?)`;
const BETWEEN = String.raw`(?:\s*[,;/]\s*|\s+(?:and|&)\s+|\s*)`;
const PAIR = `(?<a>${COMPONENT})${BETWEEN}(?<b>${COMPONENT})`;

const LAT_WORD = anyCase('lat(?:itude)?');
const LON_WORD = anyCase('(?:lon(?:g(?:itude)?)?|lng)');
const AXES = `(?:${LAT_WORD}|${LON_WORD})(?:\\s*[/,&-]\\s*|\\s+${anyCase('and')}\\s+)(?:${LAT_WORD}|${LON_WORD})`;
const PAIR_LABEL = `(?:${anyCase('(?:gps )?coord(?:inate)?s?')}|${anyCase('gps')}|${AXES}|${anyCase('location')}|${anyCase('position')})`;
const VERB = `(?:[:=≈~]|${['is', 'are', 'of', 'at', 'would be', 'will be', 'reads'].map(anyCase).join('|')})(?!\\p{L})`;
const HEDGE = `(?:${['approximately', 'approx\\.?', 'about', 'around', 'roughly', 'circa', 'ca\\.', 'near', 'estimated'].map(anyCase).join('|')})(?!\\p{L})`;
// Between a label and its value: markdown, quotes, an optional "(lat, lon)" note, a colon or a
// verb, and a hedge ("approximately"). Without a colon or verb only lat/lon words count as labels.
const LABEL_TAIL = String.raw`\.?[*_"']*\s*(?:\((?<note>[^)\n]{0,30})\))?\s*[*_"']*\s*(?:(?<verb>${VERB})\s*)?(?:${HEDGE}\s*)?[*_"'\s]*`;

const LABELLED_PAIR = new RegExp(String.raw`(?<!\p{L})(?<label>${PAIR_LABEL})${LABEL_TAIL}[(\[]?\s*${PAIR}\s*[)\]]?`, 'gu');
const LABELLED_VALUE = new RegExp(String.raw`(?<!\p{L})(?:(?<lat>${LAT_WORD})|${LON_WORD})(?![\p{L}/])${LABEL_TAIL}(?<value>${COMPONENT})`, 'gu');
// "29.97 latitude and -90.07 longitude": both values before their labels.
const TRAILING_LABELS = new RegExp(
  String.raw`(?<a>${COMPONENT})\s*(?<first>${LAT_WORD}|${LON_WORD})(?!\p{L})[\s,;]*(?:${anyCase('and')}\s+)?(?<b>${COMPONENT})\s*(?<second>${LAT_WORD}|${LON_WORD})(?!\p{L})`,
  'gu',
);
const BRACKETED_DECIMALS = new RegExp(String.raw`[(\[]\s*(?<a>${NUMBER})\s*[,;]\s*(?<b>${NUMBER})\s*[)\]]`, 'gu');
const MARKED_PAIR = new RegExp(PAIR, 'gu');
const BARE_DECIMALS = new RegExp(String.raw`(?<a>${NUMBER})\s*,\s*(?<b>${NUMBER})`, 'gu');

/**
 * The same text with the ways of writing numbers that the patterns do not know made plain:
 * Unicode minus signs and dashes before a number, "~" and "≈" before one, decimal commas,
 * digit groups after the decimal point ("48.208 353"), degrees, minutes and seconds written as
 * words, and decimal minutes written without their mark.
 */
export function plainCoordinateText(text: string): string {
  let plain = text
    .replace(/(^|[^\p{L}\p{N}.])[\u2010-\u2015\u2212\uFE63\uFF0D](?=\d)/gu, '$1-')
    .replace(/[~≈](?=\s*[+\-]?\d)/g, ' ')
    // A decimal comma: four or more digits after it cannot be a thousands group ("48,2083537").
    .replace(/(?<![\d.,])([+\-]?\d{1,3}),(\d{4,})(?!\d|,\d)/g, '$1.$2')
    .replace(/(\d)\s*(?:degrees?|degs?|deg\.)(?!\p{L})/giu, '$1°')
    .replace(/(\d°\s*\d{1,2}(?:\.\d+)?)\s*(?:minutes?|mins?|min\.)(?!\p{L})/giu, "$1'")
    .replace(/(\d'\s*\d{1,2}(?:\.\d+)?)\s*(?:seconds?|secs?|sec\.)(?!\p{L})/giu, '$1"');
  for (let before = ''; before !== plain; ) {
    before = plain;
    plain = plain.replace(/(\.\d+)[\u2009\u202F\u00A0](?=\d{1,3}(?!\d))/g, '$1');
    // With plain spaces only in threes from the point (ISO style, "48.208 353 7"), so that two
    // numbers in a row ("48.2 16") are never joined.
    plain = plain.replace(/(?<=(?<![\d.])[+\-]?\d{1,3}\.(?:\d{3})+) (?=\d{1,3}(?!\d|\.\d|[°º˚'′’]|,\d{3}(?!\d)))/g, '');
  }
  // Degrees and decimal minutes with no minute mark, as geocachers write them ("N 48° 12.500").
  return plain.replace(/(\d\s*[°º˚]\s*\d{1,2}\.\d+)(?=\s*(?:[NSEW](?!\p{L})|[,;/)\]]|$))/gmu, "$1'");
}

/**
 * Finds the coordinates in a free-text answer. Labelled ones come first ("Coordinates: ...",
 * "lat/lon: ...", "Latitude: ... Longitude: ...", "29.9 latitude and -90.1 longitude", in
 * either order when the labels say so); then unlabelled pairs that can only be coordinates: in
 * brackets with decimals, marked with N/S/E/W or degree signs, or two numbers with at least
 * two decimals each.
 */
export function findCoordinatePairs(text: string): CoordinateScan {
  const scan = new Scan(plainCoordinateText(text));
  scan.labelledPairs();
  scan.trailingLabels();
  scan.labelledValues();
  scan.unlabelled(BRACKETED_DECIMALS, (a, b) => a.includes('.') && b.includes('.'));
  scan.unlabelled(MARKED_PAIR, (a, b) => isMarked(a) && isMarked(b));
  scan.unlabelled(BARE_DECIMALS, (a, b) => decimals(a) >= 2 && decimals(b) >= 2);
  return { pairs: scan.pairs.sort((x, y) => x.at - y.at).map(({ at: _, ...pair }) => pair), problems: scan.problems };
}

class Scan {
  /** The text with every span already read blanked out, so that no pair is read twice. */
  private rest: string;
  readonly pairs: (FoundPair & { at: number })[] = [];
  readonly problems: PairProblem[] = [];

  constructor(text: string) {
    this.rest = text;
  }

  labelledPairs(): void {
    for (const match of this.matches(LABELLED_PAIR, (found) => looksLabelled(found))) {
      const { label, note, a, b } = match.groups as { label: string; note?: string; a: string; b: string };
      const text = `${a}, ${b}`;
      const lonFirst = saysLongitudeFirst(`${label} ${note ?? ''}`) && !/[NSEWnsew]/.test(text.replace(/\d/g, ''));
      this.read(match, () => parseCoordinates(lonFirst ? `${b}, ${a}` : text), true);
    }
  }

  trailingLabels(): void {
    for (const match of this.matches(TRAILING_LABELS)) {
      const { a, b, first, second } = match.groups as { a: string; b: string; first: string; second: string };
      const firstIsLat = /^lat/i.test(first);
      if (firstIsLat === /^lat/i.test(second)) {
        this.problems.push({ kind: 'unpaired', message: `"${match[0].trim()}" labels both numbers ${firstIsLat ? 'latitude' : 'longitude'}.` });
        continue;
      }
      this.read(match, () => (firstIsLat ? readPair(a, b) : readPair(b, a)), true);
    }
  }

  labelledValues(): void {
    const latitudes: RegExpMatchArray[] = [];
    const longitudes: RegExpMatchArray[] = [];
    for (const match of this.matches(LABELLED_VALUE)) (match.groups!.lat ? latitudes : longitudes).push(match);
    if (latitudes.length !== longitudes.length) {
      const message =
        `The answer gives ${count(latitudes.length, 'latitude')} but ${count(longitudes.length, 'longitude')}; ` +
        'they cannot be paired.';
      this.problems.push({ kind: 'unpaired', message });
      return;
    }
    latitudes.forEach((latitude, index) => {
      const longitude = longitudes[index]!;
      const read = () => readPair(latitude.groups!.value!, longitude.groups!.value!);
      const first = latitude.index! < longitude.index! ? latitude : longitude;
      this.read(first, read, true);
    });
  }

  unlabelled(pattern: RegExp, looksLikeCoordinates: (a: string, b: string) => boolean): void {
    for (const match of this.matches(pattern, false)) {
      const { a, b } = match.groups as { a: string; b: string };
      if (looksLikeCoordinates(a, b) && this.read(match, () => parseCoordinates(`${a}, ${b}`), false)) this.blank(match);
    }
  }

  /** Labelled matches are used up whether or not they read; unlabelled ones only when they do. */
  private matches(pattern: RegExp, useUp: boolean | ((match: RegExpMatchArray) => boolean) = true): RegExpMatchArray[] {
    const found = [...this.rest.matchAll(pattern)].filter((match) => typeof useUp !== 'function' || useUp(match));
    if (useUp !== false) for (const match of found) this.blank(match);
    return found;
  }

  /** Records the pair, or for labelled text the problem with it; true when a pair was read. */
  private read(match: RegExpMatchArray, parse: () => LatLon, labelled: boolean): boolean {
    try {
      const { lat, lon } = parse();
      this.pairs.push({ lat, lon, text: match[0].trim(), at: match.index! });
      return true;
    } catch (error) {
      if (!(error instanceof GeoError)) throw error;
      if (labelled) {
        const kind = error.code === 'out-of-range' ? 'out-of-range' : 'unreadable';
        this.problems.push({ kind, message: error.message });
      }
      return false;
    }
  }

  private blank(match: RegExpMatchArray): void {
    const start = match.index!;
    const end = start + match[0].length;
    this.rest = this.rest.slice(0, start) + ' '.repeat(end - start) + this.rest.slice(end);
  }
}

/** "Location 3, 4" is not a label: without a colon or verb, only lat/lon words or marked decimals make one. */
function looksLabelled(match: RegExpMatchArray): boolean {
  const { label, verb, a, b } = match.groups as { label: string; verb?: string; a: string; b: string };
  if (verb !== undefined || /lat|lon|lng/i.test(label)) return true;
  return (a.includes('.') || isMarked(a)) && (b.includes('.') || isMarked(b));
}

function saysLongitudeFirst(label: string): boolean {
  const lat = label.search(/lat/i);
  const lon = label.search(/lon|lng/i);
  return lat !== -1 && lon !== -1 && lon < lat;
}

function isMarked(component: string): boolean {
  return /[°º˚NSEW]|north|south|east|west/i.test(component);
}

function decimals(number: string): number {
  return number.split('.')[1]?.length ?? 0;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
