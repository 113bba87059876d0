// Decodes the primary image of a HEIC/HEIF file with libheif (libheif-js, its WebAssembly build).
// libheif applies the file's own transformations (irot rotation, imir mirror, clap crop) while
// decoding, so the pixels come out upright; EXIF's orientation tag must not be applied again.
// Shared by the photo worker (browser) and the CLI (Node); each loads the library its own way.
import { UserFacingError } from './errors';

interface HeifChannel {
  id: number;
  width: number;
  height: number;
  stride: number;
  data: Uint8Array;
}

interface HeifImageHandle {
  handle: unknown;
  is_primary(): boolean;
  free(): void;
}

/** The part of libheif-js's module this decoder uses. */
export interface HeifLibrary {
  HeifDecoder: new () => { decoder: unknown; decode(bytes: Uint8Array): HeifImageHandle[] };
  heif_context_free(context: unknown): void;
  heif_js_decode_image2(handle: unknown, colorspace: number, chroma: number): Promise<{ code?: number; image: unknown; channels: HeifChannel[] } | null>;
  heif_image_release(image: unknown): void;
  heif_colorspace: { heif_colorspace_RGB: number };
  heif_chroma: { heif_chroma_interleaved_RGBA: number };
  heif_channel: { heif_channel_interleaved: number };
}

export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray<ArrayBuffer>;
}

function undecodable(name: string, why: string): UserFacingError {
  return new UserFacingError('corrupt', `"${name}" could not be decoded: ${why}.`);
}

/** The primary image (multi-image files hold thumbnails, bursts, depth maps) as RGBA, upright. */
export async function decodeHeifPrimary(lib: HeifLibrary, bytes: Uint8Array, name: string): Promise<RgbaImage> {
  const decoder = new lib.HeifDecoder();
  let images: HeifImageHandle[] = [];
  try {
    images = decoder.decode(bytes);
    const primary = images.find((image) => image.is_primary()) ?? images[0];
    if (!primary) throw undecodable(name, 'its HEIF structure holds no image libheif can read');
    const decoded = await lib.heif_js_decode_image2(primary.handle, lib.heif_colorspace.heif_colorspace_RGB, lib.heif_chroma.heif_chroma_interleaved_RGBA);
    if (!decoded || decoded.code) throw undecodable(name, 'its HEVC image data is damaged or uses a form libheif cannot decode');
    try {
      const channel = decoded.channels.find((c) => c.id === lib.heif_channel.heif_channel_interleaved);
      if (!channel) throw undecodable(name, 'libheif returned no RGBA plane');
      const { width, height, stride } = channel;
      const data = new Uint8ClampedArray(width * height * 4);
      if (stride === width * 4) data.set(channel.data.subarray(0, data.length));
      else for (let row = 0; row < height; row++) data.set(channel.data.subarray(row * stride, row * stride + width * 4), row * width * 4);
      return { width, height, data };
    } finally {
      lib.heif_image_release(decoded.image);
    }
  } finally {
    for (const image of images) image.free();
    if (decoder.decoder) lib.heif_context_free(decoder.decoder);
  }
}

type HeifFactory = (options: object) => HeifLibrary;

/**
 * Starts libheif's module and resolves once its WebAssembly is running. The factory returns the
 * module object at once (not a promise) and may give it a `then` of its own, so the module is
 * handed over wrapped, never as a thenable.
 */
export async function startHeifLibrary(factory: unknown, options: object): Promise<HeifLibrary> {
  const started = await new Promise<{ lib: HeifLibrary }>((resolve, reject) => {
    let lib: HeifLibrary | null = null;
    let ready = false;
    lib = (factory as HeifFactory)({
      ...options,
      onRuntimeInitialized: () => {
        ready = true;
        if (lib) resolve({ lib });
      },
      onAbort: (why: unknown) => reject(new Error(`libheif stopped: ${String(why)}`)),
    });
    if (ready) resolve({ lib });
  });
  return started.lib;
}
