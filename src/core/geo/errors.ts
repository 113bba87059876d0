export type GeoErrorCode =
  | 'invalid-coordinates'
  | 'out-of-range'
  | 'invalid-distance'
  | 'invalid-csv'
  | 'duplicate-id';

/** A problem with user-supplied coordinates, distances or a location CSV. */
export class GeoError extends Error {
  override readonly name = 'GeoError';
  readonly code: GeoErrorCode;
  /** 1-based line in the CSV text, when the problem comes from a CSV. */
  readonly line: number | undefined;

  constructor(code: GeoErrorCode, message: string, line?: number) {
    super(message);
    this.code = code;
    this.line = line;
  }
}
