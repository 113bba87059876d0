// Photo worker: sniff, decode (honouring EXIF orientation), downscale, and read EXIF GPS, off the main thread.
import * as Comlink from 'comlink';
import exifr from 'exifr';
import { checkPhoto, downscaleTarget } from '../src/core/photo/dimensions';
import { validateLatLon } from '../src/core/geo/coords';
import type { DecodedPhoto } from '../src/bridge/types';
import { installErrorTransfer } from '../src/bridge/wire';
import { UserFacingError, throwIfAborted } from './lib/errors';
import { cancelOperation, withOperation } from './lib/operations';

installErrorTransfer();

const MODEL_SIDE = 2048;
const PREVIEW_SIDE = 768;

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
    throw new UserFacingError('corrupt', `"${name}" could not be decoded: the image data is damaged or in a form this browser cannot read.`);
  }
}

async function exifPoint(bytes: Uint8Array) {
  try {
    const found = await exifr.gps(bytes);
    if (!found || !Number.isFinite(found.latitude) || !Number.isFinite(found.longitude)) return null;
    return validateLatLon(found.latitude, found.longitude);
  } catch {
    return null; // a photo with broken EXIF is still a photo
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

  async readPhoto(opId: number, blob: Blob, name: string): Promise<DecodedPhoto> {
    return withOperation(opId, async (signal) => {
      const bytes = new Uint8Array(await blob.arrayBuffer());
      const header = checkPhoto(bytes, name);
      throwIfAborted(signal);
      const bitmap = await decode(new Blob([bytes], { type: header.mime }), name, header.width, header.height);
      try {
        throwIfAborted(signal);
        const pixels = pixelsOf(bitmap);
        const previewSize = downscaleTarget(bitmap.width, bitmap.height, PREVIEW_SIDE);
        const preview = await createImageBitmap(bitmap, { resizeWidth: previewSize.width, resizeHeight: previewSize.height });
        const photo: DecodedPhoto = {
          name,
          kind: header.kind,
          width: header.width,
          height: header.height,
          pixels,
          preview,
          exifGps: await exifPoint(bytes),
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
