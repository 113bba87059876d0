// Builds the history record for the photo on screen from what the session and the analysis hold.
import type { HistoryRecord } from '../../bridge/types';
import { cluemapToJson } from '../../core/cluemap/serialise';
import type { Analysis } from '../analysis/analysis.svelte';
import type { LocateResult } from '../state/session.svelte';
import type { LocateMode } from '../state/settings';

export function recordOf(id: string, result: LocateResult, analysis: Analysis, mode: LocateMode, thumbnail: Blob | null): HistoryRecord {
  const choice = analysis.choice;
  const top = result.candidates[0];
  const final = choice?.final
    ? { lat: choice.final.lat, lon: choice.final.lon, label: choice.final.label }
    : result.refined
      ? { lat: result.refined.lat, lon: result.refined.lon, label: 'Refined point between gallery places' }
      : top
        ? { lat: top.lat, lon: top.lon, label: 'Most similar gallery place' }
        : null;
  return {
    id,
    name: result.photo.decoded.name,
    savedAt: new Date().toISOString(),
    mode: choice ? 'full' : mode,
    thumbnail,
    final,
    tiny: result.model.tiny,
    retrieved: result.candidates.map((c) => ({ lat: c.lat, lon: c.lon, p: c.p, place: c.place })),
    candidates: (choice?.candidates ?? []).map((c) => ({
      source: c.source,
      label: c.label,
      ok: c.ok,
      lat: c.lat,
      lon: c.lon,
      similarity: c.similarity,
      reason: c.ok ? null : c.reason,
    })),
    cluemap: analysis.cluemap ? cluemapToJson(analysis.cluemap) : null,
    cues: (analysis.embedded?.cues ?? []).map((c) => ({ text: c.text, description: c.description })),
    conversation: [...analysis.conversation],
    chat: analysis.chat.map((entry) => ({ role: entry.role, text: entry.text })),
    constraints: [...analysis.constraints],
    turns: analysis.chat.filter((entry) => entry.role === 'user').length,
  };
}

/** SHA-256 of the photo's bytes, as hex: the history key. */
export async function photoId(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A small JPEG of the preview for the history list; null when the browser cannot make one. */
export async function thumbnailOf(bitmap: ImageBitmap): Promise<Blob | null> {
  try {
    if (bitmap.width === 0) return null;
    const scale = Math.min(1, 160 / Math.max(bitmap.width, bitmap.height));
    const canvas = new OffscreenCanvas(Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale)));
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.7 });
  } catch {
    return null;
  }
}
