// The model manager's state: profiles with their sizes, a profile download with per-file
// progress, the models kept in this browser, and the storage estimate. Errors go to the session's
// alert, so they show where every other error does.
import { SvelteMap } from 'svelte/reactivity';
import type { Bridge, DevicePreference, FileProgress, ProfileView, StorageView, StoredModel } from '../../bridge/types';

export class ModelManager {
  readonly #bridge: Bridge;
  readonly #fail: (error: unknown, fallback: string) => void;
  readonly #changed: () => void;

  profiles = $state.raw<ProfileView[]>([]);
  stored = $state.raw<StoredModel[]>([]);
  storage = $state.raw<StorageView | null>(null);
  /** The profile being downloaded, if any. */
  downloading = $state<string | null>(null);
  /** Per-file progress of the download, keyed by "<model id>/<path>". */
  readonly files = new SvelteMap<string, FileProgress>();
  /** One line about the last download or deletion. */
  message = $state('');

  #controller: AbortController | null = null;

  /** `changed` runs after files were added or deleted (the model list's availability changes). */
  constructor(bridge: Bridge, fail: (error: unknown, fallback: string) => void, changed: () => void = () => undefined) {
    this.#bridge = bridge;
    this.#fail = fail;
    this.#changed = changed;
  }

  #device: DevicePreference = 'auto';

  /** Reads everything again; `device` (the user's choice) decides which files the profile sizes count. */
  async refresh(device: DevicePreference = this.#device): Promise<void> {
    this.#device = device;
    try {
      const [profiles, stored, storage] = await Promise.all([this.#bridge.listProfiles(device), this.#bridge.storedModels(), this.#bridge.storage()]);
      this.profiles = profiles;
      this.stored = stored;
      this.storage = storage;
    } catch (error) {
      this.#fail(error, 'The stored models could not be listed.');
    }
  }

  async download(name: string): Promise<void> {
    if (this.downloading) return;
    const controller = new AbortController();
    this.#controller = controller;
    this.downloading = name;
    this.files.clear();
    this.message = '';
    try {
      const summary = await this.#bridge.downloadProfile(name, (p) => this.files.set(`${p.model}/${p.file}`, p), controller.signal);
      const missing = summary.missing.length > 0 ? ` Not in the registry yet: ${summary.missing.join(', ')}.` : '';
      this.message = `Downloaded ${summary.files} files; ${summary.skipped} were already kept.${missing}`;
    } catch (error) {
      if ((error as { name?: string })?.name === 'AbortError') this.message = 'Download stopped. Files already complete are kept; downloading again resumes from there.';
      else this.#fail(error, 'The profile could not be downloaded.');
    } finally {
      this.downloading = null;
      this.#controller = null;
      await this.refresh();
      this.#changed();
    }
  }

  stop(): void {
    this.#controller?.abort();
  }

  async remove(id: string): Promise<void> {
    try {
      await this.#bridge.deleteModel(id);
      this.message = `Deleted the files of ${id} kept in this browser.`;
    } catch (error) {
      this.#fail(error, `The files of ${id} could not be deleted.`);
    }
    await this.refresh();
    this.#changed();
  }

  async persist(): Promise<void> {
    try {
      const granted = await this.#bridge.persistStorage();
      this.message = granted
        ? 'The browser will keep this site’s data unless you clear it yourself.'
        : 'The browser did not promise to keep this site’s data; it may remove it when space runs low.';
    } catch (error) {
      this.#fail(error, 'The browser could not be asked to keep this site’s data.');
    }
    await this.refresh();
  }
}
