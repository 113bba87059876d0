// Words a model writes when it has no value for a field.
const NO_VALUE = new Set(['', 'null', 'none', 'nil', 'n/a', 'na', 'unknown', 'not known', 'unsure', 'not sure', 'undefined', '-', '--', '?', 'not applicable', 'not identified', 'no landmark', 'none visible', 'none identified']);

// Short words that stay lower case inside a place name ("Stratford-upon-Avon", "Côte d'Ivoire").
const MINOR_WORDS = new Set(['and', 'of', 'the', 'upon', 'on', 'en', 'de', 'del', 'della', 'des', 'di', 'da', 'do', 'dos', 'das', 'du', 'la', 'le', 'les', 'y', 'van', 'von', 'der', 'den', 'am', 'im', 'sur', 'al', 'el']);

/**
 * A place name as people write it: trimmed, single-spaced, without wrapping quotes, markdown
 * or a final full stop, and in title case when the model wrote it all in one case. Mixed case
 * is kept as given ("McLean", "São Paulo", "USA"). Placeholder words become null.
 */
export function normaliseName(value: string): string | null {
  const cleaned = value
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[*_`"'“”‘’«»\s]+|[*_`"'“”‘’«»\s]+$/g, '')
    .replace(/(?<=\p{L}{2})\.$/u, '') // "Paris." but not "Washington, D.C."
    .trim();
  if (NO_VALUE.has(cleaned.toLowerCase()) || isTemplateSlot(cleaned)) return null;
  return isOneCase(cleaned) ? titleCase(cleaned) : cleaned;
}

/** A reason or explanation: trimmed and single-spaced, otherwise untouched. */
export function normaliseText(value: string): string | null {
  const cleaned = value.replace(/\s+/g, ' ').trim();
  return NO_VALUE.has(cleaned.toLowerCase()) ? null : cleaned;
}

/** "<city or town>": the prompt's placeholder echoed back instead of an answer. */
function isTemplateSlot(text: string): boolean {
  return /^<[^<>]*>$/.test(text);
}

function isOneCase(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length <= 3) return false; // "UK", "USA", "NYC" stay as they are
  return letters === letters.toLowerCase() || letters === letters.toUpperCase();
}

function titleCase(text: string): string {
  return text
    .toLowerCase()
    .split(/(\s+|-)/)
    .map((word, index) => {
      if (index > 0 && MINOR_WORDS.has(word)) return word;
      // "d'ivoire" -> "d'Ivoire" inside a name, "o'brien" -> "O'Brien" anywhere
      const afterElision = (_match: string, head: string, letter: string) => head + letter.toUpperCase();
      const elided = word.replace(/^(\p{L}['’])(\p{L})/u, afterElision);
      if (index > 0 && /^[dl]['’]/.test(word)) return elided;
      return elided.replace(/^\p{L}/u, (letter) => letter.toUpperCase());
    })
    .join('');
}
