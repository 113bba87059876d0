// Writes a GPS position into a JPEG's EXIF (the APP1 "Exif" segment) without decoding or
// re-encoding anything: every other segment, and the compressed scan data, are copied byte for byte.
//
// An existing EXIF block is never re-laid out. Its offsets (maker notes, thumbnails, sub-IFDs) all
// count from the start of the TIFF header, so moving anything would break tags we do not
// understand. Instead a copy of IFD0 (with the GPS pointer added or changed) and a fresh GPS IFD
// are appended at the end of the block and the header is pointed at the copy; the old IFD0, and an
// old GPS IFD, stay behind unreferenced, which TIFF allows.
import type { LatLon } from '../geo/types';
import { PhotoError, fileSubject } from './photo-error';

const SOI = 0xd8;
const SOS = 0xda;
const EOI = 0xd9;
const APP0 = 0xe0;
const APP1 = 0xe1;
const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0, 0]; // "Exif\0\0"
const MAX_SEGMENT_PAYLOAD = 0xffff - 2;

const TAG_GPS_IFD = 0x8825;
const TYPE_BYTE = 1;
const TYPE_ASCII = 2;
const TYPE_LONG = 4;
const TYPE_RATIONAL = 5;

export interface JpegSegment {
  readonly marker: number;
  /** Offset of the segment's 0xFF marker byte. */
  readonly start: number;
  /** Offset of the first byte after it (for SOS: after its header, where the scan data begins). */
  readonly end: number;
}

function corrupt(fileName: string | undefined, problem: string): PhotoError {
  return new PhotoError('corrupt', `${fileSubject(fileName)} cannot be geotagged: ${problem}.`, fileName);
}

/** The marker segments from the start of the file up to and including the first scan header. */
export function jpegSegments(bytes: Uint8Array, fileName?: string): JpegSegment[] {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== SOI) {
    throw new PhotoError(
      'unsupported',
      `${fileSubject(fileName)} is not a JPEG. Only JPEG photos can get a geotagged copy: other formats would have to be re-encoded.`,
      fileName,
    );
  }
  const segments: JpegSegment[] = [];
  let at = 2;
  for (;;) {
    if (at + 1 >= bytes.length) throw new PhotoError('truncated', `${fileSubject(fileName)} ends before its image data starts.`, fileName);
    if (bytes[at] !== 0xff) throw corrupt(fileName, `a JPEG marker is missing at byte ${at}`);
    const start = at;
    while (bytes[at + 1] === 0xff) at++; // fill bytes
    const marker = bytes[at + 1]!;
    at += 2;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      segments.push({ marker, start, end: at });
      continue;
    }
    if (marker === EOI || marker === SOI) throw corrupt(fileName, 'the file has no image data');
    if (at + 2 > bytes.length) throw new PhotoError('truncated', `${fileSubject(fileName)} ends inside a JPEG header.`, fileName);
    const length = (bytes[at]! << 8) | bytes[at + 1]!;
    if (length < 2 || at + length > bytes.length) throw corrupt(fileName, `a JPEG segment at byte ${start} has an impossible length`);
    at += length;
    segments.push({ marker, start, end: at });
    if (marker === SOS) return segments;
  }
}

function isExif(bytes: Uint8Array, segment: JpegSegment): boolean {
  if (segment.marker !== APP1 || segment.end - segment.start < 4 + EXIF_HEADER.length) return false;
  return EXIF_HEADER.every((b, i) => bytes[segment.start + 4 + i] === b);
}

/** Reads and writes TIFF integers in the block's own byte order. */
class Tiff {
  readonly view: DataView;
  readonly little: boolean;

  constructor(
    readonly bytes: Uint8Array,
    private readonly fileName: string | undefined,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const order = bytes.length >= 8 ? String.fromCharCode(bytes[0]!, bytes[1]!) : '';
    if (order !== 'II' && order !== 'MM') throw corrupt(fileName, 'its EXIF block has no valid TIFF header');
    this.little = order === 'II';
    if (this.u16(2) !== 42) throw corrupt(fileName, 'its EXIF block has no valid TIFF header');
  }

  #check(at: number, size: number): void {
    if (at < 0 || at + size > this.bytes.length) throw corrupt(this.fileName, 'its EXIF block points outside itself');
  }

  u16(at: number): number {
    this.#check(at, 2);
    return this.view.getUint16(at, this.little);
  }

  u32(at: number): number {
    this.#check(at, 4);
    return this.view.getUint32(at, this.little);
  }
}

