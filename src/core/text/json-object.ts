// Strict JSON for files the app reads as data (manifests): an object, or nothing.

/** The text's top-level JSON object, or null when the text is not JSON or not an object. */
export function jsonObject(text: string): Record<string, unknown> | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
}
