// A CLIP tokenizer with a small vocabulary, in the tokenizer.json layout of
// Xenova/clip-vit-base-patch32: the same normaliser, pre-tokenizer, byte-level BPE with a
// "</w>" end-of-word suffix, the start and end markers as the last two ids, and a 77-token
// context. Only the merges are few (learnt from the tiny corpus), so words outside it split
// into more pieces than in the real vocabulary.

import { corpusWords } from './corpus';

export const CLIP_START = '<|startoftext|>';
export const CLIP_END = '<|endoftext|>';
export const CLIP_CONTEXT = 77;
const END_OF_WORD = '</w>';

/** GPT-2's reversible map from bytes to printable characters, which byte-level BPE works on. */
export function byteAlphabet(): string[] {
  const printable: number[] = [];
  const push = (from: number, to: number) => {
    for (let b = from; b <= to; b++) printable.push(b);
  };
  push(0x21, 0x7e);
  push(0xa1, 0xac);
  push(0xae, 0xff);
  const chars = printable.map((b) => String.fromCharCode(b));
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    if (printable.includes(b)) continue;
    chars.push(String.fromCharCode(256 + extra++));
  }
  return chars;
}

/** Byte-pair merges learnt from the corpus words, most frequent pair first (ties in string order). */
export function learnMerges(words: readonly string[], maxMerges: number): [string, string][] {
  let segmented = words.map((word) => {
    const symbols = Array.from(word);
    symbols[symbols.length - 1] += END_OF_WORD;
    return symbols;
  });
  const merges: [string, string][] = [];
  while (merges.length < maxMerges) {
    const counts = new Map<string, number>();
    for (const symbols of segmented) {
      for (let i = 0; i + 1 < symbols.length; i++) {
        const key = `${symbols[i]} ${symbols[i + 1]}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    if (counts.size === 0) break;
    let best = '';
    let bestCount = 0;
    for (const [key, count] of counts) {
      if (count > bestCount || (count === bestCount && key < best)) {
        best = key;
        bestCount = count;
      }
    }
    const [left, right] = best.split(' ') as [string, string];
    merges.push([left, right]);
    segmented = segmented.map((symbols) => {
      const out: string[] = [];
      for (let i = 0; i < symbols.length; i++) {
        if (i + 1 < symbols.length && symbols[i] === left && symbols[i + 1] === right) {
          out.push(left + right);
          i++;
        } else {
          out.push(symbols[i]!);
        }
      }
      return out;
    });
  }
  return merges;
}

export interface ClipTokenizerFiles {
  tokenizer: unknown;
  config: unknown;
  vocabSize: number;
  startId: number;
  endId: number;
}

const addedToken = (id: number, content: string) => ({
  id,
  content,
  single_word: false,
  lstrip: false,
  rstrip: false,
  normalized: true,
  special: true,
});

export function clipTokenizer(maxMerges = 600): ClipTokenizerFiles {
  const alphabet = byteAlphabet();
  const merges = learnMerges(corpusWords(), maxMerges);
  const tokens = [...alphabet, ...alphabet.map((c) => c + END_OF_WORD), ...merges.map(([a, b]) => a + b)];
  const vocab: Record<string, number> = {};
  for (const token of tokens) if (!(token in vocab)) vocab[token] = Object.keys(vocab).length;
  const startId = Object.keys(vocab).length;
  const endId = startId + 1;
  vocab[CLIP_START] = startId;
  vocab[CLIP_END] = endId;

  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [addedToken(startId, CLIP_START), addedToken(endId, CLIP_END)],
    normalizer: {
      type: 'Sequence',
      normalizers: [{ type: 'NFC' }, { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' }, { type: 'Lowercase' }],
    },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        {
          type: 'Split',
          pattern: { Regex: "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+" },
          behavior: 'Removed',
          invert: true,
        },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: {
      type: 'RobertaProcessing',
      sep: [CLIP_END, endId],
      cls: [CLIP_START, startId],
      trim_offsets: false,
      add_prefix_space: false,
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: CLIP_END,
      continuing_subword_prefix: '',
      end_of_word_suffix: END_OF_WORD,
      fuse_unk: false,
      byte_fallback: false,
      vocab,
      merges: merges.map(([a, b]) => `${a} ${b}`),
    },
  };
  const config = {
    add_prefix_space: false,
    bos_token: CLIP_START,
    clean_up_tokenization_spaces: true,
    do_lower_case: true,
    eos_token: CLIP_END,
    errors: 'replace',
    model_max_length: CLIP_CONTEXT,
    pad_token: CLIP_END,
    tokenizer_class: 'CLIPTokenizer',
    unk_token: CLIP_END,
  };
  return { tokenizer, config, vocabSize: endId + 1, startId, endId };
}
