// Place names compared loosely: "SÃO PAULO", "Sao Paulo" and "são-paulo" are one key, and so
// are "St. Petersburg" and "Saint Petersburg".

const LETTERS: Record<string, string> = { ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h' };
const WORDS: Record<string, string> = { st: 'saint', ste: 'sainte', sta: 'santa', sto: 'santo', mt: 'mount', ft: 'fort', pt: 'port' };

// Words around a name that say what kind of place it is rather than which ("City of Sydney",
// "Quebec City", "Aichi Prefecture"). A key without them is tried after the key itself.
const LEADING = /^(?:the |city of |town of |village of |municipality of |greater |state of |province of |prefecture of |region of |republic of |county of |metropolitan city of |comune di |ville de |ciudad de )+/;
const TRAILING = /(?: city| town| village| municipality| metropolitan area| metro area| metropolis| prefecture| province| state| region| county| district| oblast| krai| governorate| department| canton| voivodeship| municipal district| special capital region| capital region| capital territory)+$/;

export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßøæœłđðþıħ]/g, (letter) => LETTERS[letter]!)
    .replace(/['’ʻʼ`´]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .map((word) => WORDS[word] ?? word)
    .join(' ');
}

/** The key without words that only say what kind of place it is; the key itself when nothing is left. */
export function bareKey(key: string): string {
  const bare = key.replace(LEADING, '').replace(TRAILING, '').trim();
  return bare === '' ? key : bare;
}
