import { assertCoordinate } from './coords';
import { IndexError } from './errors';
import { normalised, quantiseFp16, quantiseInt8 } from './quantize';
import type { CoordinateIndex, ElementType, GalleryCoordinates, IndexEmbeddings, IndexMeta } from './types';

export interface IndexBuilderOptions {
  readonly coords: GalleryCoordinates;
  readonly dim: number;
  readonly meta: IndexMeta;
  readonly element: ElementType;
}

/**
 * Everything a partly built index holds: plain typed arrays and strings, so it can be
 * structured-cloned (kept in IndexedDB, posted between workers) and resumed later.
 */
export interface IndexBuilderSnapshot {
  readonly dim: number;
  readonly meta: IndexMeta;
  readonly lat: Float32Array;
  readonly lon: Float32Array;
  readonly done: Uint8Array;
  readonly embeddings: IndexEmbeddings;
}

/** A half-open range of row numbers [start, end). */
export interface RowRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Collects location embeddings chunk by chunk, in any order, quantising each row as it
 * arrives so a 100K gallery never needs its full float32 matrix in memory.
 */
export class IndexBuilder {
  readonly count: number;
  readonly dim: number;
  readonly meta: IndexMeta;
  private readonly lat: Float32Array;
  private readonly lon: Float32Array;
  private readonly done: Uint8Array;
  private readonly embeddings: IndexEmbeddings;
  private rowsDone: number;

  constructor(options: IndexBuilderOptions) {
    const { coords, dim, meta, element } = options;
    if (coords.lat.length !== coords.lon.length) {
      throw new IndexError('bad-input', `The gallery has ${coords.lat.length} latitudes but ${coords.lon.length} longitudes.`);
    }
    if (!Number.isInteger(dim) || dim < 1) throw new IndexError('bad-input', `Embedding dimension ${dim} is not a positive whole number.`);
    const count = coords.lat.length;
    for (let i = 0; i < count; i++) assertCoordinate(coords.lat[i]!, coords.lon[i]!, `gallery row ${i}`);
    const embeddings: IndexEmbeddings =
      element === 'int8'
        ? { element, rows: new Int8Array(count * dim), scales: new Float32Array(count) }
        : { element, rows: new Uint16Array(count * dim) };
    this.count = count;
    this.dim = dim;
    this.meta = meta;
    this.lat = coords.lat.slice();
    this.lon = coords.lon.slice();
    this.done = new Uint8Array(count);
    this.embeddings = embeddings;
    this.rowsDone = 0;
  }

  static fromSnapshot(snapshot: IndexBuilderSnapshot): IndexBuilder {
    const { dim, meta, lat, lon, done, embeddings } = snapshot;
    const builder = new IndexBuilder({ coords: { lat, lon }, dim, meta, element: embeddings.element });
    if (done.length !== builder.count || embeddings.rows.length !== builder.count * dim) {
      throw new IndexError('bad-input', 'The saved build state does not match its own gallery size; start the build again.');
    }
    if (embeddings.element === 'int8' && builder.embeddings.element === 'int8') {
      if (embeddings.scales.length !== builder.count) throw new IndexError('bad-input', 'The saved build state has the wrong number of row scales.');
      builder.embeddings.scales.set(embeddings.scales);
    }
    builder.embeddings.rows.set(embeddings.rows);
    builder.done.set(done);
    builder.rowsDone = done.reduce((n, flag) => n + (flag ? 1 : 0), 0);
    return builder;
  }

  get element(): ElementType {
    return this.embeddings.element;
  }

  get doneCount(): number {
    return this.rowsDone;
  }

  get isComplete(): boolean {
    return this.rowsDone === this.count;
  }

  isDone(row: number): boolean {
    return this.done[row] === 1;
  }

  /** Rows still to embed, as ranges in ascending order. */
  missingRanges(): RowRange[] {
    const ranges: RowRange[] = [];
    let start = -1;
    for (let i = 0; i <= this.count; i++) {
      const missing = i < this.count && this.done[i] === 0;
      if (missing && start < 0) start = i;
      if (!missing && start >= 0) {
        ranges.push({ start, end: i });
        start = -1;
      }
    }
    return ranges;
  }

  /**
   * Adds `rows.length / dim` consecutive embeddings starting at row `startRow`. Each row is
   * L2-normalised and quantised. Adding a row again replaces it.
   */
  add(startRow: number, rows: ArrayLike<number>): void {
    const { dim, count } = this;
    if (rows.length % dim !== 0) {
      throw new IndexError('bad-input', `A chunk of ${rows.length} values is not a whole number of ${dim}-value embeddings.`);
    }
    const rowCount = rows.length / dim;
    if (!Number.isInteger(startRow) || startRow < 0 || startRow + rowCount > count) {
      throw new IndexError('bad-input', `Rows ${startRow}..${startRow + rowCount - 1} fall outside the gallery of ${count} rows.`);
    }
    const row = new Float64Array(dim);
    for (let r = 0; r < rowCount; r++) {
      for (let j = 0; j < dim; j++) row[j] = rows[r * dim + j]!;
      const target = startRow + r;
      const unit = normalised(row, `embedding of gallery row ${target}`);
      if (this.embeddings.element === 'int8') {
        this.embeddings.scales[target] = quantiseInt8(unit, this.embeddings.rows, target * dim);
      } else {
        quantiseFp16(unit, this.embeddings.rows, target * dim);
      }
      if (this.done[target] === 0) {
        this.done[target] = 1;
        this.rowsDone++;
      }
    }
  }

  /** A copy of the build state, for resuming later with `IndexBuilder.fromSnapshot`. */
  snapshot(): IndexBuilderSnapshot {
    const embeddings: IndexEmbeddings =
      this.embeddings.element === 'int8'
        ? { element: 'int8', rows: this.embeddings.rows.slice(), scales: this.embeddings.scales.slice() }
        : { element: 'fp16', rows: this.embeddings.rows.slice() };
    return { dim: this.dim, meta: this.meta, lat: this.lat.slice(), lon: this.lon.slice(), done: this.done.slice(), embeddings };
  }

  finish(): CoordinateIndex {
    if (!this.isComplete) {
      const first = this.missingRanges()[0];
      throw new IndexError(
        'incomplete',
        `The index is not finished: ${this.count - this.rowsDone} of ${this.count} rows have no embedding yet` +
          (first ? ` (the first missing is row ${first.start}).` : '.'),
      );
    }
    const latLon = new Float32Array(2 * this.count);
    for (let i = 0; i < this.count; i++) {
      latLon[2 * i] = this.lat[i]!;
      latLon[2 * i + 1] = this.lon[i]!;
    }
    return { count: this.count, dim: this.dim, meta: this.meta, latLon, embeddings: this.snapshot().embeddings };
  }
}

/** Builds a whole index at once from a row-major matrix of `coords.lat.length` x `dim` embeddings. */
export function buildIndexFromEmbeddings(
  coords: GalleryCoordinates,
  embeddings: ArrayLike<number>,
  dim: number,
  meta: IndexMeta,
  element: ElementType = 'int8',
): CoordinateIndex {
  const builder = new IndexBuilder({ coords, dim, meta, element });
  if (embeddings.length !== builder.count * dim) {
    throw new IndexError(
      'bad-input',
      `Expected ${builder.count} x ${dim} = ${builder.count * dim} embedding values for the gallery, got ${embeddings.length}.`,
    );
  }
  builder.add(0, embeddings);
  return builder.finish();
}
