// Model profiles: named sets of registry keys that a team downloads together. A profile names its
// models by key only; sizes are read from whatever registry entries exist, so a key another part of
// the project has not registered yet shows up as missing instead of breaking the list.
import { REGISTRY, filesFor, type ModelFile, type RegistryEntry } from './registry';

export type ProfileName = 'small' | 'quality' | 'test';

export interface Profile {
  name: ProfileName;
  label: string;
  /** Who the profile is for, in one sentence. */
  note: string;
  /** Registry keys, in the order the app uses them: GeoCLIP, VLM, CLIP, sentence embedder. */
  keys: readonly string[];
}

export const PROFILES: readonly Profile[] = [
  {
    name: 'small',
    label: 'Small',
    note: 'For laptops with modest memory and no strong graphics card.',
    keys: ['geoclip-large', 'smolvlm-256m', 'clip-base', 'minilm'],
  },
  {
    name: 'quality',
    label: 'Quality',
    note: 'For laptops with a good graphics card and several GB of free space.',
    keys: ['geoclip-large', 'qwen2-vl-2b', 'clip-large', 'e5-small'],
  },
  {
    name: 'test',
    label: 'Test',
    note: 'The tiny generated models: they exercise the app, and their answers are noise.',
    keys: ['tiny-geoclip', 'tiny-vlm', 'tiny-clip', 'tiny-embedder'],
  },
];

/** A device as far as file choice goes: WASM, WebGPU without f16, WebGPU with `shader-f16`. */
export type DeviceVariant = 'wasm' | 'webgpu' | 'webgpu-f16';
export const ALL_VARIANTS: readonly DeviceVariant[] = ['wasm', 'webgpu', 'webgpu-f16'];

export function findProfile(name: string): Profile | undefined {
  return PROFILES.find((profile) => profile.name === name);
}

/** The files one entry needs on any of the given device variants, each path once. */
export function entryFiles(entry: RegistryEntry, variants: readonly DeviceVariant[]): ModelFile[] {
  const byPath = new Map<string, ModelFile>();
  for (const variant of variants) {
    const files = filesFor(entry, variant === 'wasm' ? 'wasm' : 'webgpu', variant === 'webgpu-f16');
    for (const file of files) if (!byPath.has(file.path)) byPath.set(file.path, file);
  }
  return [...byPath.values()];
}

export interface ProfileModel {
  entry: RegistryEntry;
  files: ModelFile[];
}

export interface ProfilePlan {
  profile: Profile;
  models: ProfileModel[];
  /** Keys the registry does not have (yet). */
  missing: string[];
  /** Sum of the sizes the registry knows. */
  bytes: number;
  /** Files whose size the registry does not know (counted as 0 in `bytes`). */
  unsized: number;
}

/** What a profile downloads on the given device variants, and its total size. */
export function planProfile(
  profile: Profile,
  variants: readonly DeviceVariant[] = ALL_VARIANTS,
  registry: readonly RegistryEntry[] = REGISTRY,
): ProfilePlan {
  const models: ProfileModel[] = [];
  const missing: string[] = [];
  let bytes = 0;
  let unsized = 0;
  for (const key of profile.keys) {
    const entry = registry.find((e) => e.key === key);
    if (!entry) {
      missing.push(key);
      continue;
    }
    const files = entryFiles(entry, variants);
    for (const file of files) {
      // Config and tokenizer files carry no size in the registry: they are a few kB each.
      if (file.bytes === undefined) unsized++;
      else bytes += file.bytes;
    }
    models.push({ entry, files });
  }
  return { profile, models, missing, bytes, unsized };
}
