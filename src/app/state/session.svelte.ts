// One Session per app: it owns the bridge, the settings and everything the screen shows.
// Components read its fields and call its methods; they never talk to the bridge themselves.
import { SvelteMap } from 'svelte/reactivity';
import type {
  Bridge,
  BridgeSettings,
  DecodedPhoto,
  FileProgress,
  IndexInfo,
  LoadedModel,
  PickedFile,
  RegistryEntryView,
  HistoryRecord,
  HistorySummary,
  QuerySurface,
  BuildProgress,
  GridRequest,
  PlaceTarget,
  QueryResult,
} from '../../bridge/types';
import type { RegionChoice } from '../../core/region/choices';
import type { RegionOutline } from '../../core/region/outline';
import { photoId, recordOf, thumbnailOf } from '../history/record';
import { haversineKm } from '../../core/geo/haversine';
import type { LatLon } from '../../core/geo/types';
import type { RefineOutcome } from '../../core/refine/refine';
import { Analysis } from '../analysis/analysis.svelte';
import { surfaceAround } from '../surface/around';
import { customVlmEntry, findEntry } from '../../../models/registry';
import { placeLabel } from '../../core/place/label';
import type { PhotoMetadata } from '../../core/photo/metadata';
import {
  type AppSettings,
  type LocateMode,
  type Overrides,
  loadSettings,
  readOverrides,
  saveSettings,
} from './settings';

export type StageName = 'photo' | 'models' | 'index' | 'encode' | 'retrieve' | 'refine' | 'places';
export type StageStatus = 'idle' | 'running' | 'done' | 'error';

export interface Stage {
  readonly name: StageName;
  readonly label: string;
  status: StageStatus;
  /** Work done so far, when the stage can measure it (null: no measurable progress). */
  done: number | null;
  total: number | null;
  /** Index build only: rows reused from a build a reload interrupted. */
  resumedFrom: number | null;
  /** What done and total count: items (places) or bytes (a download). */
  unit: 'items' | 'bytes';
  /** How long the stage took, in milliseconds, once it has finished. */
  ms: number | null;
  /** One short line under the stage: what it found, or why it stopped. */
  detail: string;
}

export const STAGES: readonly { readonly name: StageName; readonly label: string }[] = [
  { name: 'photo', label: 'Read the photo' },
  { name: 'models', label: 'Load the model' },
  { name: 'index', label: 'Open the place index' },
  { name: 'encode', label: 'Encode the photo' },
  { name: 'retrieve', label: 'Search the index' },
  { name: 'refine', label: 'Refine between gallery places' },
  { name: 'places', label: 'Name the places' },
];

/** How many candidate places a query asks for. */
export const CANDIDATES = 15;

/** A photo whose pixels could not be read, with what its metadata still says. */
export interface UnreadablePhoto {
  readonly name: string;
  readonly metadata: PhotoMetadata;
}

export interface ShownPhoto {
  readonly decoded: DecodedPhoto;
  /** Size of the file as dropped, in bytes. */
  readonly bytes: number;
}

export interface Candidate {
  readonly rank: number;
  readonly lat: number;
  readonly lon: number;
  /** Probability in [0, 1] among the candidates. */
  readonly p: number;
  readonly score: number;
  readonly place: string;
}

/** A point between gallery places, more similar to the photo than every gallery place it started from (core/refine). */
export interface RefinedAnswer extends LatLon {
  /** Cosine similarity of its location embedding to the photo's. */
  readonly similarity: number;
  /** The gallery match it was found around (rank 1 = best), with that place's similarity. */
  readonly start: { readonly rank: number; readonly lat: number; readonly lon: number; readonly similarity: number };
  /** The best gallery start's similarity: the refined point's is always higher. */
  readonly galleryBest: number;
  readonly place: string;
  /** Coordinates scored to find it. */
  readonly points: number;
}

export interface ExifComparison {
  readonly point: LatLon;
  readonly place: string;
  /** Great-circle distance from the top answer to the EXIF point. */
  readonly distanceKm: number;
}

