import { MalformedHeader, u16be, u8 } from '../bytes';
import type { ImageSize } from '../types';

const START_OF_SCAN = 0xda;
const END_OF_IMAGE = 0xd9;

interface Segment {
  readonly marker: number;
  /** Offset of the first byte after the segment. */
  readonly end: number;
  readonly payload: number;
}

/** Walks the marker segments from the start of the file up to and including the first scan. */
function* segmentsUntilScan(bytes: Uint8Array): Generator<Segment> {
  let at = 2;
  for (;;) {
    if (u8(bytes, at) !== 0xff) throw new MalformedHeader('a JPEG marker is missing');
    while (u8(bytes, at + 1) === 0xff) at++; // fill bytes before a marker
    const marker = u8(bytes, at + 1);
    at += 2;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      continue; // markers without a length field
    }
    if (marker === END_OF_IMAGE) {
      yield { marker, end: at, payload: at };
      return;
    }
    const length = u16be(bytes, at);
    if (length < 2) throw new MalformedHeader('a JPEG segment has an impossible length');
    yield { marker, end: at + length, payload: at + 2 };
    if (marker === START_OF_SCAN) return;
    at += length;
  }
}

/** SOF0..SOF15 carry the frame size; C4 (DHT), C8 (reserved) and CC (DAC) share the range. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

export function jpegSize(bytes: Uint8Array): ImageSize {
  for (const segment of segmentsUntilScan(bytes)) {
    if (isStartOfFrame(segment.marker)) {
      return { height: u16be(bytes, segment.payload + 1), width: u16be(bytes, segment.payload + 3) };
    }
  }
  throw new MalformedHeader('the JPEG has no frame header');
}

/** A complete JPEG has an end-of-image marker somewhere after its first scan starts. */
export function jpegIsComplete(bytes: Uint8Array): boolean {
  let scanEnd: number | null = null;
  for (const segment of segmentsUntilScan(bytes)) {
    if (segment.marker === START_OF_SCAN) scanEnd = segment.end;
  }
  if (scanEnd === null) return true; // no image data at all: a header problem, not a cut-off file
  // Search from the end: the marker is normally there, possibly followed by a trailer.
  for (let at = bytes.length - 2; at >= scanEnd; at--) {
    if (bytes[at] === 0xff && bytes[at + 1] === END_OF_IMAGE) return true;
  }
  return false;
}
