export type PhotoErrorCode =
  | 'empty'
  | 'not-an-image'
  | 'unsupported'
  | 'truncated'
  | 'corrupt'
  | 'too-large';

/** Why a file cannot be used as a photo; the message is meant to be shown to the user as is. */
export class PhotoError extends Error {
  override readonly name = 'PhotoError';
  readonly code: PhotoErrorCode;
  readonly fileName: string | undefined;

  constructor(code: PhotoErrorCode, message: string, fileName?: string) {
    super(message);
    this.code = code;
    this.fileName = fileName;
  }
}

/** How messages refer to the file: by name when we know it. */
export function fileSubject(fileName: string | undefined): string {
  return fileName === undefined || fileName === '' ? 'This file' : `"${fileName}"`;
}
