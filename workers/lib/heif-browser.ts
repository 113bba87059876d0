// Loads libheif's WebAssembly build in a worker, from the app's own origin, the first time a
// HEIC/HEIF photo arrives: it is about 1.4 MB, so it is never part of the initial download.
// This module is itself imported dynamically, so its imports make a chunk of their own.
import factory from 'libheif-js/libheif-wasm/libheif.js';
import wasmUrl from 'libheif-js/libheif-wasm/libheif.wasm?url';
import { startHeifLibrary, type HeifLibrary } from './heif-decode';

let library: Promise<HeifLibrary> | null = null;

export function loadHeifLibrary(): Promise<HeifLibrary> {
  library ??= startHeifLibrary(factory, { locateFile: () => wasmUrl }).catch((error: unknown) => {
    library = null; // let the next HEIC photo try again (e.g. once back online)
    throw error;
  });
  return library;
}