export interface LocateResult {
  readonly photo: ShownPhoto;
  readonly model: LoadedModel;
  readonly index: IndexInfo;
  readonly candidates: readonly Candidate[];
  /** The refined point when refinement is on and found one; it is then the fast answer. */
  readonly refined: RefinedAnswer | null;
  /** Where else and how sure (the query's probability surface); null when the worker sent none. */
  readonly surface: QuerySurface | null;
  readonly exif: ExifComparison | null;
  /** Wall time of the whole run, in milliseconds. */
  readonly ms: number;
}

export interface AlertMessage {
  readonly message: string;
  readonly code: string;
}

export type ListStatus = 'idle' | 'loading' | 'ready' | 'error';

function freshStages(): Record<StageName, Stage> {
  const stages = {} as Record<StageName, Stage>;
  for (const { name, label } of STAGES) {
    stages[name] = { name, label, status: 'idle', done: null, total: null, resumedFrom: null, unit: 'items', ms: null, detail: '' };
  }
  return stages;
}

/** The registry key to load: the one asked for, else the best GeoCLIP entry the source has. */
export function pickModelKey(entries: readonly RegistryEntryView[], wanted: string): string | null {
  if (wanted) return wanted;
  const geoclip = entries.filter((e) => e.kind === 'geoclip');
  return pickBest(geoclip.length > 0 ? geoclip : entries);
}

/** The helper model of a kind to load: a real one the source has, else the test one. */
export function pickHelperKey(entries: readonly RegistryEntryView[], kind: string): string | null {
  return pickBest(entries.filter((e) => e.kind === kind));
}

/** A registry key as it is, or a hub id the user typed as a custom entry's key ("custom:owner/name"). */
export function vlmKeyFor(choice: string): string | null {
  if (findEntry(choice)?.kind === 'vlm') return choice;
  return customVlmEntry(choice)?.key ?? null;
}

function pickBest(pool: readonly RegistryEntryView[]): string | null {
  const choice =
    pool.find((e) => !e.tiny && e.available !== false) ??
    pool.find((e) => e.available !== false) ??
    pool[0];
  return choice?.key ?? null;
}

function isAbort(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { name?: unknown; code?: unknown };
  return e.name === 'AbortError' || e.code === 'aborted';
}

/** Turns anything thrown into a sentence for the alert. Bridge errors already carry one. */
export function describeError(error: unknown, fallback: string): AlertMessage {
  if (error && typeof error === 'object') {
    const e = error as { message?: unknown; code?: unknown; name?: unknown };
    const message = typeof e.message === 'string' ? e.message.trim() : '';
    const code = typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : 'internal';
    return { message: message || fallback, code };
  }
  if (typeof error === 'string' && error.trim()) return { message: error.trim(), code: 'internal' };
  return { message: fallback, code: 'internal' };
}

function refineDetail(outcome: RefineOutcome | null, on: boolean): string {
  if (!on) return 'Off (Settings)';
  if (!outcome) return 'No gallery place to start from';
  const scored = `${outcome.points.toLocaleString('en')} points scored`;
  if (!outcome.refined) return `${scored}; none more similar than the gallery's best`;
  const gain = outcome.refined.similarity - (outcome.bestStart?.similarity ?? outcome.refined.similarity);
  return `${scored}; ${formatKmShort(haversineKm(outcome.refined, outcome.refined.start))} from gallery place ${outcome.refined.start.rank}, similarity +${gain.toFixed(4)}`;
}

function formatKmShort(km: number): string {
  return km < 10 ? `${km.toFixed(1)} km` : `${Math.round(km)} km`;
}

function indexKeyOf(model: LoadedModel): string {
  return `${model.id}@${model.revision}`;
}

function browserStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export class Session {
  readonly #bridge: Bridge;
  readonly #storage: Storage | null;

  /** What the user chose; persisted. */
  settings = $state<AppSettings>(loadSettings(null));
  /** What the page address asks for this visit (?device=, ?model=); never persisted. */
  overrides = $state<Overrides>({});

  /** The registry as the current source sees it. */
  models = $state.raw<RegistryEntryView[]>([]);
  modelsStatus = $state<ListStatus>('idle');
  /** Location indexes stored in this browser. */
  indexes = $state.raw<IndexInfo[]>([]);
  indexesStatus = $state<ListStatus>('idle');

  /** The stages of the current (or last) run. */
  stages = $state<Record<StageName, Stage>>(freshStages());
  /** Per-file progress of the model being loaded, keyed by file path. */
  readonly files = new SvelteMap<string, FileProgress>();

  /** The photo on screen: the one being worked on, or the one of the last good result. */
  photo = $state.raw<ShownPhoto | null>(null);
  /** The last good result; kept on screen when a later run fails. */
  result = $state.raw<LocateResult | null>(null);
  /** The model the last run loaded. */
  model = $state.raw<LoadedModel | null>(null);

  /** Photos located before, newest first (kept in IndexedDB on this device). */
  history = $state.raw<HistorySummary[]>([]);
  #photoId: string | null = null;
  #unrestrictedRefined: RefinedAnswer | null = null;
  #historyWrites: Promise<void> = Promise.resolve();

  /** The error to show, if any. */
  alert = $state.raw<AlertMessage | null>(null);
  /** The last photo dropped, when its pixels could not be read but its metadata could (GPS above all). */
  unreadable = $state.raw<UnreadablePhoto | null>(null);
  /** A short, polite status line (not an error). */
  notice = $state('');

  /** True while a photo is being located. */
  running = $state(false);
  /** True while the location index is being built (the Cancel button shows). */
  building = $state(false);

  /** The settings the bridge gets: the user's choice with this visit's overrides on top. */
  readonly effective: BridgeSettings = $derived({
    source: this.settings.source,
    hubHost: this.settings.hubHost,
    device: this.overrides.device ?? this.settings.device,
  });
  readonly mode: LocateMode = $derived(this.overrides.mode ?? this.settings.mode);
  /** The full pipeline and the chat for the photo on screen. */
  readonly analysis: Analysis;
  /** The registry key that the next run will load (null: nothing to load). */
  readonly modelKey: string | null = $derived(
    pickModelKey(this.models, this.overrides.model ?? this.settings.modelKey),
  );

  #controller: AbortController | null = null;
  #ready: Promise<void> = Promise.resolve();
  #openIndex: { key: string; info: IndexInfo } | null = null;
  #loadedKey: string | null = null;

  constructor(bridge: Bridge, options: { storage?: Storage | null; search?: string } = {}) {
    this.#bridge = bridge;
    this.#storage = options.storage === undefined ? browserStorage() : options.storage;
    this.settings = loadSettings(this.#storage);
    this.overrides = readOverrides(options.search ?? (typeof location === 'undefined' ? '' : location.search));
    this.analysis = new Analysis(bridge, {
      pickKey: (kind) => (kind === 'vlm' && this.settings.vlmKey ? vlmKeyFor(this.settings.vlmKey) : pickHelperKey(this.models, kind)),
      maxNewTokens: () => this.overrides.maxNewTokens ?? this.settings.maxNewTokens,
      onProgress: (p) => this.files.set(`${p.model}/${p.file}`, p),
      onError: (error, fallback) => this.#showError(error, fallback),
      onSettled: () => void this.#saveHistory(),
      onRetrieval: (found) => this.#showRetrieval(found),
    });
  }

  /** Sends the settings to the bridge and fills the model and index lists. */
  async start(): Promise<void> {
    await Promise.all([this.#configure(), this.refreshIndexes(), this.refreshHistory()]);
  }

  async refreshHistory(): Promise<void> {
    try {
      this.history = await this.#bridge.listHistory();
    } catch (error) {
      this.#showError(error, 'The history could not be read.');
    }
  }

  openHistory(id: string): Promise<HistoryRecord | null> {
    return this.#bridge.loadHistory(id).catch((error: unknown) => {
      this.#showError(error, 'That history entry could not be read.');
      return null;
    });
  }

  async deleteHistory(id: string): Promise<void> {
    if (id === this.#photoId) this.#photoId = null; // the photo on screen is no longer kept
    try {
      await this.#inHistoryOrder(() => this.#bridge.deleteHistory(id));
    } catch (error) {
      this.#showError(error, 'The history entry could not be deleted.');
    }
    await this.refreshHistory();
  }

  async clearHistory(): Promise<void> {
    this.#photoId = null;
    try {
      await this.#inHistoryOrder(() => this.#bridge.clearHistory());
    } catch (error) {
      this.#showError(error, 'The history could not be deleted.');
    }
    await this.refreshHistory();
  }

  /** History writes and deletes run one after another, so a delete is never undone by a save already under way. */
  #inHistoryOrder(work: () => Promise<void>): Promise<void> {
    const next = this.#historyWrites.then(work);
    this.#historyWrites = next.catch(() => undefined);
    return next;
  }

  /** Keeps the photo on screen, its result and its conversation in the history. */
  async #saveHistory(): Promise<void> {
    const id = this.#photoId;
    const result = this.result;
    if (!id || !result) return;
    try {
      const thumbnail = await thumbnailOf(result.photo.decoded.preview);
      const record = recordOf(id, result, this.analysis, this.mode, thumbnail);
      // Skipped when the user deleted this photo's entry (or moved on) in the meantime.
      await this.#inHistoryOrder(async () => {
        if (this.#photoId === id) await this.#bridge.saveHistory(record);
      });
      await this.refreshHistory();
    } catch (error) {
      this.#showError(error, 'This result could not be kept in the history; it stays on screen.');
    }
  }

  /** Stops whatever run is in progress (the index build's Cancel button). */
  cancel(): void {
    this.#controller?.abort(new DOMException('Stopped.', 'AbortError'));
  }

  dismissAlert(): void {
    this.alert = null;
  }

  /** Changes settings, saves them, and reconfigures the bridge when the model source changed. */
  async update(patch: Partial<AppSettings>): Promise<void> {
    const before = JSON.stringify(this.effective);
    if (patch.device !== undefined && this.overrides.device !== undefined) {
      const { device: _dropped, ...rest } = this.overrides;
      this.overrides = rest;
    }
    if (patch.mode !== undefined && this.overrides.mode !== undefined) {
      const { mode: _dropped, ...rest } = this.overrides;
      this.overrides = rest;
    }
    if (patch.modelKey !== undefined && this.overrides.model !== undefined) {
      const { model: _dropped, ...rest } = this.overrides;
      this.overrides = rest;
    }
    Object.assign(this.settings, patch);
    saveSettings(this.#storage, $state.snapshot(this.settings));
    if (JSON.stringify(this.effective) !== before) await this.#configure();
  }

  async refreshModels(): Promise<void> {
    this.modelsStatus = 'loading';
    try {
      await this.#ready;
      this.models = await this.#bridge.listModels();
      this.modelsStatus = 'ready';
    } catch (error) {
      this.modelsStatus = 'error';
      this.#showError(error, 'The list of models could not be read.');
    }
  }

  async refreshIndexes(): Promise<void> {
    this.indexesStatus = 'loading';
    try {
      this.indexes = await this.#bridge.listIndexes();
      this.indexesStatus = 'ready';
    } catch (error) {
      this.indexesStatus = 'error';
      this.#showError(error, 'The stored location indexes could not be listed.');
    }
  }

  async deleteIndex(key: string): Promise<void> {
    try {
      await this.#bridge.deleteIndex(key);
      if (this.#openIndex?.info.key === key) this.#openIndex = null;
      this.notice = key.includes('|grid:')
        ? 'The regional grid was deleted; searches use the main index without it.'
        : 'The index was deleted. It will be built again the next time it is needed.';
    } catch (error) {
      this.#showError(error, 'The index could not be deleted.');
    }
    await this.refreshIndexes();
  }

  /** Imports an index file (.wbx) for the selected model, loading the model first if needed. */
  async importIndex(file: Blob): Promise<void> {
    if (this.running) {
      this.notice = 'Wait for the current photo to finish, then import the index.';
      return;
    }
    try {
      const model = await this.#modelForImport();
      this.notice = 'Checking the index file…';
      const info = await this.#bridge.importIndex(model, file);
      this.#openIndex = null;
      this.notice = `Imported an index of ${info.count.toLocaleString('en')} places for ${info.encoderId}.`;
    } catch (error) {
      this.notice = '';
      this.#showError(error, 'The index file could not be imported.');
    }
    await this.refreshIndexes();
  }

  /** Stores model files from a folder the user picked, then switches the source to that folder. */
  async importModelFolder(files: (File | PickedFile)[]): Promise<void> {
    if (files.length === 0) return;
    try {
      this.notice = `Storing ${files.length} files…`;
      const { stored, models } = await this.#bridge.importModelFolder(files);
      this.notice =
        models.length > 0
          ? `Stored ${stored} files for: ${models.join(', ')}.`
          : `Stored ${stored} files, but none of them belong to a known model.`;
      if (this.settings.source === 'folder') await this.#configure();
      else await this.update({ source: 'folder' });
    } catch (error) {
      this.notice = '';
      this.#showError(error, 'The folder could not be stored.');
    }
  }

  /** Locates a photo. A new call stops the previous one. */
  async locate(file: Blob & { name?: string }): Promise<void> {
    this.#controller?.abort();
    this.analysis.cancel();
    const controller = new AbortController();
    this.#controller = controller;
    const { signal } = controller;
    const isCurrent = () => this.#controller === controller;

    this.stages = freshStages();
    this.files.clear();
    this.alert = null;
    this.unreadable = null;
    this.notice = '';
    this.running = true;
    this.building = false;
    const started = performance.now();
    let photo: ShownPhoto | null = null;
    const id = photoId(file);
    id.catch(() => undefined);

    try {
      // 1. photo
      const decoded = await this.#stage('photo', signal, async () => {
        const d = await this.#bridge.readPhoto(file, signal);
        if (signal.aborted) d.preview.close();
        return d;
      });
      photo = { decoded, bytes: file.size };
      this.#showPhoto(photo);
      this.stages.photo.detail = `${decoded.width} × ${decoded.height}${decoded.exifGps ? ', with GPS' : decoded.metadata.gpsUnusable ? ', no usable GPS fix' : ''}`;

      // 2. models
      const model = await this.#stage('models', signal, async () => {
        await this.#ready.catch(() => this.#configure());
        if (this.models.length === 0) await this.refreshModels();
        const key = this.modelKey;
        if (!key) throw new Error('No GeoCLIP model is available from the chosen model source.');
        const loaded = await this.#bridge.loadGeoclip(
          key,
          (p) => {
            if (isCurrent()) this.files.set(p.file, p);
          },
          signal,
        );
        this.#loadedKey = key;
        return loaded;
      });
      this.model = model;
      this.stages.models.detail = `${model.id} on ${model.device.toUpperCase()} (${model.dtype})${model.tiny ? ', test model' : ''}`;

      // 3. index
      const index = await this.#stage('index', signal, () => this.#openIndexFor(model, signal, isCurrent));

      // 4. encode
      const embedding = await this.#stage('encode', signal, () => this.#bridge.encodeImage(decoded.pixels, signal));
      this.stages.encode.detail = `${embedding.length} numbers`;

      // 5. retrieve
      const found = await this.#stage('retrieve', signal, () => this.#bridge.query(embedding, CANDIDATES, signal));
      this.stages.retrieve.detail = `${found.most.length} candidates`;

      // 6. refine: new coordinates between gallery places, scored by the location model
      const refinement = this.settings.refine && found.most.length > 0 ? await this.#stage('refine', signal, () => this.#bridge.refine(embedding, found.most, signal)) : null;
      this.stages.refine.detail = refineDetail(refinement, this.settings.refine);
      if (!refinement) this.stages.refine.status = 'done'; // nothing to do is not a failure

      // 7. place names
      const exifGps = decoded.exifGps;
      const points: LatLon[] = found.most.map((m) => ({ lat: m.lat, lon: m.lon }));
      const refinedPoint = refinement?.refined ?? null;
      if (refinedPoint) points.push(refinedPoint);
      if (exifGps) points.push(exifGps);
      const places = await this.#stage('places', signal, () =>
        points.length > 0 ? this.#bridge.placeNames(points) : Promise.resolve([]),
      );
      const names = places.map(placeLabel);

      const candidates: Candidate[] = found.most.map((m, i) => ({
        rank: i + 1,
        lat: m.lat,
        lon: m.lon,
        p: m.p,
        score: m.score,
        place: names[i] ?? '',
      }));
      const refined: RefinedAnswer | null =
        refinement && refinedPoint
          ? {
              lat: refinedPoint.lat,
              lon: refinedPoint.lon,
              similarity: refinedPoint.similarity,
              start: refinedPoint.start,
              galleryBest: refinement.bestStart?.similarity ?? refinedPoint.start.similarity,
              place: names[found.most.length] ?? '',
              points: refinement.points,
            }
          : null;
      const top = refined ?? candidates[0];
      const exif: ExifComparison | null =
        exifGps && top
          ? {
              point: { lat: exifGps.lat, lon: exifGps.lon },
              place: names[points.length - 1] ?? '',
              distanceKm: haversineKm(top, exifGps),
            }
          : null;

      // How sure, around the answer shown: the refined point when there is one.
      const surface = await surfaceAround(this.#bridge, found, refined, 'refined');
      signal.throwIfAborted();

      const previous = this.result;
      this.#unrestrictedRefined = refined;
      this.result = { photo, model, index, candidates, refined, surface, exif, ms: performance.now() - started };
      this.#retire(previous?.photo);
      this.analysis.reset({ pixels: decoded.pixels, imageEmbedding: embedding, retrieval: found, refined });
      this.#photoId = await id.catch(() => null);
      const kept = this.#photoId ? await this.#bridge.loadHistory(this.#photoId).catch(() => null) : null;
      if (kept) this.analysis.restore(kept);
      void this.#saveHistory();
      if (this.mode === 'full') void this.analysis.run();
    } catch (error) {
      if (!isCurrent()) return; // a newer run took over: its state is the one on screen
      const stage = Object.values(this.stages).find((s) => s.status === 'running');
      if (signal.aborted) {
        if (stage) {
          stage.status = 'idle';
          stage.detail =
            stage.name === 'index'
              ? 'Stopped. The rows built so far are kept; the next photo resumes the build.'
              : 'Stopped.';
        }
      } else {
        if (stage) {
          stage.status = 'error';
          stage.detail = describeError(error, '').message;
        }
        this.alert = describeError(
          error,
          `Something went wrong at the step "${stage?.label ?? 'Locate the photo'}".`,
        );
        if (stage?.name === 'photo') await this.#readUnreadable(file, isCurrent);
      }
      // Keep the last good result, and the photo it belongs to, on screen.
      if (this.result && photo && this.photo === photo) {
        this.photo = this.result.photo;
        this.#retire(photo);
      }
    } finally {
      if (isCurrent()) {
        this.#controller = null;
        this.running = false;
        this.building = false;
      }
    }
  }

  /** The photo itself could not be read: its GPS, if any, is still the answer a user most needs. */
  async #readUnreadable(file: Blob & { name?: string }, isCurrent: () => boolean): Promise<void> {
    const metadata = await this.#bridge.readPhotoMetadata(file).catch(() => null);
    if (!metadata || !isCurrent() || (metadata.gps === null && metadata.gpsUnusable === null)) return;
    this.unreadable = { name: file.name ?? 'pasted image', metadata };
  }

  /** Runs one stage: marks it running, times it, marks it done. Errors are handled by `locate`. */
  async #stage<T>(name: StageName, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    signal.throwIfAborted();
    const stage = this.stages[name];
    stage.status = 'running';
    const start = performance.now();
    const value = await work();
    signal.throwIfAborted();
    stage.ms = performance.now() - start;
    stage.status = 'done';
    return value;
  }

  /** A search under the user's constraints (or without them again) becomes the candidates on screen. */
  async #showRetrieval(found: QueryResult): Promise<void> {
    const shown = this.result;
    if (!shown) return;
    const names = await this.#bridge.placeNames(found.most.map((m) => ({ lat: m.lat, lon: m.lon }))).then((places) => places.map(placeLabel)).catch(() => []);
    if (this.result !== shown) return;
    const candidates = found.most.map((m, i) => ({ rank: i + 1, lat: m.lat, lon: m.lon, p: m.p, score: m.score, place: names[i] ?? '' }));
    const top = candidates[0];
    const exif = shown.exif && top ? { ...shown.exif, distanceKm: haversineKm(top, shown.exif.point) } : shown.exif;
    // The refined point was found around the unrestricted search's places, so it stands only without a restriction.
    const refined = found.restriction ? null : this.#unrestrictedRefined;
    const surface = await surfaceAround(this.#bridge, found, refined, 'refined');
    if (this.result !== shown) return;
    this.result = { ...shown, candidates, exif, refined, surface };
  }

  /** Encodes a denser grid for a region with the loaded model; it joins the search when done. */
  async buildRegionGrid(request: GridRequest, onProgress: (p: BuildProgress) => void, signal: AbortSignal): Promise<IndexInfo> {
    const model = this.model ?? (await this.#modelForImport());
    const info = await this.#bridge.buildRegionGrid(model, request, onProgress, signal);
    void this.refreshIndexes();
    return info;
  }

  regionChoices(): Promise<RegionChoice[]> {
    return this.#bridge.regionChoices();
  }

  regionOutline(target: PlaceTarget): Promise<RegionOutline | null> {
    return this.#bridge.regionOutline(target);
  }

  async #openIndexFor(model: LoadedModel, signal: AbortSignal, isCurrent: () => boolean): Promise<IndexInfo> {
    const stage = this.stages.index;
    const key = indexKeyOf(model);
    if (this.#openIndex?.key === key) {
      stage.detail = `${this.#openIndex.info.count.toLocaleString('en')} places (already open)`;
      return this.#openIndex.info;
    }
    let info = await this.#bridge.openIndexFor(model);
    signal.throwIfAborted();
    if (info) {
      stage.detail = `${info.count.toLocaleString('en')} places`;
    } else {
      // First use: the index offered beside the model is downloaded and checked; only when none is
      // offered (or it fails its check) is one built on this device.
      stage.detail = 'Downloading the location index offered with the model…';
      stage.unit = 'bytes';
      stage.done = 0;
      const offered = await this.#bridge.downloadIndex(
        model,
        (p) => {
          if (!isCurrent()) return;
          stage.done = p.loaded;
          stage.total = p.total;
        },
        signal,
      );
      signal.throwIfAborted();
      stage.unit = 'items';
      if (offered.status === 'downloaded') {
        info = offered.info;
        stage.detail = `Downloaded and checked an index of ${info.count.toLocaleString('en')} places; it is stored for next time.`;
      } else {
        stage.detail =
          offered.status === 'refused'
            ? `The index offered with the model was refused (${offered.reason}): building one on this device instead.`
            : 'No index is offered with this model: building it once on this device.';
        stage.done = 0;
        stage.total = null;
        this.building = true;
        info = await this.#bridge.buildIndex(
          model,
          (p) => {
            if (!isCurrent()) return;
            stage.done = p.done;
            stage.total = p.total;
            stage.resumedFrom = p.resumedFrom > 0 ? p.resumedFrom : null;
          },
          signal,
        );
        signal.throwIfAborted();
        this.building = false;
        const why = offered.status === 'refused' ? ' (the one offered with the model was refused)' : '';
        stage.detail = `Built an index of ${info.count.toLocaleString('en')} places on this device${why}; it is stored for next time.`;
      }
      void this.refreshIndexes();
    }
    this.#openIndex = { key, info };
    return info;
  }

  async #modelForImport(): Promise<LoadedModel> {
    if (this.model && this.#loadedKey === this.modelKey) return this.model;
    await this.#ready.catch(() => this.#configure());
    if (this.models.length === 0) await this.refreshModels();
    const key = this.modelKey;
    if (!key) throw new Error('No GeoCLIP model is available, so the index cannot be checked.');
    this.notice = 'Loading the model to check the index file…';
    this.files.clear();
    const model = await this.#bridge.loadGeoclip(key, (p) => this.files.set(p.file, p));
    this.model = model;
    this.#loadedKey = key;
    return model;
  }

  /** Sends the effective settings to the bridge, then reads the model list again. */
  #configure(): Promise<void> {
    const settings: BridgeSettings = { ...this.effective };
    this.#openIndex = null;
    this.#loadedKey = null;
    this.#ready = this.#ready.catch(() => undefined).then(() => this.#bridge.configure(settings));
    const ready = this.#ready;
    return ready.then(
      () => this.refreshModels(),
      (error: unknown) => {
        this.modelsStatus = 'error';
        this.#showError(error, 'The model settings could not be applied.');
      },
    );
  }

  /** Shows an error from outside the session (the model manager) in the same alert. */
  fail(error: unknown, fallback: string): void {
    this.#showError(error, fallback);
  }

  #showError(error: unknown, fallback: string): void {
    if (isAbort(error)) return;
    this.alert = describeError(error, fallback);
  }

  #showPhoto(photo: ShownPhoto): void {
    const old = this.photo;
    this.photo = photo;
    this.#retire(old);
  }

  /** Frees a preview bitmap once nothing on screen shows it. */
  #retire(photo: ShownPhoto | null | undefined): void {
    if (!photo || photo === this.photo || photo === this.result?.photo) return;
    photo.decoded.preview.close();
  }
}
