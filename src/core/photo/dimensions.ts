import { EndOfData, MalformedHeader } from './bytes';
import { assertComplete, truncatedError } from './completeness';
import { bmpSize } from './formats/bmp';
import { gifSize } from './formats/gif';
import { heifSize } from './formats/heif';
import { jpegSize } from './formats/jpeg';
import { pngSize } from './formats/png';
import { webpSize } from './formats/webp';
import { PhotoError, fileSubject } from './photo-error';
import { IMAGE_LABEL, sniffImage, type SniffedImage } from './sniff';
import type { ImageKind, ImageSize } from './types';

export type { ImageSize } from './types';

/** Largest photo accepted: decoding more than this risks running the browser tab out of memory. */
export const MAX_PHOTO_PIXELS = 120_000_000;
export const MAX_PHOTO_SIDE = 30_000;
export const DEFAULT_DECODE_SIDE = 2048;
/** On WASM the language model's processor splits photos at up to this side (at most 2 x 2 tiles and an overview). */
export const WASM_VLM_LONGEST_EDGE = 1024;

export interface PhotoInfo extends SniffedImage, ImageSize {}

const SIZE_READERS: Readonly<Record<ImageKind, (bytes: Uint8Array) => ImageSize>> = {
  jpeg: jpegSize,
  png: pngSize,
  webp: webpSize,
  gif: gifSize,
  bmp: bmpSize,
  avif: heifSize,
  heic: heifSize,
};

/**
 * Width and height as stored in the file header, without decoding pixels (EXIF rotation
 * is not applied). Throws a "truncated" or "corrupt" PhotoError when the header cannot be read.
 */
export function readDimensions(bytes: Uint8Array, kind: ImageKind, fileName?: string): ImageSize {
  let size: ImageSize;
  try {
    size = SIZE_READERS[kind](bytes);
  } catch (error) {
    if (error instanceof EndOfData) throw truncatedError(fileName, 'the file ends before its image header');
    if (error instanceof MalformedHeader) throw corruptError(fileName, kind, error.message);
    throw error;
  }
  if (size.width < 1 || size.height < 1) {
    throw corruptError(fileName, kind, `it gives a size of ${size.width} x ${size.height} pixels`);
  }
  return size;
}

/**
 * Everything that can be learnt about a photo before decoding it: its format and size.
 * Throws a PhotoError for an empty, unrecognised, unsupported, damaged, cut-off or
 * too-large file.
 */
export function checkPhoto(bytes: Uint8Array, fileName?: string): PhotoInfo {
  const { kind, mime } = sniffImage(bytes, fileName);
  const { width, height } = readDimensions(bytes, kind, fileName);
  if (width * height > MAX_PHOTO_PIXELS || width > MAX_PHOTO_SIDE || height > MAX_PHOTO_SIDE) {
    const megapixels = Math.round((width * height) / 100_000) / 10;
    throw new PhotoError(
      'too-large',
      `${fileSubject(fileName)} is ${width} x ${height} pixels (${megapixels} megapixels), too large to open ` +
        `here: the limit is ${MAX_PHOTO_PIXELS / 1_000_000} megapixels and ${MAX_PHOTO_SIDE} pixels per side. ` +
        'Resize it and try again.',
      fileName,
    );
  }
  assertComplete(bytes, kind, fileName);
  return { kind, mime, width, height };
}

/** The size to decode at so that the longer side is at most `maxSide`; keeps the aspect ratio, never enlarges. */
export function downscaleTarget(width: number, height: number, maxSide = DEFAULT_DECODE_SIDE): ImageSize {
  for (const [label, value] of [['width', width], ['height', height], ['maxSide', maxSide]] as const) {
    if (!Number.isFinite(value) || value <= 0) {
      throw new RangeError(`downscaleTarget: ${label} must be a positive number, got ${value}.`);
    }
  }
  const scale = Math.min(1, maxSide / Math.max(width, height));
  if (scale === 1) return { width, height };
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

function corruptError(fileName: string | undefined, kind: ImageKind, reason: string): PhotoError {
  return new PhotoError(
    'corrupt',
    `${fileSubject(fileName)} has a damaged ${IMAGE_LABEL[kind]} header (${reason}), so it cannot be opened.`,
    fileName,
  );
}