interface IfdEntry {
  readonly tag: number;
  /** The 12 bytes of the entry as stored (tag, type, count, value or offset). */
  readonly raw: Uint8Array;
}

/** Builds TIFF structures in a given byte order. */
class TiffWriter {
  readonly #bytes: number[] = [];

  constructor(private readonly little: boolean) {}

  get length(): number {
    return this.#bytes.length;
  }

  u16(value: number): void {
    const b = [(value >>> 8) & 0xff, value & 0xff];
    this.#bytes.push(...(this.little ? b.reverse() : b));
  }

  u32(value: number): void {
    const b = [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
    this.#bytes.push(...(this.little ? b.reverse() : b));
  }

  raw(bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) this.#bytes.push(bytes[i]!);
  }

  /** An IFD entry whose value fits in the 4-byte field, left-aligned and zero-padded. */
  inline(tag: number, type: number, count: number, value: readonly number[]): void {
    this.u16(tag);
    this.u16(type);
    this.u32(count);
    this.raw([...value, 0, 0, 0, 0].slice(0, 4));
  }

  entry(tag: number, type: number, count: number, offset: number): void {
    this.u16(tag);
    this.u16(type);
    this.u32(count);
    this.u32(offset);
  }

  padToEven(): void {
    if (this.#bytes.length % 2) this.#bytes.push(0);
  }

  toBytes(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }
}

/** Degrees as three EXIF rationals (degrees/1, minutes/1, seconds/10000): about 3 mm of precision. */
export function toDmsRationals(value: number): [number, number][] {
  const SECOND_PARTS = 10_000;
  const total = Math.round(Math.abs(value) * 3600 * SECOND_PARTS);
  const degrees = Math.floor(total / (3600 * SECOND_PARTS));
  const rest = total - degrees * 3600 * SECOND_PARTS;
  const minutes = Math.floor(rest / (60 * SECOND_PARTS));
  const seconds = rest - minutes * 60 * SECOND_PARTS;
  return [
    [degrees, 1],
    [minutes, 1],
    [seconds, SECOND_PARTS],
  ];
}

const GPS_ENTRIES = 6;
const WGS84 = [...'WGS-84'].map((c) => c.charCodeAt(0)).concat(0);

/** A GPS IFD placed at `offset` in the TIFF block; no next IFD. */
function gpsIfd(point: LatLon, little: boolean, offset: number): Uint8Array {
  const out = new TiffWriter(little);
  const valuesAt = offset + 2 + GPS_ENTRIES * 12 + 4;
  const latAt = valuesAt;
  const lonAt = latAt + 24;
  const datumAt = lonAt + 24;
  out.u16(GPS_ENTRIES);
  out.inline(0x0000, TYPE_BYTE, 4, [2, 3, 0, 0]); // GPSVersionID 2.3
  out.inline(0x0001, TYPE_ASCII, 2, [point.lat >= 0 ? 0x4e : 0x53, 0]); // GPSLatitudeRef N/S
  out.entry(0x0002, TYPE_RATIONAL, 3, latAt);
  out.inline(0x0003, TYPE_ASCII, 2, [point.lon >= 0 ? 0x45 : 0x57, 0]); // GPSLongitudeRef E/W
  out.entry(0x0004, TYPE_RATIONAL, 3, lonAt);
  out.entry(0x0012, TYPE_ASCII, WGS84.length, datumAt); // GPSMapDatum
  out.u32(0);
  for (const [n, d] of [...toDmsRationals(point.lat), ...toDmsRationals(point.lon)]) {
    out.u32(n);
    out.u32(d);
  }
  out.raw(WGS84);
  out.padToEven();
  return out.toBytes();
}

function readIfd(tiff: Tiff, offset: number): { entries: IfdEntry[]; next: number } {
  const count = tiff.u16(offset);
  const entries: IfdEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = offset + 2 + i * 12;
    const tag = tiff.u16(at);
    tiff.u32(at + 8); // bounds check of the whole entry
    entries.push({ tag, raw: tiff.bytes.subarray(at, at + 12) });
  }
  return { entries, next: tiff.u32(offset + 2 + count * 12) };
}

