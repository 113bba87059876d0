// The contract between the UI and the workers. The UI imports only this file and
// `src/bridge/index.ts` (which implements it over comlink); it never touches a worker directly.
import type { LatLon } from '../core/geo/types';

export type Device = 'webgpu' | 'wasm';
export type DevicePreference = 'auto' | Device;
/** Where model files come from: the app's own /models/ folder, a Hugging Face-style hub, or a folder the user picked. */
export type ModelSource = 'self' | 'hub' | 'folder';

export interface BridgeSettings {
  source: ModelSource;
  /** Base URL of the hub, e.g. https://huggingface.co/ (used only when source is 'hub'). */
  hubHost: string;
  device: DevicePreference;
}

/** One file's download/load progress, keyed by file path inside the model folder. */
export interface FileProgress {
  model: string;
  file: string;
  loaded: number;
  total: number;
  status: 'initiate' | 'download' | 'progress' | 'done';
}

export interface LoadedModel {
  id: string;
  revision: string;
  device: Device;
  dtype: string;
  /** Embedding width shared by the image and location encoders. */
  dim: number;
  /** True for the project's generated test models: their output is noise and must never be shown as an answer. */
  tiny: boolean;
}

export interface RegistryEntryView {
  key: string;
  id: string;
  revision: string;
  purpose: string;
  tiny: boolean;
  /** Total bytes of the files this entry would load with the chosen dtype. */
  bytes: number;
  /** Whether the files were found in the chosen source (null = not checked). */
  available: boolean | null;
}

/** A file read from a folder picked with the directory picker, with its path from that folder down. */
export interface PickedFile {
  relativePath: string;
  file: File;
}

/** A model profile with its download size for the device this browser would use. */
export interface ProfileView {
  name: string;
  label: string;
  note: string;
  keys: string[];
  /** Bytes the registry knows for the profile's files on this device. */
  bytes: number;
  /** Files without a size in the registry (small config files). */
  unsized: number;
  /** Keys of the profile the registry does not have yet. */
  missing: string[];
  /** The device variant the size is for. */
  variant: 'wasm' | 'webgpu' | 'webgpu-f16';
}

/** One model's files kept in this browser. */
export interface StoredModel {
  /** Hub id, or the folder name an imported folder was stored under. */
  id: string;
  key: string | null;
  where: ('app folder' | 'hub' | 'imported folder')[];
  files: number;
  bytes: number;
}

export interface StorageView {
  usage: number | null;
  quota: number | null;
  /** Whether the browser promised not to evict this site's data (null: unknown). */
  persisted: boolean | null;
}

export interface DownloadSummary {
  files: number;
  /** Files already kept, not fetched again. */
  skipped: number;
  missing: string[];
}

export interface DecodedPhoto {
  name: string;
  kind: string;
  width: number;
  height: number;
  /** The decoded (possibly downscaled) image: RGBA pixels. */
  pixels: { width: number; height: number; data: Uint8ClampedArray };
  /** A downscaled bitmap for the preview. */
  preview: ImageBitmap;
  /** GPS from EXIF, if the photo carries it. */
  exifGps: LatLon | null;
}

export interface IndexInfo {
  key: string;
  encoderId: string;
  encoderRevision: string;
  gallerySource: string;
  count: number;
  dim: number;
  element: 'int8' | 'fp16';
  bytes: number;
  createdAt: string;
}

export interface BuildProgress {
  done: number;
  total: number;
  /** Rows that were already built before a reload and were reused. */
  resumedFrom: number;
}

export type { Match, SearchResult as QueryResult } from '../core/retrieve/search';
import type { SearchResult as QueryResult } from '../core/retrieve/search';

export interface Bridge {
  configure(settings: BridgeSettings): Promise<void>;
  /** Registry entries with sizes and whether their files are present in the current source. */
  listModels(): Promise<RegistryEntryView[]>;
  /** Remembers a folder the user picked (File objects with webkitRelativePath, or files read from a directory handle) for offline use. */
  importModelFolder(files: (File | PickedFile)[]): Promise<{ stored: number; models: string[] }>;

  /** The model profiles with their sizes for the device this browser would use under `device`. */
  listProfiles(device: DevicePreference): Promise<ProfileView[]>;
  /** Downloads a profile's files from the current source into this browser, for offline use. */
  downloadProfile(name: string, onProgress: (p: FileProgress) => void, signal?: AbortSignal): Promise<DownloadSummary>;
  /** Model files kept in this browser, per model. */
  storedModels(): Promise<StoredModel[]>;
  /** Deletes every kept copy of a model (cached downloads and imported files). */
  deleteModel(id: string): Promise<void>;
  storage(): Promise<StorageView>;
  /** Asks the browser to keep this site's data; resolves to whether it agreed. */
  persistStorage(): Promise<boolean>;

  readPhoto(file: Blob & { name?: string }, signal?: AbortSignal): Promise<DecodedPhoto>;

  loadGeoclip(key: string, onProgress: (p: FileProgress) => void, signal?: AbortSignal): Promise<LoadedModel>;
  encodeImage(pixels: DecodedPhoto['pixels'], signal?: AbortSignal): Promise<Float32Array>;

  listIndexes(): Promise<IndexInfo[]>;
  deleteIndex(key: string): Promise<void>;
  /** Opens (and verifies) the stored index for the loaded encoder, or returns null when there is none. */
  openIndexFor(model: LoadedModel): Promise<IndexInfo | null>;
  /** Builds the index for the loaded encoder from the app's bundled gallery, resuming a build a reload interrupted. */
  buildIndex(model: LoadedModel, onProgress: (p: BuildProgress) => void, signal?: AbortSignal): Promise<IndexInfo>;
  /** Imports an index file (.wbx); refused if it was built by another encoder than `model`. */
  importIndex(model: LoadedModel, file: Blob): Promise<IndexInfo>;
  query(embedding: Float32Array, k: number, signal?: AbortSignal): Promise<QueryResult>;

  /** Country (and later region/city) names for points, offline. */
  placeNames(points: LatLon[]): Promise<string[]>;
}

/** What a failed bridge call rejects with: `message` is written for the user. */
export interface BridgeErrorShape {
  name: string;
  message: string;
  code: string;
}
