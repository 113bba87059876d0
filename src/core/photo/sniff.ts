import { ascii, hasBytes, u32le } from './bytes';
import { fileBrands } from './formats/iso-bmff';
import { PhotoError, fileSubject } from './photo-error';
import type { ImageKind } from './types';

export { PhotoError, type PhotoErrorCode } from './photo-error';
export type { ImageKind } from './types';

export interface SniffedImage {
  readonly kind: ImageKind;
  readonly mime: string;
}

export const IMAGE_MIME: Readonly<Record<ImageKind, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  heic: 'image/heic',
  gif: 'image/gif',
  bmp: 'image/bmp',
};

export const IMAGE_LABEL: Readonly<Record<ImageKind, string>> = {
  jpeg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
  avif: 'AVIF',
  heic: 'HEIC',
  gif: 'GIF',
  bmp: 'BMP',
};

interface KnownFormat {
  /** Completes "This file is ..." or "This file looks like ...". */
  readonly description: string;
  readonly matches: (bytes: Uint8Array) => boolean;
}

const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);
// Sizes of the BMP info headers in use (core, v2, v3, OS/2 v2, v4, v5).
const BMP_INFO_HEADER_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);

type Matcher = (bytes: Uint8Array) => boolean;

const startsWith =
  (...signatures: (string | readonly number[])[]): Matcher =>
  (bytes) =>
    signatures.some((signature) => hasBytes(bytes, signature));
const riffForm =
  (form: string): Matcher =>
  (bytes) =>
    hasBytes(bytes, 'RIFF') && hasBytes(bytes, form, 8);
const anyOf =
  (...matchers: Matcher[]): Matcher =>
  (bytes) =>
    matchers.some((matches) => matches(bytes));

/** Image formats recognised but not read: the browser cannot decode them, or they are not photos. */
const UNSUPPORTED: readonly KnownFormat[] = [
  { description: 'a TIFF image or camera RAW file', matches: startsWith('II*\0', 'MM\0*') },
  {
    description: 'a camera RAW file',
    matches: anyOf(startsWith('IIRO', 'IIU\0', 'FUJIFILMCCD-RAW'), (b) => fileBrands(b)[0] === 'crx '),
  },
  { description: 'a JPEG XL image', matches: startsWith([0xff, 0x0a], '\0\0\0\x0cJXL ') },
  { description: 'a JPEG 2000 image', matches: startsWith([0xff, 0x4f, 0xff, 0x51], '\0\0\0\x0cjP  ') },
  { description: 'a Photoshop document', matches: startsWith('8BPS') },
  { description: 'an icon file', matches: startsWith([0, 0, 1, 0], [0, 0, 2, 0]) },
  { description: 'a QOI image', matches: startsWith('qoif') },
];

const NOT_IMAGES: readonly KnownFormat[] = [
  { description: 'a PDF document', matches: startsWith('%PDF-') },
  { description: 'a ZIP archive (or an Office document)', matches: startsWith('PK\x03\x04', 'PK\x05\x06') },
  { description: 'a compressed (gzip) file', matches: startsWith([0x1f, 0x8b]) },
  {
    description: 'a compressed archive',
    matches: startsWith('Rar!\x1a\x07', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]),
  },
  // Any other ISO media file (MP4, MOV, 3GP) once the AVIF and HEIC brands are ruled out.
  {
    description: 'a video',
    matches: anyOf((b) => fileBrands(b).length > 0, startsWith([0x1a, 0x45, 0xdf, 0xa3]), riffForm('AVI ')),
  },
  { description: 'an audio file', matches: anyOf(startsWith('ID3', 'OggS', 'fLaC'), riffForm('WAVE')) },
  {
    description: 'a program',
    matches: anyOf(
      (b) => hasBytes(b, 'MZ') && !looksLikeText(b),
      startsWith('\x7fELF', [0xcf, 0xfa, 0xed, 0xfe]),
    ),
  },
  { description: 'a database file', matches: startsWith('SQLite format 3\0') },
];

const TEXT_SAMPLE_BYTES = 1024;

/**
 * Identifies an image from its first bytes; the file name and extension are never trusted.
 * Throws a PhotoError (empty, not-an-image or unsupported) naming `fileName` when given.
 */
