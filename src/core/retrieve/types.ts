export type ElementType = 'int8' | 'fp16';

/** Provenance of an index: which location encoder produced it, over which gallery, when. */
export interface IndexMeta {
  readonly encoderId: string;
  readonly encoderRevision: string;
  readonly gallerySource: string;
  /** ISO 8601 timestamp. */
  readonly createdAt: string;
}

/**
 * L2-normalised location embeddings, one row of `dim` values per gallery coordinate.
 * int8 rows are stored as round(x / scale) with a per-row scale = max|x| / 127.
 * fp16 rows are IEEE 754 binary16 bit patterns.
 */
export type IndexEmbeddings =
  | { readonly element: 'int8'; readonly rows: Int8Array; readonly scales: Float32Array }
  | { readonly element: 'fp16'; readonly rows: Uint16Array };

export interface CoordinateIndex {
  readonly count: number;
  readonly dim: number;
  readonly meta: IndexMeta;
  /** Interleaved degrees: [lat0, lon0, lat1, lon1, ...], length 2 * count. */
  readonly latLon: Float32Array;
  readonly embeddings: IndexEmbeddings;
}

/** Gallery coordinates in degrees, as separate columns. */
export interface GalleryCoordinates {
  readonly lat: Float32Array;
  readonly lon: Float32Array;
}