/** A complete TIFF block holding only IFD0 -> GPS IFD. */
function freshTiff(point: LatLon): Uint8Array {
  const out = new TiffWriter(false);
  out.raw([0x4d, 0x4d]);
  out.u16(42);
  out.u32(8); // IFD0 right after the header
  const gpsAt = 8 + 2 + 12 + 4;
  out.u16(1);
  out.entry(TAG_GPS_IFD, TYPE_LONG, 1, gpsAt);
  out.u32(0);
  out.raw(gpsIfd(point, false, gpsAt));
  return out.toBytes();
}

/** The TIFF block with IFD0 copied to its end, pointing at a new GPS IFD after it. */
function tiffWithGps(block: Uint8Array, point: LatLon, fileName: string | undefined): Uint8Array {
  const tiff = new Tiff(block, fileName);
  const { entries, next } = readIfd(tiff, tiff.u32(4));
  const kept = entries.filter((e) => e.tag !== TAG_GPS_IFD);
  const ifdAt = block.length + (block.length % 2);
  const ifdSize = 2 + (kept.length + 1) * 12 + 4;
  const gpsAt = ifdAt + ifdSize;

  const out = new TiffWriter(tiff.little);
  out.raw(block);
  out.padToEven();
  out.u16(kept.length + 1);
  let gpsWritten = false;
  // TIFF wants IFD entries in ascending tag order.
  for (const entry of kept) {
    if (!gpsWritten && entry.tag > TAG_GPS_IFD) {
      out.entry(TAG_GPS_IFD, TYPE_LONG, 1, gpsAt);
      gpsWritten = true;
    }
    out.raw(entry.raw);
  }
  if (!gpsWritten) out.entry(TAG_GPS_IFD, TYPE_LONG, 1, gpsAt);
  out.u32(next);
  out.raw(gpsIfd(point, tiff.little, gpsAt));

  const result = out.toBytes();
  new DataView(result.buffer).setUint32(4, ifdAt, tiff.little);
  return result;
}

function app1(tiff: Uint8Array, fileName: string | undefined): Uint8Array {
  const payload = EXIF_HEADER.length + tiff.length;
  if (payload > MAX_SEGMENT_PAYLOAD) {
    throw new PhotoError('too-large', `${fileSubject(fileName)} cannot be geotagged: its EXIF block would grow past the 64 KB a JPEG segment can hold.`, fileName);
  }
  const segment = new Uint8Array(4 + payload);
  segment.set([0xff, APP1, ((payload + 2) >>> 8) & 0xff, (payload + 2) & 0xff]);
  segment.set(EXIF_HEADER, 4);
  segment.set(tiff, 4 + EXIF_HEADER.length);
  return segment;
}

function checkPoint(point: LatLon): void {
  if (!Number.isFinite(point.lat) || point.lat < -90 || point.lat > 90 || !Number.isFinite(point.lon) || point.lon < -180 || point.lon > 180) {
    throw new RangeError(`Cannot write GPS (${point.lat}, ${point.lon}): latitude must be in [-90, 90] and longitude in [-180, 180].`);
  }
}

/**
 * A copy of the JPEG `bytes` whose EXIF carries `point` as its GPS position (WGS-84). Adds an EXIF
 * segment when there is none (after any APP0, which JFIF wants first); otherwise keeps every
 * existing tag and replaces only the GPS directory.
 */
export function geotagJpeg(bytes: Uint8Array, point: LatLon, fileName?: string): Uint8Array {
  checkPoint(point);
  const segments = jpegSegments(bytes, fileName);
  const exif = segments.find((s) => isExif(bytes, s));
  let cutStart: number;
  let cutEnd: number;
  let segment: Uint8Array;
  if (exif) {
    const block = bytes.subarray(exif.start + 4 + EXIF_HEADER.length, exif.end);
    segment = app1(tiffWithGps(block, point, fileName), fileName);
    cutStart = exif.start;
    cutEnd = exif.end;
  } else {
    let at = 2;
    for (const s of segments) {
      if (s.marker !== APP0) break;
      at = s.end;
    }
    segment = app1(freshTiff(point), fileName);
    cutStart = at;
    cutEnd = at;
  }
  const out = new Uint8Array(bytes.length - (cutEnd - cutStart) + segment.length);
  out.set(bytes.subarray(0, cutStart), 0);
  out.set(segment, cutStart);
  out.set(bytes.subarray(cutEnd), cutStart + segment.length);
  return out;
}