export function sniffImage(bytes: Uint8Array, fileName?: string): SniffedImage {
  const subject = fileSubject(fileName);
  if (bytes.length === 0) {
    const message = `${subject} is empty (0 bytes), so there is no photo to read.`;
    throw new PhotoError('empty', message, fileName);
  }

  const kind = imageKind(bytes);
  if (kind !== null) return { kind, mime: IMAGE_MIME[kind] };

  const unsupported =
    UNSUPPORTED.find((format) => format.matches(bytes))?.description ?? textImage(bytes);
  if (unsupported !== null) {
    throw new PhotoError(
      'unsupported',
      `${subject} is ${unsupported}, which Whereabouts cannot open. ` +
        'Save it as a JPEG or PNG and try again.',
      fileName,
    );
  }

  const lookalike =
    NOT_IMAGES.find((format) => format.matches(bytes))?.description ?? textKind(bytes);
  throw new PhotoError(
    'not-an-image',
    lookalike === null
      ? `${subject} is not an image Whereabouts recognises. Choose a JPEG, PNG, WebP, AVIF or HEIC photo.`
      : `${subject} looks like ${lookalike}, not a photo. Choose a JPEG, PNG, WebP, AVIF or HEIC photo.`,
    fileName,
  );
}

function imageKind(bytes: Uint8Array): ImageKind | null {
  if (hasBytes(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (hasBytes(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (hasBytes(bytes, 'RIFF') && hasBytes(bytes, 'WEBP', 8)) return 'webp';
  if (hasBytes(bytes, 'GIF87a') || hasBytes(bytes, 'GIF89a')) return 'gif';
  if (hasBytes(bytes, 'BM') && bytes.length >= 18 && BMP_INFO_HEADER_SIZES.has(u32le(bytes, 14))) {
    return 'bmp';
  }
  const brands = fileBrands(bytes);
  if (brands.some((brand) => AVIF_BRANDS.has(brand))) return 'avif';
  if (brands.some((brand) => HEIC_BRANDS.has(brand))) return 'heic';
  return null;
}

/** Image formats stored as text (SVG), or null. */
function textImage(bytes: Uint8Array): string | null {
  if (!looksLikeText(bytes)) return null;
  const start = textStart(bytes);
  return start.startsWith('<') && start.includes('<svg') ? 'an SVG drawing' : null;
}

function textKind(bytes: Uint8Array): string | null {
  if (!looksLikeText(bytes)) return null;
  const start = textStart(bytes);
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) return 'a web page (HTML)';
  return 'text';
}

/** The first bytes as lower-case text with leading whitespace and byte-order mark removed. */
function textStart(bytes: Uint8Array): string {
  const sample = bytes.subarray(0, TEXT_SAMPLE_BYTES);
  return ascii(sample, 0, sample.length).replace(/^\xef\xbb\xbf/, '').trimStart().toLowerCase();
}

/** True when the first bytes are UTF-16 with a byte-order mark, or valid UTF-8 without control codes. */
function looksLikeText(bytes: Uint8Array): boolean {
  if (hasBytes(bytes, [0xff, 0xfe]) || hasBytes(bytes, [0xfe, 0xff])) return true;
  const sample = bytes.subarray(0, TEXT_SAMPLE_BYTES);
  let at = 0;
  while (at < sample.length) {
    const lead = sample[at]!;
    const length = utf8SequenceLength(lead);
    if (length === 0) return false;
    if (length === 1 && isControlCode(lead)) return false;
    for (let i = 1; i < length; i++) {
      const next = sample[at + i];
      if (next === undefined) return true; // the sample cut a character in half
      if ((next & 0xc0) !== 0x80) return false;
    }
    at += length;
  }
  return true;
}

/** Bytes in a UTF-8 sequence starting with `lead`; 0 when `lead` cannot start one. */
function utf8SequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

function isControlCode(byte: number): boolean {
  const isWhitespace = byte === 0x09 || byte === 0x0a || byte === 0x0c || byte === 0x0d;
  return (byte < 0x20 && !isWhitespace) || byte === 0x7f;
}
