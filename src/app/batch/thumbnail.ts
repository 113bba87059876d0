// A small JPEG thumbnail (as a blob URL) from the decoded preview, so that the batch keeps no pixels.
const THUMB_SIDE = 72;

export async function thumbnailUrl(bitmap: ImageBitmap): Promise<string | null> {
  if (bitmap.width === 0 || bitmap.height === 0) return null;
  const scale = Math.min(1, THUMB_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = new OffscreenCanvas(Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale)));
  const context = canvas.getContext('2d');
  if (!context) return null;
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.7 });
  return URL.createObjectURL(blob);
}
