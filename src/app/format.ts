// Small display helpers shared by the components. Pure functions, no DOM.

// Decimal units, as the model registry uses them (1 MB = 1,000,000 bytes).
const KB = 1000;
const MB = 1000 * KB;
const GB = 1000 * MB;

/** Bytes as a short human string: "812 KB", "3.4 MB", "1.20 GB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  if (bytes < KB) return `${bytes} B`;
  if (bytes < MB) return `${Math.round(bytes / KB)} KB`;
  if (bytes < GB) return `${(bytes / MB).toFixed(1)} MB`;
  return `${(bytes / GB).toFixed(2)} GB`;
}

/** "3.2 / 40.0 MB" or "12 / 104 KB": loaded and total in the unit that suits the total. */
export function formatBytePair(loaded: number, total: number): string {
  if (total >= MB) return `${(loaded / MB).toFixed(1)} / ${(total / MB).toFixed(1)} MB`;
  if (total < KB) return `${loaded} / ${total} B`;
  return `${Math.round(loaded / KB)} / ${Math.round(total / KB)} KB`;
}

/** A duration in milliseconds: "85 ms", "2.4 s", "1 min 12 s". */
export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const min = Math.floor(ms / 60_000);
  return `${min} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** A coordinate with 4 decimals (about 11 m at the equator). */
export function formatDeg(value: number): string {
  return value.toFixed(4);
}

/** "48.8584, 2.2945" */
export function formatLatLon(point: { lat: number; lon: number }): string {
  return `${formatDeg(point.lat)}, ${formatDeg(point.lon)}`;
}

/** A probability in [0, 1] as a percentage: "42.1 %", "0.73 %", "< 0.01 %". */
export function formatPercent(p: number): string {
  if (!Number.isFinite(p)) return '–';
  const pct = p * 100;
  if (pct > 0 && pct < 0.01) return '< 0.01 %';
  return `${pct.toFixed(pct < 1 ? 2 : 1)} %`;
}

export function formatKm(km: number): string {
  if (!Number.isFinite(km)) return '–';
  if (km < 10) return `${km.toFixed(1)} km`;
  return `${Math.round(km).toLocaleString('en')} km`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en');
}

export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
