// How many tiles of a photo the vision-language model sees on WASM. SmolVLM's processor splits a
// photo into 512 px tiles plus an overview, at up to 2048 px: a 2048 x 1536 photo is 13 passes of
// the vision encoder. On WASM each pass of the 256M model's encoder takes seconds to minutes
// (npm run bench, BENCH_ONLY=realsize), so there the photo is split at up to 1024 px: at most
// 2 x 2 tiles plus the overview. WebGPU keeps the model's own setting.
import { WASM_VLM_LONGEST_EDGE } from '../../src/core/photo/dimensions';
import type { VlmProcessor } from './vlm-generate';

export { WASM_VLM_LONGEST_EDGE };

interface SplittingImageProcessor {
  do_image_splitting?: boolean;
  size?: { longest_edge?: number };
}

/** Caps the size a splitting processor resizes photos to; returns true when it changed anything. */
export function capImageTiles(processor: VlmProcessor, longestEdge = WASM_VLM_LONGEST_EDGE): boolean {
  const images = (processor as unknown as { image_processor?: SplittingImageProcessor }).image_processor;
  const current = images?.size?.longest_edge;
  if (!images?.do_image_splitting || current === undefined || current <= longestEdge) return false;
  images.size = { ...images.size, longest_edge: longestEdge };
  return true;
}
