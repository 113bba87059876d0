// The contract between the UI and the workers. The UI imports only this file and
// `src/bridge/index.ts` (which implements it over comlink); it never touches a worker directly.
import type { LatLon } from '../core/geo/types';
import type { Cue } from '../core/cluemap/types';
import type { Patch } from '../core/cluemap/patch-grid';
import type { ChatMessage } from '../core/reason/prompt';
import type { CluemapInputs as CoreCluemapInputs } from '../core/cluemap/edit';
import type { GazetteerHit, GazetteerQuery } from '../core/place/gazetteer';
import type { PlaceName } from '../core/place/types';
import type { RefineOutcome } from '../core/refine/refine';
import type { IndexFacts } from '../core/retrieve/index-facts';

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

/** One encoder of the cluemap stage, as loaded. */
export interface LoadedEncoder {
  /** Registry key, e.g. "clip-base". */
  key: string;
  id: string;
  revision: string;
  device: Device;
  dtype: string;
  /** Embedding width. */
  dim: number;
  /** A generated test model: its similarities are noise. */
  tiny: boolean;
}

/** The CLIP and sentence encoders the cluemap needs. */
export interface LoadedEncoders {
  clip: LoadedEncoder & {
    /** Tokens CLIP's text encoder reads, markers included (77). */
    contextTokens: number;
  };
  embedder: LoadedEncoder;
}

/** CLIP image embeddings of the photo's patches (core patchGrid), encoded as one batch. */
export interface PatchEmbeddings {
  patches: Patch[];
  /** One L2-normalised row of `dim` numbers per patch, in patch order. */
  embeddings: Float32Array;
  dim: number;
}

/** Embeddings, one L2-normalised row of `dim` numbers per text, in input order. */
export interface TextEmbeddings {
  embeddings: Float32Array;
  dim: number;
}

/**
 * What buildCluemap needs (cues, cue x patch and cue x cue similarities), plus the embeddings
 * an edit needs to add or change one cue without encoding the photo or the other cues again.
 */
export interface CluemapInputs extends CoreCluemapInputs {
  patches: PatchEmbeddings;
  /** Sentence embeddings of the cues, for comparing an edited cue with the others. */
  sentences: TextEmbeddings;
}

export interface RegistryEntryView {
  key: string;
  /** What the model is for: 'geoclip', 'vlm', 'clip' or 'embedder'. */
  kind: string;
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
  /** The photo's own usable GPS fix (EXIF, or XMP when EXIF has none); never 0, 0 or an impossible value. */
  exifGps: LatLon | null;
  /** Everything the metadata says: GPS altitude, time and direction, orientation, capture time. */
  metadata: PhotoMetadata;
}

export interface IndexInfo extends IndexFacts {
  key: string;
  bytes: number;
}

/** What the full pipeline asks the vision-language model: the photo and a conversation. */
export interface GenerateRequest {
  /** The photo, attached to the first user message. */
  pixels: DecodedPhoto['pixels'] | null;
  messages: readonly ChatMessage[];
  maxNewTokens: number;
  /** Stop once the reply has closed a JSON answer (VlmRequest.stopAtAnswer). */
  stopAtAnswer?: boolean;
}

/** CLIP text and sentence embeddings of cues, one L2-normalised row per cue. */
export interface EncodedCues {
  clip: Float32Array;
  clipDim: number;
  sentence: Float32Array;
  sentenceDim: number;
}

/** Bytes of an offered index downloaded so far. */
export interface DownloadProgress {
  loaded: number;
  total: number;
}

/**
 * What became of the index offered beside the model: none offered (or it could not be reached),
 * downloaded, checked and stored, or refused with the reason (the caller then builds one).
 */
export type OfferedIndexResult = { status: 'none'; reason: string } | { status: 'downloaded'; info: IndexInfo } | { status: 'refused'; reason: string };

export interface BuildProgress {
  done: number;
  total: number;
  /** Rows that were already built before a reload and were reused. */
  resumedFrom: number;
}

export type { Match } from '../core/retrieve/search';
import type { Area } from '../core/region/area';
import type { RegionChoice } from '../core/region/choices';
import type { RegionOutline } from '../core/region/outline';

/** A country, or a first-level region of it (GeoNames admin-1 code). */
export interface PlaceTarget {
  readonly countryCode: string;
  readonly regionCode: string | null;
}

/** A denser grid of coordinates for an area, to encode and search with the main index. */
export interface GridRequest {
  /** The area, or for a chosen country or region the box around it. */
  readonly area: Area;
  /** A chosen country or region: only the grid points it holds (as the search tests it) are kept. */
  readonly place?: PlaceTarget;
  readonly spacingKm: number;
  /** What the grid covers, in words, for the list of stored indexes. */
  readonly label: string;
}
import type { SearchResult } from '../core/retrieve/search';
import type { AnswerSurface, Masses } from '../core/surface';
import type { ConstraintMask, PlaceConstraint } from '../core/reason/constraints';
import type { PhotoMetadata } from '../core/photo/metadata';

