// Photo worker: sniff, decode (upright: EXIF orientation, or HEIF's own rotation and mirror),
// downscale, and read the metadata (GPS, orientation, capture time), off the main thread.
import * as Comlink from 'comlink';
import { checkPhoto, downscaleTarget } from '../src/core/photo/dimensions';
import type { PhotoMetadata } from '../src/core/photo/metadata';
import type { DecodedPhoto } from '../src/bridge/types';
import { installErrorTransfer } from '../src/bridge/wire';
import { UserFacingError, throwIfAborted } from './lib/errors';
import { cancelOperation, withOperation } from './lib/operations';
import { readPhotoMetadata } from './lib/photo-metadata';

installErrorTransfer();

const MODEL_SIDE = 2048;
const PREVIEW_SIDE = 768;

function undecodable(name: string): UserFacingError {
  return new UserFacingError('corrupt', `"${name}" could not be decoded: the image data is damaged or in a form this browser cannot read.`);
}

async function decode(blob: Blob, name: string, width: number, height: number) {
  const target = downscaleTarget(width, height, MODEL_SIDE);
  try {
    return await createImageBitmap(blob, {
      imageOrientation: 'from-image',
      resizeWidth: target.width,
      resizeHeight: target.height,
      resizeQuality: 'high',
    });
  } catch {
    throw undecodable(name);
  }
}

/** HEIC/HEIF, which Chromium cannot decode: libheif (WebAssembly), fetched the first time one arrives. */
async function decodeHeif(bytes: Uint8Array, name: string) {
  let loaded;
  try {
    const { loadHeifLibrary } = await import('./lib/heif-browser');
    loaded = await Promise.all([loadHeifLibrary(), import('./lib/heif-decode')]);
  } catch (error) {
    throw new UserFacingError('decoder-unavailable', `"${name}" is a HEIC photo, and the HEIC decoder could not be loaded (${String((error as Error)?.message ?? error)}). Reload the page once online, or save the photo as a JPEG.`);
  }
  const [lib, { decodeHeifPrimary }] = loaded;
  const image = await decodeHeifPrimary(lib, bytes, name);
  const target = downscaleTarget(image.width, image.height, MODEL_SIDE);
  const full = new ImageData(image.data, image.width, image.height);
  try {
    return await createImageBitmap(full, { resizeWidth: target.width, resizeHeight: target.height, resizeQuality: 'high' });
  } catch {
    throw undecodable(name);
  }
}

function pixelsOf(bitmap: ImageBitmap): DecodedPhoto['pixels'] {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new UserFacingError('no-canvas', 'This browser cannot read image pixels in a worker.');
  context.drawImage(bitmap, 0, 0);
  const image = context.getImageData(0, 0, bitmap.width, bitmap.height);
  return { width: image.width, height: image.height, data: image.data };
}

const api = {
  cancel: cancelOperation,

  /** GPS, orientation and capture time alone: for a photo whose pixels could not be read. */
  async readMetadata(blob: Blob): Promise<PhotoMetadata> {
    return readPhotoMetadata(new Uint8Array(await blob.arrayBuffer()));
  },

  async readPhoto(opId: number, blob: Blob, name: string): Promise<DecodedPhoto> {
    return withOperation(opId, async (signal) => {
      const bytes = new Uint8Array(await blob.arrayBuffer());
      const header = checkPhoto(bytes, name);
      throwIfAborted(signal);
      const bitmap =
        header.kind === 'heic'
          ? await decodeHeif(bytes, name)
          : await decode(new Blob([bytes], { type: header.mime }), name, header.width, header.height);
      try {
        throwIfAborted(signal);
        const pixels = pixelsOf(bitmap);
        const previewSize = downscaleTarget(bitmap.width, bitmap.height, PREVIEW_SIDE);
        const preview = await createImageBitmap(bitmap, { resizeWidth: previewSize.width, resizeHeight: previewSize.height });
        const metadata = await readPhotoMetadata(bytes);
        const photo: DecodedPhoto = {
          name,
          kind: header.kind,
          width: header.width,
          height: header.height,
          pixels,
          preview,
          exifGps: metadata.gps ? { lat: metadata.gps.lat, lon: metadata.gps.lon } : null,
          metadata,
        };
        return Comlink.transfer(photo, [pixels.data.buffer, preview]);
      } finally {
        bitmap.close();
      }
    });
  },
};

export type PhotoWorker = typeof api;
Comlink.expose(api);
