// Places named in running text, for replies that give neither coordinates nor labelled names:
// "This photo was taken in Los Angeles, California." Only phrasings that commit to a place are
// read (a verb of place before the name, or "City, Region" after a preposition); a country alone
// is too vague to look up, as elsewhere in the parser.
import { countryByName } from './countries';
import { normaliseName } from './names';

export interface ProsePlace {
  readonly city: string | null;
  readonly region: string | null;
  readonly country: string | null;
  /** The words that named it, as written. */
  readonly text: string;
}

// A capitalised name of up to five words; small linking words inside it ("Rio de Janeiro").
const WORD = String.raw`(?:St\.|Ste\.|Mt\.|Ft\.|\p{Lu}[\p{L}\p{M}'’\-]*)`;
const LINK = String.raw`(?:de|del|da|do|dos|la|le|les|los|las|el|of|upon|am|an|sur|en|di|on)`;
const NAME = String.raw`${WORD}(?:[ \-](?:${LINK}[ \-])?${WORD}){0,4}`;
// "Los Angeles, California", "Antigonish in Nova Scotia, Canada", "Kyoto, Japan".
const PLACE = String.raw`(?<first>${NAME})(?:(?:,\s*|\s+in\s+(?:the\s+)?)(?<second>${NAME}))?(?:,\s*(?<third>${NAME}))?`;
const AREA = String.raw`(?:(?:the\s+)?(?:(?:city|town|village|capital|outskirts|suburbs|centre|center|downtown area)\s+of\s+|downtown\s+))?`;
const PLACE_VERB = String.raw`(?:taken|located|shot|captured|photographed|filmed|situated|set|somewhere|likely|probably|possibly|perhaps|presumably)`;
const COMMITTING = new RegExp(
  String.raw`(?<![\p{L}])(?:${PLACE_VERB}\s+(?:(?:in|at|near|from|around)\s+)?|(?:this|it)\s+(?:is|was)\s+(?:(?:in|at)\s+)?|(?:could|might|may|must)\s+be\s+(?:(?:in|at)\s+)?|(?:image|photo|photograph|picture|scene|location|place|view|shot)\s+(?:is|was)\s+(?:located\s+|taken\s+|likely\s+|probably\s+)?(?:in|at|near|from)\s+|(?:looks|seems|appears)\s+(?:like|to\s+be)\s+(?:(?:in|at)\s+)?)${AREA}${PLACE}`,
  'gu',
);
// "Location: Los Angeles, California", "Final answer: Kyoto".
const LABELLED_PLACE = new RegExp(
  String.raw`^[\s>#*•-]*(?:(?:${anyCase('my|final|best|estimated|predicted|likely|probable')})\s+)*(?:${anyCase('location|place|answer|guess|city')})[*_]*\s*[:：]\s*[*_]*\s*${AREA}${PLACE}[*_]*\s*\.?\s*$`,
  'gmu',
);
// A whole reply that is only "Tokyo, Japan".
const WHOLE_REPLY = new RegExp(String.raw`^\s*(?<first>${NAME}),\s*(?<second>${NAME})(?:,\s*(?<third>${NAME}))?\s*\.?\s*$`, 'gu');
const CITY_AND_AREA = new RegExp(String.raw`(?<![\p{L}])(?:in|at|near|from|or)\s+${AREA}(?<first>${NAME}),\s*(?<second>${NAME})(?:,\s*(?<third>${NAME}))?`, 'gu');
// Capitalised words that start sentences or name things other than places.
const NOT_PLACES = new Set(
  ['I', 'It', 'This', 'That', 'The', 'A', 'An', 'My', 'Our', 'Unknown', 'None', 'Not', 'No', 'Yes', 'Based', 'However', 'Latitude', 'Longitude', 'Coordinates', 'Google', 'Maps', 'Street', 'View', 'English', 'Spanish', 'French', 'German', 'Chinese', 'Japanese', 'Arabic', 'Europe', 'Asia', 'Africa', 'America', 'North America', 'South America', 'Oceania', 'Antarctica', 'Earth',
    ...['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    ...['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'Spring', 'Summer', 'Autumn', 'Fall', 'Winter'],
  ].map((word) => word.toLowerCase()),
);

/** Label words in any case; the names after them must still start with a capital. */
function anyCase(words: string): string {
  return words.replace(/[a-z]/g, (letter) => `[${letter}${letter.toUpperCase()}]`);
}

/** The places the text commits to, in order, repeats and overlaps removed. */
export function findProsePlaces(text: string): ProsePlace[] {
  const found: (ProsePlace & { at: number })[] = [];
  const taken: [number, number][] = [];
  for (const pattern of [WHOLE_REPLY, LABELLED_PLACE, COMMITTING, CITY_AND_AREA]) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index!;
      const end = start + match[0].length;
      if (taken.some(([from, to]) => start < to && end > from)) continue;
      taken.push([start, end]);
      const { first, second, third } = match.groups as { first: string; second?: string; third?: string };
      const place = placeOf([first, second, third], match[0].replace(/[*_]/g, '').trim());
      if (place !== null) found.push({ ...place, at: start });
    }
  }
  found.sort((a, b) => a.at - b.at);
  return distinctPlaces(found.map(({ at: _, ...place }) => place));
}

function placeOf(parts: readonly (string | undefined)[], text: string): ProsePlace | null {
  const names = parts.filter((part): part is string => part !== undefined).map(trimName);
  if (names.length === 0 || names.some((name) => name === null)) return null;
  const [first, ...rest] = names as string[];
  if (countryByName(first!) !== undefined) return null; // a country alone, or a list of countries
  const last = rest.at(-1);
  const country = last === undefined ? undefined : countryByName(last);
  const regions = country === undefined ? rest : rest.slice(0, -1);
  return { city: first!, region: regions[0] ?? null, country: country?.name ?? null, text };
}

/** Drops a trailing sentence-start word and rejects words that are not place names. */
function trimName(name: string): string | null {
  const cleaned = normaliseName(name.replace(/[.'’]+$/, ''));
  if (cleaned === null || NOT_PLACES.has(cleaned.toLowerCase()) || NOT_PLACES.has(cleaned.split(/\s+/)[0]!.toLowerCase())) return null;
  return cleaned;
}

/** "Los Angeles, California" then "Los Angeles" or "California" is one place, not two. */
function distinctPlaces(places: readonly ProsePlace[]): ProsePlace[] {
  const distinct: ProsePlace[] = [];
  const key = (name: string | null) => name?.toLowerCase() ?? null;
  for (const place of places) {
    const same = distinct.find((seen) => {
      const names = [seen.city, seen.region, seen.country].map(key);
      return names.includes(key(place.city)) && (place.region === null || names.includes(key(place.region)));
    });
    const wider = distinct.findIndex((seen) => {
      const names = [place.city, place.region, place.country].map(key);
      return names.includes(key(seen.city)) && (seen.region === null || names.includes(key(seen.region)));
    });
    if (same !== undefined) continue;
    if (wider !== -1) distinct[wider] = place; // the fuller naming of the same place
    else distinct.push(place);
  }
  return distinct;
}
