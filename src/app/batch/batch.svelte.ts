// The batch: many photos through the fast path (read -> encode -> index search -> refine -> place names),
// one at a time, through the same bridge as the single-photo view. It keeps one answer and a small
// thumbnail per photo; pixels and bitmaps are let go as soon as a photo is done.
import { placeLabel } from '../../core/place/label';
import type { Bridge, FileProgress, IndexInfo, LoadedModel } from '../../bridge/types';
import { accuracyOf, batchAnswer, chooseAnswer, errorsOf, exportRows, type BatchAnswer } from '../../core/batch/answer';
import { unreadableGps } from '../../core/batch/unreadable';
import { DEFAULT_REFINE_SCHEDULE } from '../../core/refine/refine';
import { surfaceAround } from '../surface/around';
import {
  addItems,
  cancelPending,
  cancelRunning,
  completeItem,
  emptyBatch,
  failItem,
  findItem,
  pause,
  progressOf,
  resume,
  retryUnfinished,
  takeNext,
  type BatchItem,
} from '../../core/batch/queue';
import { EXPORT_EXTENSION, EXPORT_MIME, writeExport, type ExportFormat } from '../../core/export';
import type { LatLon } from '../../core/geo/types';
import { geotagJpeg } from '../../core/photo/geotag';
import { describeError, type Session } from '../state/session.svelte';
import type { PickedFile } from './collect-files';
import { download, geotaggedName } from './download';
import { thumbnailUrl } from './thumbnail';

export interface Prepared {
  readonly model: LoadedModel;
  readonly index: IndexInfo;
}

export type PrepareStep = 'idle' | 'model' | 'download' | 'index' | 'ready';

function isAbort(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown } | null;
  return e?.name === 'AbortError' || e?.code === 'aborted';
}

export class BatchSession {
  readonly #bridge: Bridge;
  readonly #session: Session;

  /** The queue; items are deep-reactive so rows update in place. */
  state = $state(emptyBatch<BatchAnswer>());
  /** Drives the time-left estimate between photos. */
  clock = $state(0);
  running = $state(false);
  /** Where the one-time preparation stands, and its progress (model files, index rows). */
  step = $state<PrepareStep>('idle');
  stepDone = $state<number | null>(null);
  stepTotal = $state<number | null>(null);
  /** Why the offered index was not used, when it was refused. */
  indexNote = $state('');
  /** The model of the last run: its id, device, and whether its answers are noise. */
  model = $state.raw<LoadedModel | null>(null);
  /** Thumbnail blob URLs by item id. */
  thumbs = $state<Record<number, string>>({});

  readonly progress = $derived(progressOf(this.state, this.clock));
  readonly errors = $derived(errorsOf(this.state.items));
  readonly accuracy = $derived(accuracyOf(this.state.items));

  #files = new Map<number, PickedFile>();
  #preparedKey: string | null = null;
  #controller: AbortController | null = null;
  #ticker: ReturnType<typeof setInterval> | null = null;
  /** Per-photo timings for the benchmark, by item id. */
  readonly timings = new Map<number, { totalMs: number; modelMs: number }>();

  constructor(bridge: Bridge, session: Session) {
    this.#bridge = bridge;
    this.#session = session;
  }

  fileOf(id: number): PickedFile | undefined {
    return this.#files.get(id);
  }

