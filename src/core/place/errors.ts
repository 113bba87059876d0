export type PlaceDataErrorCode = 'bad-magic' | 'unsupported-version' | 'bad-header' | 'truncated';

/** The place data file cannot be read: `code` is for programs, `message` for people. */
export class PlaceDataError extends Error {
  override readonly name = 'PlaceDataError';

  constructor(
    readonly code: PlaceDataErrorCode,
    message: string,
  ) {
    super(message);
  }
}
