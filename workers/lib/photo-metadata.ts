// Reads a photo's metadata with exifr; shared by the photo worker and the CLI so both judge GPS,
// orientation and capture time with the same rules (src/core/photo/metadata.ts).
import exifr from 'exifr';
import { NO_METADATA, exifSource, photoMetadata, type ExifTags, type PhotoMetadata } from '../../src/core/photo/metadata';
import { findXmpPacket } from '../../src/core/photo/xmp-gps';

const EXIF_OPTIONS: Parameters<typeof exifr.parse>[1] = {
  tiff: true,
  ifd0: {},
  exif: true,
  gps: true,
  ifd1: false,
  interop: false,
  makerNote: false,
  userComment: false,
  xmp: false,
  icc: false,
  iptc: false,
  jfif: false,
  ihdr: false,
  reviveValues: false,
  translateValues: false,
  translateKeys: true,
  mergeOutput: true,
};

async function exifTags(bytes: Uint8Array): Promise<ExifTags | null> {
  const source = exifSource(bytes);
  if (source === null) return null;
  try {
    return ((await exifr.parse(source, EXIF_OPTIONS)) as ExifTags | undefined) ?? null;
  } catch {
    return null; // damaged EXIF: the photo is still a photo, and XMP may still say something
  }
}

/** GPS, orientation and capture time of a photo in any format; never throws for bad metadata. */
export async function readPhotoMetadata(bytes: Uint8Array): Promise<PhotoMetadata> {
  try {
    return photoMetadata(await exifTags(bytes), findXmpPacket(bytes));
  } catch {
    return NO_METADATA;
  }
}
