// Which registry entry a VLM key names; shared by the browser worker and the CLI.
import { customVlmEntry, findEntry, type VlmEntry } from '../../models/registry';
import { UserFacingError } from './errors';

/** A registry key ("smolvlm-256m"), or "custom:<owner>/<name>" for a model id the user typed. */
export function resolveVlmEntry(key: string): VlmEntry {
  const entry = findEntry(key);
  if (entry?.kind === 'vlm') return entry;
  if (entry) throw new UserFacingError('unknown-model', `"${key}" is not a vision-language model.`);
  const custom = key.includes('/') ? customVlmEntry(key.replace(/^custom:/, '')) : null;
  if (custom) return custom;
  throw new UserFacingError('unknown-model', `There is no vision-language model called "${key}"; a model from a hub is named like "owner/name".`);
}