/** How the user's stated facts narrowed a query: gallery places kept and dropped. */
export interface Restriction {
  readonly kept: number;
  readonly dropped: ConstraintMask['dropped'];
  /** Labels of constraints that could not be checked against the gallery (e.g. "Near a coast"). */
  readonly notApplied: readonly string[];
}

/** The probability surface of a query, as the retrieve worker sends it (see src/core/surface). */
export type QuerySurface = Omit<AnswerSurface, 'countries'>;

export interface QueryResult extends SearchResult {
  /** null when the query had no constraints. */
  readonly restriction: Restriction | null;
  /** Where else and how sure: computed in the worker over every allowed row; null when no row was allowed. */
  readonly surface: QuerySurface | null;
  /** Names this query's softmax in the retrieve worker, for confidenceAround (only the latest query's is kept). */
  readonly queryId: number;
}

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
  /** A photo's metadata alone (GPS, orientation, capture time), readable when its pixels are not. */
  readPhotoMetadata(file: Blob): Promise<PhotoMetadata>;

  loadGeoclip(key: string, onProgress: (p: FileProgress) => void, signal?: AbortSignal): Promise<LoadedModel>;
  encodeImage(pixels: DecodedPhoto['pixels'], signal?: AbortSignal): Promise<Float32Array>;

  listIndexes(): Promise<IndexInfo[]>;
  deleteIndex(key: string): Promise<void>;
  /** Opens (and verifies) the stored index for the loaded encoder, or returns null when there is none. */
  openIndexFor(model: LoadedModel): Promise<IndexInfo | null>;
  /** Builds the index for the loaded encoder from the app's bundled gallery, resuming a build a reload interrupted. */
  buildIndex(model: LoadedModel, onProgress: (p: BuildProgress) => void, signal?: AbortSignal): Promise<IndexInfo>;
  /**
   * Downloads the coordinate index offered beside the model in the current source (its manifest,
   * whereabouts-index.json), checks its size, SHA-256 and encoder, and stores and opens it.
   */
  downloadIndex(model: LoadedModel, onProgress: (p: DownloadProgress) => void, signal?: AbortSignal): Promise<OfferedIndexResult>;
  /** Imports an index file (.wbx); refused if it was built by another encoder than `model`. */
  importIndex(model: LoadedModel, file: Blob): Promise<IndexInfo>;
  /** Encodes a grid for a region (resuming one a reload interrupted), stores it and adds it to the search. */
  buildRegionGrid(model: LoadedModel, request: GridRequest, onProgress: (p: BuildProgress) => void, signal?: AbortSignal): Promise<IndexInfo>;
  /** Countries and first-level regions to restrict the search to. */
  regionChoices(): Promise<RegionChoice[]>;
  /** The shape of a chosen country (its borders) or first-level region (cells passing its test), to shade and to lay a grid over. */
  regionOutline(target: PlaceTarget): Promise<RegionOutline | null>;
  /** The k most and least similar gallery places, leaving out places that break `constraints`. */
  query(embedding: Float32Array, k: number, signal?: AbortSignal, constraints?: readonly PlaceConstraint[]): Promise<QueryResult>;
  /** The masses and credible radii of query `queryId` around another point (the refined point, the final answer); null once a later query replaced its softmax. */
  confidenceAround(queryId: number, point: LatLon): Promise<Masses | null>;
  /** Location-encoder embeddings of points (the loaded GeoCLIP model), for the final choice. */
  encodeLocations(points: readonly LatLon[], signal?: AbortSignal): Promise<Float32Array[]>;
  /**
   * Scores coordinates the gallery does not have around `starts` (the best gallery places, best
   * first) with the loaded location model, coarse to fine; the refined point, if one beats them all.
   */
  refine(imageEmbedding: Float32Array, starts: readonly LatLon[], signal?: AbortSignal): Promise<RefineOutcome>;
  /** ISO alpha-2 country code of each point, or null at sea. */
  countryCodes(points: readonly LatLon[]): Promise<(string | null)[]>;

  /** Loads a vision-language model (registry kind 'vlm') in its own worker. */
  loadVlm(key: string, onProgress: (p: FileProgress) => void, signal?: AbortSignal): Promise<LoadedVlm>;
  /**
   * Streams the model's reply to `onToken`. Aborting `signal` stops the generation: the call then
   * resolves with what was written so far and `stopped: true`.
   */
  generate(request: GenerateRequest, onToken: (text: string) => void, signal?: AbortSignal): Promise<VlmResult & { fellBackToWasm: boolean }>;
  /** Loads the CLIP pair and the sentence embedder (in the encoders worker). */
  loadEncoders(clipKey: string, embedderKey: string, onProgress: (p: FileProgress) => void, signal?: AbortSignal): Promise<LoadedEncoders>;
  /** The photo's patch grid, all patches encoded with CLIP in one batch. */
  encodePatches(pixels: DecodedPhoto['pixels'], signal?: AbortSignal): Promise<PatchEmbeddings>;
  /** CLIP text and sentence embeddings of cues (texts cut to the text encoder's limit). */
  encodeCues(cues: readonly Cue[], signal?: AbortSignal): Promise<EncodedCues>;

  saveHistory(record: HistoryRecord): Promise<void>;
  loadHistory(id: string): Promise<HistoryRecord | null>;
  listHistory(): Promise<HistorySummary[]>;
  deleteHistory(id: string): Promise<void>;
  clearHistory(): Promise<void>;

  /** Country, first-level region and nearest settlement for each point, offline (placeLabel makes a line of it). */
  placeNames(points: LatLon[]): Promise<PlaceName[]>;
  /** Name -> coordinate for a place an answer names without coordinates; null when the offline gazetteer does not know it. */
  lookupPlace(query: GazetteerQuery): Promise<GazetteerHit | null>;
}

