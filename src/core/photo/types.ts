export type ImageKind = 'jpeg' | 'png' | 'webp' | 'avif' | 'heic' | 'gif' | 'bmp';

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}
