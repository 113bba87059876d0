// GPS from a photo's XMP packet, for files whose EXIF has none (editors and sidecar workflows write
// it there). XMP stores exif:GPSLatitude as text, "DDD,MM,SSk" or "DDD,MM.mmk" with k one of N S E W,
// either as an attribute or as an element.
import { ascii } from './bytes';
import { judgeGpsFix, type GpsJudgement } from './gps-fix';

const PACKET_START = '<x:xmpmeta';
const PACKET_END = '</x:xmpmeta>';
/** Packets are small; a cap keeps a huge file from being turned into one giant string. */
const MAX_PACKET_CHARS = 1_000_000;

/**
 * The text of the XMP packets in a file of any container (a JPEG can carry a standard and an
 * extended one, drones write their own), joined; null when there is none. Compressed packets are not read.
 */
export function findXmpPacket(bytes: Uint8Array): string | null {
  const packets: string[] = [];
  let total = 0;
  for (let start = indexOfAscii(bytes, PACKET_START); start >= 0; start = indexOfAscii(bytes, PACKET_START, start + 1)) {
    const end = indexOfAscii(bytes, PACKET_END, start);
    if (end < 0 || total + end - start > MAX_PACKET_CHARS) break;
    // Read as Latin-1: the properties used here are ASCII, and non-ASCII text elsewhere does not matter.
    packets.push(ascii(bytes, start, end + PACKET_END.length - start));
    total += end - start;
  }
  return packets.length > 0 ? packets.join('\n') : null;
}

function indexOfAscii(bytes: Uint8Array, text: string, from = 0): number {
  const first = text.charCodeAt(0);
  outer: for (let at = bytes.indexOf(first, from); at >= 0 && at + text.length <= bytes.length; at = bytes.indexOf(first, at + 1)) {
    for (let i = 1; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) continue outer;
    return at;
  }
  return -1;
}

/** The value of a simple XMP property ("tiff:Orientation"), written as an attribute or an element. */
export function xmpValue(packet: string, name: string, flags = ''): string | null {
  const attribute = new RegExp(`\\b${name}\\s*=\\s*["']([^"']*)["']`, flags).exec(packet);
  if (attribute) return attribute[1]!.trim();
  const element = new RegExp(`<(${name})>([^<]*)</\\1>`, flags).exec(packet);
  return element ? element[2]!.trim() : null;
}

/** A GPS property: EXIF's namespace first, then any other (drones write "drone-dji:GpsLatitude"). */
function gpsValue(packet: string, name: string): string | null {
  return xmpValue(packet, `exif:${name}`) ?? xmpValue(packet, `[\\w-]+:${name}`, 'i');
}

/** "DDD,MM,SSk", "DDD,MM.mmk" or a signed decimal, as signed degrees; null when unreadable. */
export function parseXmpCoordinate(text: string, axis: 'lat' | 'lon'): number | null {
  const match = /^([+-]?\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?(?:,(\d+(?:\.\d+)?))?\s*([NSEW])?$/i.exec(text.trim());
  if (!match) return null;
  const [, d, m, s, letter] = match;
  const minutes = m === undefined ? 0 : Number(m);
  const seconds = s === undefined ? 0 : Number(s);
  if (minutes >= 60 || seconds >= 60) return null;
  const magnitude = Math.abs(Number(d)) + minutes / 60 + seconds / 3600;
  const hemisphere = letter?.toUpperCase();
  if (hemisphere && (axis === 'lat') !== (hemisphere === 'N' || hemisphere === 'S')) return null;
  const negative = hemisphere === 'S' || hemisphere === 'W' || d!.startsWith('-');
  return negative ? -magnitude : magnitude;
}

export interface XmpGps {
  readonly judgement: GpsJudgement;
  readonly altitudeM: number | null;
}

/** The GPS position in an XMP packet, or null when the packet has none. */
export function xmpGps(packet: string): XmpGps | null {
  const latText = gpsValue(packet, 'GPSLatitude');
  const lonText = gpsValue(packet, 'GPSLongitude');
  if (latText === null && lonText === null) return null;
  const lat = latText === null ? null : parseXmpCoordinate(latText, 'lat');
  const lon = lonText === null ? null : parseXmpCoordinate(lonText, 'lon');
  const altitudeText = xmpValue(packet, 'exif:GPSAltitude');
  let altitudeM: number | null = null;
  if (altitudeText) {
    const [n, d] = altitudeText.split('/').map(Number);
    const value = d === undefined ? n! : n! / d;
    if (Number.isFinite(value)) altitudeM = xmpValue(packet, 'exif:GPSAltitudeRef') === '1' ? -value : value;
  }
  return { judgement: judgeGpsFix(lat, lon), altitudeM };
}