/** One photo's result and conversation as kept in the history (plain data; no pixels but a small thumbnail). */
export interface HistoryRecord {
  /** SHA-256 of the photo's bytes, hex. */
  id: string;
  name: string;
  savedAt: string;
  mode: 'fast' | 'full';
  /** A small JPEG of the photo, for the list. */
  thumbnail: Blob | null;
  /** The answer shown: the final choice in full mode or after a chat, else the top retrieved place. */
  final: { lat: number; lon: number; label: string } | null;
  tiny: boolean;
  /** The top retrieved places. */
  retrieved: { lat: number; lon: number; p: number; place: string }[];
  /** Candidate answers with where they came from. */
  candidates: { source: string; label: string; ok: boolean; lat: number | null; lon: number | null; similarity: number | null; reason: string | null }[];
  /** The cluemap as JSON (cluemapToJson), or null. */
  cluemap: unknown;
  cues: { text: string; description: string }[];
  conversation: ChatMessage[];
  chat: { role: 'user' | 'model' | 'note'; text: string }[];
  constraints: PlaceConstraint[];
  /** Number of chat messages the user sent. */
  turns: number;
}

export type HistorySummary = Pick<HistoryRecord, 'id' | 'name' | 'savedAt' | 'mode' | 'final' | 'thumbnail' | 'turns'>;

/** What a failed bridge call rejects with: `message` is written for the user. */
export interface BridgeErrorShape {
  name: string;
  message: string;
  code: string;
}

// ---- The vision-language model (workers/vlm.worker.ts) ----

export interface VlmMessage {
  role: 'system' | 'user' | 'assistant';
  text: string;
}

export interface VlmRequest {
  /** The photo as RGBA pixels; it attaches to the first user message. null for a text-only chat. */
  pixels: DecodedPhoto['pixels'] | null;
  /** The conversation so far; the model answers after the last message. */
  messages: VlmMessage[];
  /** Upper bound on generated tokens (1 to 4096). */
  maxNewTokens: number;
  /** Stop once the reply has closed a JSON answer (the answer prompts ask for nothing after it). */
  stopAtAnswer?: boolean;
}

export interface VlmResult {
  /** The generated text (special tokens removed). Untrusted: render as text, never as HTML. */
  text: string;
  tokenCount: number;
  /** From the start of the request to the first generated token (includes image encoding and prefill). */
  firstTokenMs: number | null;
  /** Decoding speed after the first token; null with fewer than two tokens. */
  tokensPerSecond: number | null;
  /** True when Stop (cancel) ended the generation early; `text` then holds what came before. */
  stopped: boolean;
  /** Set by whoever retried the request on WASM after a WebGPU failure (the worker cannot: see VlmErrorCode). */
  fellBackToWasm?: boolean;
}

export interface LoadedVlm {
  key: string;
  id: string;
  revision: string;
  device: Device;
  /** The decoder's dtype (the one that decides quality and memory). */
  dtype: string;
  /** dtype per ONNX session: vision_encoder, embed_tokens, decoder_model_merged. */
  dtypes: Record<string, string>;
  tiny: boolean;
}

/**
 * Codes the VLM worker's errors carry. transformers.js 4.3.1 queues every session creation and every
 * run of a worker on one promise chain that never recovers from a rejection, so after
 * `device-lost`, `out-of-memory`, `inference-failed` or any failed load the worker must be replaced
 * (and, for the first two on WebGPU with the device on automatic, the request retried on WASM).
 * `bad-request`, `no-model` and `unknown-model` leave the worker usable.
 */
export type VlmErrorCode =
  | 'device-lost'
  | 'out-of-memory'
  | 'inference-failed'
  | 'bad-request'
  | 'no-model'
  | 'unknown-model'
  | 'no-webgpu'
  | 'model-missing'
  | 'model-broken'
  | 'model-load-failed';