  /** Queues photos and starts working through them unless paused. */
  add(files: readonly PickedFile[]): void {
    if (files.length === 0) {
      this.#session.alert = { code: 'no-photos', message: 'No photos were found in what was dropped or chosen (image files such as .jpg, .png, .webp).' };
      return;
    }
    const items = addItems(this.state, files.map((f) => f.path));
    items.forEach((item, i) => this.#files.set(item.id, files[i]!));
    void this.run();
  }

  pause(): void {
    pause(this.state);
  }

  resume(): void {
    resume(this.state);
    void this.run();
  }

  /** Stops the photo in progress and drops the rest of the queue; results so far stay. */
  cancel(): void {
    cancelPending(this.state);
    this.#controller?.abort(new DOMException('Cancelled.', 'AbortError'));
  }

  retry(): void {
    retryUnfinished(this.state);
    void this.run();
  }

  /** Empties the table and frees the thumbnails. Not while running. */
  clear(): void {
    if (this.running) return;
    for (const url of Object.values(this.thumbs)) URL.revokeObjectURL(url);
    this.thumbs = {};
    this.#files.clear();
    this.timings.clear();
    this.state = emptyBatch<BatchAnswer>();
  }

  /** Works through the queue until it is empty, paused or cancelled. One loop at a time. */
  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.#ticker = setInterval(() => (this.clock = performance.now()), 1000);
    try {
      for (;;) {
        this.clock = performance.now();
        const item = takeNext(this.state, performance.now());
        if (!item) break;
        const controller = new AbortController();
        this.#controller = controller;
        await this.#locate(item, controller.signal);
      }
    } finally {
      this.#controller = null;
      if (this.#ticker !== null) clearInterval(this.#ticker);
      this.#ticker = null;
      this.running = false;
      this.clock = performance.now();
      this.#reportFailures();
    }
  }

  async #locate(item: BatchItem<BatchAnswer>, signal: AbortSignal): Promise<void> {
    const picked = this.#files.get(item.id);
    let reading = false;
    try {
      if (!picked) throw new Error('The file for this row is gone.');
      const { model } = await this.#prepare(signal);
      reading = true;
      const photo = await this.#bridge.readPhoto(picked.file, signal);
      reading = false;
      try {
        const thumb = await thumbnailUrl(photo.preview);
        if (thumb) this.thumbs[item.id] = thumb;
      } finally {
        photo.preview.close();
      }
      // As in the single-photo view: refinement (on by default in Settings) needs its starts from the search.
      const refine = this.#session.settings.refine;
      const modelStart = performance.now();
      const embedding = await this.#bridge.encodeImage(photo.pixels, signal);
      const found = await this.#bridge.query(embedding, refine ? DEFAULT_REFINE_SCHEDULE.starts : 1, signal);
      const refinement = refine && found.most.length > 0 ? await this.#bridge.refine(embedding, found.most, signal) : null;
      // The model calls: the image encoder, the index search and the refinement. The rest is batch overhead.
      let modelMs = performance.now() - modelStart;
      const chosen = chooseAnswer({ most: found.most, refinement });
      if (!chosen) throw Object.assign(new Error('The index returned no place for this photo.'), { code: 'no-match' });
      const [named] = await this.#bridge.placeNames([{ lat: chosen.lat, lon: chosen.lon }]);
      const surfaceStart = performance.now();
      // How sure, around the exported point: the refined point when there is one (a re-measure of the kept softmax).
      const surface = await surfaceAround(this.#bridge, found, chosen.source === 'refined' ? chosen : null, chosen.centre);
      modelMs += performance.now() - surfaceStart;
      signal.throwIfAborted();
      const truth: LatLon | null = photo.exifGps ? { lat: photo.exifGps.lat, lon: photo.exifGps.lon } : null;
      const answer = batchAnswer(
        chosen,
        { most: found.most, refinement, truth, kind: photo.kind, models: [`${model.id}@${model.revision}`], noise: model.tiny },
        named ? placeLabel(named) : '',
        surface?.confidence ?? null,
      );
      const now = performance.now();
      completeItem(this.state, item.id, now, answer, modelMs);
      this.timings.set(item.id, { totalMs: item.ms ?? 0, modelMs });
    } catch (error) {
      if (signal.aborted || isAbort(error)) cancelRunning(this.state, item.id, performance.now());
      else {
        // The pixels could not be read: the file's own GPS, if any, is still worth showing in its row.
        const unreadable = reading && picked ? unreadableGps(await this.#bridge.readPhotoMetadata(picked.file).catch(() => null)) : null;
        failItem(this.state, item.id, performance.now(), describeError(error, 'This photo could not be located.'), unreadable);
        // Without a model or an index no photo can run: stop instead of failing every row.
        if ((error as { batchFatal?: boolean } | null)?.batchFatal) {
          cancelPending(this.state);
          this.#session.alert = describeError(error, 'The batch could not start.');
        }
      }
    }
  }

  /**
   * Makes sure the selected model is loaded and its index open, before every photo: both calls are
   * answered from the workers' caches unless the single-photo view or the settings changed them
   * meanwhile. Only a real load or an index build shows up as a step.
   */
  async #prepare(signal: AbortSignal): Promise<Prepared> {
    const session = this.#session;
    if (session.models.length === 0) await session.refreshModels();
    const key = session.modelKey;
    try {
      if (!key) throw Object.assign(new Error('No GeoCLIP model is available from the chosen model source.'), { code: 'no-model' });
      const files = new Map<string, FileProgress>();
      if (this.#preparedKey !== key) this.step = 'model';
      const model = await this.#bridge.loadGeoclip(
        key,
        (p) => {
          this.step = 'model';
          files.set(p.file, p);
          const all = [...files.values()];
          this.stepDone = all.reduce((s, f) => s + f.loaded, 0);
          this.stepTotal = all.reduce((s, f) => s + f.total, 0);
        },
        signal,
      );
      if (this.model?.id !== model.id || this.model.device !== model.device) this.model = model;
      let index = await this.#bridge.openIndexFor(model);
      if (!index) {
        this.step = 'download';
        this.stepDone = 0;
        this.stepTotal = null;
        this.indexNote = '';
        const offered = await this.#bridge.downloadIndex(
          model,
          (p) => {
            this.stepDone = p.loaded;
            this.stepTotal = p.total;
          },
          signal,
        );
        if (offered.status === 'downloaded') index = offered.info;
        else if (offered.status === 'refused') this.indexNote = `The index offered with the model was refused (${offered.reason}); building one on this device.`;
      }
      if (!index) {
        this.step = 'index';
        this.stepDone = 0;
        this.stepTotal = null;
        index = await this.#bridge.buildIndex(
          model,
          (p) => {
            this.stepDone = p.done;
            this.stepTotal = p.total;
          },
          signal,
        );
        void session.refreshIndexes();
      }
      if (this.step !== 'ready') this.step = 'ready';
      this.#preparedKey = key;
      return { model, index };
    } catch (error) {
      this.step = 'idle';
      this.#preparedKey = null;
      if (isAbort(error) || signal.aborted) throw error;
      throw Object.assign(error instanceof Error ? error : new Error(String(error)), { batchFatal: true });
    }
  }

  #reportFailures(): void {
    const failed = this.state.items.filter((i) => i.status === 'failed');
    if (failed.length === 0 || this.#session.alert) return;
    const named = failed.slice(0, 3).map((i) => `${i.name} (${i.error?.message ?? 'failed'})`);
    const more = failed.length > 3 ? `, and ${failed.length - 3} more` : '';
    this.#session.alert = {
      code: 'batch-failures',
      message: `${failed.length} of ${this.state.items.length} photos could not be located: ${named.join('; ')}${more}. The other results are kept.`,
    };
  }

  /** Downloads the located photos in a format, in the order given (the table's sort). */
  exportAs(format: ExportFormat, items: readonly BatchItem<BatchAnswer>[] = this.state.items): void {
    try {
      const text = writeExport(format, exportRows(items));
      download(text, `whereabouts-batch.${EXPORT_EXTENSION[format]}`, EXPORT_MIME[format]);
    } catch (error) {
      this.#session.alert = describeError(error, `The ${format.toUpperCase()} file could not be written.`);
    }
  }

  /** Downloads a copy of a JPEG with the answer written into its EXIF GPS, pixels untouched. */
  async saveGeotagged(id: number): Promise<void> {
    const item = findItem(this.state, id);
    const picked = this.#files.get(id);
    try {
      if (!item.result || !picked) throw new Error('This photo has no answer to write yet.');
      const bytes = new Uint8Array(await picked.file.arrayBuffer());
      const tagged = geotagJpeg(bytes, { lat: item.result.lat, lon: item.result.lon }, picked.path);
      download(tagged as Uint8Array<ArrayBuffer>, geotaggedName(picked.path), 'image/jpeg');
    } catch (error) {
      this.#session.alert = describeError(error, 'The geotagged copy could not be written.');
    }
  }
}
