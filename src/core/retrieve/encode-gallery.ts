// Encodes a gallery's coordinates in batches with any location encoder, skipping batches that
// an earlier, interrupted run already finished. Shared by the browser worker and the CLI.

export interface GalleryBatch {
  start: number;
  rows: Float32Array;
}

export interface EncodeGalleryOptions {
  lat: Float32Array;
  lon: Float32Array;
  batchRows: number;
  /** Start rows of batches already encoded; they are not encoded again. */
  done: ReadonlySet<number>;
  /** Encodes `count` points given as interleaved (lat, lon) degrees; returns count x dim floats. */
  encode: (latLon: Float32Array, count: number) => Promise<Float32Array>;
  onBatch: (batch: GalleryBatch) => Promise<void> | void;
  onProgress?: (doneRows: number, totalRows: number) => void;
  isCancelled?: () => boolean;
}

export class GalleryCancelled extends Error {
  constructor() {
    super('The index build was cancelled.');
    this.name = 'AbortError';
  }
}

export function batchStarts(total: number, batchRows: number): number[] {
  const starts: number[] = [];
  for (let start = 0; start < total; start += batchRows) starts.push(start);
  return starts;
}

export async function encodeGallery(options: EncodeGalleryOptions): Promise<void> {
  const { lat, lon, batchRows, done, encode, onBatch, onProgress, isCancelled } = options;
  const total = lat.length;
  let doneRows = 0;
  for (const start of done) doneRows += Math.min(batchRows, total - start);
  onProgress?.(doneRows, total);
  for (const start of batchStarts(total, batchRows)) {
    if (done.has(start)) continue;
    if (isCancelled?.()) throw new GalleryCancelled();
    const count = Math.min(batchRows, total - start);
    const points = new Float32Array(count * 2);
    for (let r = 0; r < count; r++) {
      points[2 * r] = lat[start + r]!;
      points[2 * r + 1] = lon[start + r]!;
    }
    const rows = await encode(points, count);
    await onBatch({ start, rows });
    doneRows += count;
    onProgress?.(doneRows, total);
  }
}
