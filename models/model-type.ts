// The model type a config.json names, as transformers.js 4 spells it. Hub configs say
// "qwen2_vl"; older transformers.js (and configs written for it) said "qwen2-vl". Both load.
const ALIASES: Record<string, string> = { 'qwen2-vl': 'qwen2_vl', 'qwen2.5-vl': 'qwen2_5_vl', 'qwen2_5-vl': 'qwen2_5_vl' };

export function canonicalModelType(type: unknown): string | null {
  if (typeof type !== 'string' || !type.trim()) return null;
  const lower = type.trim().toLowerCase();
  return ALIASES[lower] ?? lower.replace(/-/g, '_');
}

/** Which transformers.js class loads a vision-language model of this type. */
export function vlmClassFor(type: string | null): 'idefics3' | 'qwen2_vl' | 'auto' {
  if (type === 'idefics3') return 'idefics3';
  if (type === 'qwen2_vl') return 'qwen2_vl';
  return 'auto';
}
