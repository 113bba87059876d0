import { emptyNames, type NameField, type Names } from './answer-reading';
import { normaliseName, normaliseText } from './names';

const NAME_LABELS: readonly [RegExp, NameField | 'reasons'][] = [
  [/^country[ _-]?code|^iso(?: code)?$/, 'countryCode'],
  [/^country$/, 'country'],
  [/^(?:region|state|province|region\/state|state\/province)$/, 'region'],
  [/^(?:city|town|city\/town)$/, 'city'],
  [/^landmark$/, 'landmark'],
  [/^(?:reasons?|reasoning|explanation)$/, 'reasons'],
];
const LABELLED_LINE = /^[\s>#*•-]*(?:\d+[.)]\s*)?[*_]*([A-Za-z][A-Za-z _/-]{1,24}?)[*_]*\s*[:：]\s*(.*)$/;
const BULLET = /^\s*(?:[-*•]|\d+[.)])\s+(.*)$/;

/** "Country: France", "**City:** Paris", "Reasons:" followed by bullets; the last of each wins. */
export function readLabelledNames(text: string): Names {
  const names = emptyNames();
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    const match = LABELLED_LINE.exec(line);
    if (!match) return;
    const label = match[1]!.trim().toLowerCase();
    const field = NAME_LABELS.find(([pattern]) => pattern.test(label))?.[1];
    const value = match[2]!.replace(/\*\*/g, '').trim();
    if (field === undefined) return;
    if (field === 'reasons') {
      names.reasons = value !== '' ? [value] : bulletsAfter(lines, index);
    } else if (looksLikeAName(value)) {
      names[field] = normaliseName(value) ?? names[field];
    }
  });
  return names;
}

/** "Country: the plates are yellow, so the Netherlands." is a reasoning step, not a name. */
function looksLikeAName(value: string): boolean {
  return value.length <= 60 && value.split(/\s+/).length <= 8;
}

function bulletsAfter(lines: readonly string[], index: number): string[] {
  const bullets: string[] = [];
  for (const line of lines.slice(index + 1)) {
    const bullet = BULLET.exec(line);
    if (!bullet) break;
    const text = normaliseText(bullet[1]!.replace(/\*\*/g, ''));
    if (text !== null) bullets.push(text);
  }
  return bullets;
}
