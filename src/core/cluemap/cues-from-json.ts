// Turns whatever JSON shape a model chose into (cue, description) pairs:
//   [{"cue": ..., "description": ...}], {"cues": [...]}, [["cue", "description"]],
//   {"Tower": "tall ..."}, {"Vehicles": ["red bus", ...]}, ["Tower: tall", "(Bus, red)"].

import { cleanCueText, cleanDescription, normaliseKey } from './clean';

export interface RawPair {
  readonly text: string;
  readonly description: string;
}

/** How a plain string found inside the JSON is read: the same way as a reply's lines. */
export type ReadString = (text: string) => RawPair[];

const TEXT_KEYS = new Set(['cue', 'clue', 'name', 'element', 'item', 'title', 'feature', 'object', 'label', 'visual cue', 'cue name', 'cue text']);
const DESCRIPTION_KEYS = new Set(['description', 'detailed description', 'details', 'detail', 'desc', 'explanation', 'text', 'value', 'info', 'observation']);
const CATEGORY_KEYS = new Set(['category', 'type', 'cue type', 'cue category']);
const MAX_DEPTH = 16;

export function cuesFromJson(value: unknown, readString: ReadString): RawPair[] {
  return fromValue(value, readString, 0);
}

function fromValue(value: unknown, readString: ReadString, depth: number): RawPair[] {
  if (depth > MAX_DEPTH || value === null || value === undefined) return [];
  if (typeof value === 'string') return readString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return [];
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((element) => Array.isArray(element))) {
      return value.flatMap((element: unknown[]) => fromTuple(element, readString, depth));
    }
    return value.flatMap((element) => fromValue(element, readString, depth + 1));
  }
  if (typeof value === 'object') return fromObject(value as Record<string, unknown>, readString, depth);
  return [];
}

/** ["Tower", "tall ..."]: the first element names the cue, the rest describe it. */
function fromTuple(tuple: unknown[], readString: ReadString, depth: number): RawPair[] {
  if (tuple.length > 0 && tuple.every((element) => Array.isArray(element) || (typeof element === 'object' && element !== null))) {
    return fromValue(tuple, readString, depth + 1);
  }
  const [head, ...tail] = tuple.map(flatText);
  return pair(head ?? '', tail.filter((part) => part !== '').join(', '));
}

function fromObject(object: Record<string, unknown>, readString: ReadString, depth: number): RawPair[] {
  const entries = Object.entries(object).map(([key, value]) => ({ key: normaliseKey(key), raw: key, value }));
  const textEntry = entries.find((entry) => TEXT_KEYS.has(entry.key));
  const descriptionEntry = entries.find((entry) => entry !== textEntry && (DESCRIPTION_KEYS.has(entry.key) || entry.key.includes('description')));
  const categoryEntry = entries.find((entry) => CATEGORY_KEYS.has(entry.key));
  if (textEntry !== undefined) return pair(flatText(textEntry.value), flatText(descriptionEntry?.value));
  if (descriptionEntry !== undefined && categoryEntry !== undefined) {
    return pair(flatText(categoryEntry.value), flatText(descriptionEntry.value));
  }
  if (descriptionEntry !== undefined && entries.length === 1) return fromValue(descriptionEntry.value, readString, depth + 1);

  // No field names we know: read it as a map from cue to description, or from a group to its cues.
  return entries.flatMap((entry) => {
    if (typeof entry.value === 'string' || typeof entry.value === 'number') return pair(entry.raw, String(entry.value));
    if (entry.value === null || entry.value === '') return pair(entry.raw, '');
    if (Array.isArray(entry.value)) return fromValue(entry.value, readString, depth + 1);
    if (typeof entry.value === 'object') {
      const inner = entry.value as Record<string, unknown>;
      const described = Object.entries(inner).find(([key]) => DESCRIPTION_KEYS.has(normaliseKey(key)) || normaliseKey(key).includes('description'));
      if (described !== undefined && !Object.keys(inner).some((key) => TEXT_KEYS.has(normaliseKey(key)))) {
        return pair(entry.raw, flatText(described[1]));
      }
      return fromValue(inner, readString, depth + 1);
    }
    return [];
  });
}

function pair(rawText: string, rawDescription: string): RawPair[] {
  const text = cleanCueText(rawText);
  return text === '' ? [] : [{ text, description: cleanDescription(rawDescription, true) }];
}

/** A field's value as one line of text; lists are joined. */
function flatText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(flatText).filter((part) => part !== '').join('; ');
  return '';
}
