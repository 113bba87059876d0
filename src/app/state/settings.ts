// The user's settings: what they chose (persisted in localStorage) and what the page address
// overrides for this visit only (?device=wasm|webgpu, ?model=KEY), which is never persisted.
import type { BridgeSettings, Device, DevicePreference, ModelSource } from '../../bridge/types';

export interface AppSettings extends BridgeSettings {
  /** Whether the map may fetch OpenStreetMap tiles (off: offline vector basemap only). */
  onlineTiles: boolean;
  /** Registry key of the GeoCLIP model to use; '' picks one automatically. */
  modelKey: string;
  /** fast: retrieval only; full: cues, cluemap, reasoning and refinement as well. */
  mode: LocateMode;
  /** The longest answer the language model may write, in tokens. */
  maxNewTokens: number;
  /** The vision-language model: a registry key or any hub id (owner/name); '' picks one automatically. */
  vlmKey: string;
  /** Score new coordinates between gallery places around the best matches (a fraction of a second). */
  refine: boolean;
}

export type LocateMode = 'fast' | 'full';

export interface Overrides {
  device?: Device;
  model?: string;
  mode?: LocateMode;
  maxNewTokens?: number;
}

export const STORAGE_KEY = 'whereabouts:settings';

export const DEFAULT_HUB_HOST = 'https://huggingface.co/';

export const DEFAULT_SETTINGS: Readonly<AppSettings> = Object.freeze({
  source: 'self',
  hubHost: DEFAULT_HUB_HOST,
  device: 'auto',
  onlineTiles: false,
  modelKey: '',
  mode: 'fast',
  maxNewTokens: 384,
  vlmKey: '',
  refine: true,
});

/** Bounds for the longest answer: enough for the answer's JSON, short enough to stay responsive. */
export const MIN_NEW_TOKENS = 16;
export const MAX_NEW_TOKENS = 2048;

function tokenLimit(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= MIN_NEW_TOKENS && n <= MAX_NEW_TOKENS ? n : null;
}

const SOURCES: readonly ModelSource[] = ['self', 'hub', 'folder'];
const DEVICES: readonly DevicePreference[] = ['auto', 'webgpu', 'wasm'];

/** Reads settings from storage, keeping only well-formed values and defaulting the rest. */
export function loadSettings(storage: Pick<Storage, 'getItem'> | null): AppSettings {
  const settings: AppSettings = { ...DEFAULT_SETTINGS };
  let raw: unknown = null;
  try {
    const text = storage?.getItem(STORAGE_KEY);
    raw = text ? JSON.parse(text) : null;
  } catch {
    raw = null;
  }
  if (!raw || typeof raw !== 'object') return settings;
  const r = raw as Record<string, unknown>;
  if (SOURCES.includes(r.source as ModelSource)) settings.source = r.source as ModelSource;
  if (typeof r.hubHost === 'string' && isHttpUrl(r.hubHost)) settings.hubHost = r.hubHost;
  if (DEVICES.includes(r.device as DevicePreference)) settings.device = r.device as DevicePreference;
  if (typeof r.onlineTiles === 'boolean') settings.onlineTiles = r.onlineTiles;
  if (typeof r.modelKey === 'string') settings.modelKey = r.modelKey;
  if (r.mode === 'fast' || r.mode === 'full') settings.mode = r.mode;
  settings.maxNewTokens = tokenLimit(r.maxNewTokens) ?? settings.maxNewTokens;
  if (typeof r.vlmKey === 'string') settings.vlmKey = r.vlmKey.trim();
  if (typeof r.refine === 'boolean') settings.refine = r.refine;
  return settings;
}

export function saveSettings(storage: Pick<Storage, 'setItem'> | null, settings: AppSettings): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(settings));
  } catch {
    // Private mode or a full quota: the settings still apply for this visit.
  }
}

/** Reads `?device=` and `?model=` from a query string. Unknown values are ignored. */
export function readOverrides(search: string): Overrides {
  const params = new URLSearchParams(search);
  const overrides: Overrides = {};
  const device = params.get('device');
  if (device === 'wasm' || device === 'webgpu') overrides.device = device;
  const model = params.get('model')?.trim();
  if (model) overrides.model = model;
  const mode = params.get('mode');
  if (mode === 'fast' || mode === 'full') overrides.mode = mode;
  const tokens = tokenLimit(params.get('tokens'));
  if (tokens !== null) overrides.maxNewTokens = tokens;
  return overrides;
}

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Normalises a hub address typed by the user: trims it and makes sure it ends with a slash. */
export function normaliseHubHost(text: string): string | null {
  const trimmed = text.trim();
  if (!isHttpUrl(trimmed)) return null;
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}
