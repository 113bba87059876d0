export type IndexErrorCode =
  | 'bad-magic'
  | 'unsupported-version'
  | 'unsupported-element'
  | 'bad-header'
  | 'checksum'
  | 'truncated'
  | 'size-mismatch'
  | 'encoder-mismatch'
  | 'dim-mismatch'
  | 'incomplete'
  | 'bad-csv'
  | 'bad-npy'
  | 'bad-input';

/** Every failure of the coordinate index code: `code` is for programs, `message` for people. */
export class IndexError extends Error {
  override readonly name = 'IndexError';

  constructor(
    readonly code: IndexErrorCode,
    message: string,
  ) {
    super(message);
  }
}
