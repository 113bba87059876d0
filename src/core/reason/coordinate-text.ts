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
const NUMBER = String.raw`(?<![\d.])[+\-\u2212]?\d{1,3}(?:\.\d+)?(?!\d)`;
const DEGREES = String.raw`\s*[°º˚]`;
const MINUTES = String.raw`\s*\d{1,2}(?:\.\d+)?\s*['′’]`;
const SECONDS = String.raw`\s*\d{1,2}(?:\.\d+)?\s*(?:["″”]|''|′′|’’)`;
const COMPONENT = `(?:${HEMISPHERE}\\s*)?${NUMBER}(?:${DEGREES}(?:${MINUTES}(?:${SECONDS})?)?)?(?:\\s*${HEMISPHERE})?`;
const PAIR = String.raw`(?<a>${COMPONENT})\s*[,;/]?\s*(?<b>${COMPONENT})`;

const LAT_WORD = anyCase('lat(?:itude)?');
const LON_WORD = anyCase('(?:lon(?:g(?:itude)?)?|lng)');
const AXES = `(?:${LAT_WORD}|${LON_WORD})\\s*[/,&]\\s*(?:${LAT_WORD}|${LON_WORD})`;
const PAIR_LABEL = `(?:${anyCase('(?:gps )?coord(?:inate)?s?')}|${anyCase('gps')}|${AXES}|${anyCase('location')}|${anyCase('position')})`;
// Between a label and its value: markdown, quotes, an optional "(lat, lon)" note and a colon.
const LABEL_TAIL = String.raw`[*_"']*\s*(?:\((?<note>[^)\n]{0,30})\))?\s*[*_"']*\s*(?:[:=]|${anyCase('is')}|${anyCase('are')})\s*[*_"'\s]*`;

const LABELLED_PAIR = new RegExp(String.raw`(?<!\p{L})(?<label>${PAIR_LABEL})${LABEL_TAIL}[(\[]?\s*${PAIR}\s*[)\]]?`, 'gu');
const LABELLED_VALUE = new RegExp(String.raw`(?<!\p{L})(?:(?<lat>${LAT_WORD})|${LON_WORD})(?![\p{L}/])${LABEL_TAIL}(?<value>${COMPONENT})`, 'gu');
const BRACKETED_DECIMALS = new RegExp(String.raw`[(\[]\s*(?<a>${NUMBER})\s*[,;]\s*(?<b>${NUMBER})\s*[)\]]`, 'gu');
const MARKED_PAIR = new RegExp(PAIR, 'gu');
const BARE_DECIMALS = new RegExp(String.raw`(?<a>${NUMBER})\s*,\s*(?<b>${NUMBER})`, 'gu');

/**
 * Finds the coordinates in a free-text answer. Labelled ones come first ("Coordinates: ...",
 * "lat/lon: ...", "Latitude: ... Longitude: ...", in either order when the labels say so);
 * then unlabelled pairs that can only be coordinates: in brackets with decimals, marked with
 * N/S/E/W or degree signs, or two numbers with at least two decimals each.
 */
export function findCoordinatePairs(text: string): CoordinateScan {
  const scan = new Scan(text);
  scan.labelledPairs();
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
    for (const match of this.matches(LABELLED_PAIR)) {
      const { label, note, a, b } = match.groups as { label: string; note?: string; a: string; b: string };
      const text = `${a}, ${b}`;
      const lonFirst = saysLongitudeFirst(`${label} ${note ?? ''}`) && !/[NSEWnsew]/.test(text.replace(/\d/g, ''));
      this.read(match, () => parseCoordinates(lonFirst ? `${b}, ${a}` : text), true);
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
  private matches(pattern: RegExp, useUp = true): RegExpMatchArray[] {
    const found = [...this.rest.matchAll(pattern)];
    if (useUp) for (const match of found) this.blank(match);
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
