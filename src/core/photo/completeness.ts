import { EndOfData } from './bytes';
import { jpegIsComplete } from './formats/jpeg';
import { heifIsComplete } from './formats/heif';
import { pngIsComplete } from './formats/png';
import { webpIsComplete } from './formats/webp';
import { PhotoError, fileSubject } from './photo-error';
import type { ImageKind } from './types';

const TELLTALE: Partial<Record<ImageKind, string>> = {
  jpeg: 'the JPEG data stops before its end marker',
  png: 'the PNG data stops before its end chunk',
  webp: 'the file is shorter than its WebP header says',
  avif: 'the file is shorter than its AVIF header says',
  heic: 'the file is shorter than its HEIC header says',
};

/**
 * Throws a "truncated" PhotoError when the file visibly stops early. GIF and BMP are not
 * checked: their headers give no reliable length.
 */
export function assertComplete(bytes: Uint8Array, kind: ImageKind, fileName?: string): void {
  if (!isComplete(bytes, kind)) {
    throw truncatedError(fileName, TELLTALE[kind] ?? 'the file stops early');
  }
}

export function truncatedError(fileName: string | undefined, telltale: string): PhotoError {
  return new PhotoError(
    'truncated',
    `${fileSubject(fileName)} seems to be cut off: ${telltale}. ` +
      'It may not have finished downloading or copying; try the original file again.',
    fileName,
  );
}

function isComplete(bytes: Uint8Array, kind: ImageKind): boolean {
  try {
    switch (kind) {
      case 'jpeg':
        return jpegIsComplete(bytes);
      case 'png':
        return pngIsComplete(bytes);
      case 'webp':
        return webpIsComplete(bytes);
      case 'avif':
      case 'heic':
        return heifIsComplete(bytes);
      case 'gif':
      case 'bmp':
        return true;
    }
  } catch (error) {
    if (error instanceof EndOfData) return false;
    throw error;
  }
}
