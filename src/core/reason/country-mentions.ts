import { COUNTRIES, countryByName, countryKey, foldAccents } from './countries';

export interface CountryMention {
  readonly code: string;
  /** Offsets into the text searched: text.slice(start, end) is the mention. */
  readonly start: number;
  readonly end: number;
}

// Places whose names contain a country's name but are not in that country. Matching them as
// a whole stops "New Jersey" from reading as Jersey.
const NOT_COUNTRIES = ['New Jersey', 'Jersey City', 'New Mexico', 'New South Wales', 'New Guinea', 'Gulf of Guinea', 'Guinea pig'];
const notCountryKeys = new Set(NOT_COUNTRIES.map(countryKey));

// Acronyms such as "US" or "UK" only count in capitals: "us" is a word.
const ACRONYM = /^(?:[A-Z]\.?){2,4}$/;

const allNames = [...COUNTRIES.flatMap((country) => country.names.flatMap(spellings)), ...NOT_COUNTRIES];
const anyCase = matcher(allNames.filter((name) => !ACRONYM.test(name)), 'giu');
const exactCase = matcher(allNames.filter((name) => ACRONYM.test(name)), 'gu');

/** Every place in the text where a country is named, in order; the longest name wins an overlap. */
export function findCountryMentions(text: string): CountryMention[] {
  const folded = foldAccents(text);
  const hits = [...folded.matchAll(anyCase), ...folded.matchAll(exactCase)]
    .map((match) => ({ key: countryKey(match[0]), start: match.index, end: match.index + spanLength(match[0]) }))
    .sort((a, b) => a.start - b.start || b.end - a.end);

  const mentions: CountryMention[] = [];
  let reached = 0;
  for (const hit of hits) {
    if (hit.start < reached) continue;
    reached = hit.end;
    const code = notCountryKeys.has(hit.key) ? undefined : countryByName(hit.key)?.code;
    if (code !== undefined) mentions.push({ code, start: hit.start, end: hit.end });
  }
  return mentions;
}

/** "UK." at the end of a sentence is "UK" and a full stop; "U.S." keeps its last dot. */
function spanLength(matched: string): number {
  const dots = matched.split('.').length - 1;
  return dots === 1 && matched.endsWith('.') ? matched.length - 1 : matched.length;
}

/** The name as given plus its "St" and "&" forms, without accents (the text is folded too). */
function spellings(name: string): string[] {
  const forms = [foldAccents(name)];
  if (name.startsWith('Saint ')) forms.push(forms[0]!.replace(/^Saint /, 'St '), forms[0]!.replace(/^Saint /, 'St. '));
  for (const form of [...forms]) if (form.includes(' and ')) forms.push(form.replace(' and ', ' & '));
  return forms;
}

function matcher(names: readonly string[], flags: string): RegExp {
  const alternatives = [...names].sort((a, b) => b.length - a.length).map(pattern);
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, flags);
}

/** A regex source for a name that tolerates hyphens for spaces and optional apostrophes and dots. */
function pattern(name: string): string {
  return [...name]
    .map((char) => {
      if (char === ' ' || char === '-') return '[\\s-]+';
      if (char === "'" || char === '’') return "['’]?";
      if (char === '.') return '\\.?';
      return char.replace(/[\\^$*+?()[\]{}|/]/g, '\\$&');
    })
    .join('');
}
