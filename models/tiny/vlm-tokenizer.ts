// A small byte-level BPE tokenizer in the Hugging Face tokenizer.json format, laid out like
// SmolVLM's (SmolLM2 vocabulary with Idefics3's image tokens appended): any text tokenises,
// since every byte has a token, and a few English merges keep ordinary words short.

export const SPECIAL = {
  endOfText: '<|endoftext|>',
  imStart: '<|im_start|>',
  imEnd: '<|im_end|>',
  globalImage: '<global-img>',
  fakeAroundImage: '<fake_token_around_image>',
  image: '<image>',
  endOfUtterance: '<end_of_utterance>',
} as const;

/** Idefics3 marks each tile of a split image with <row_r_col_c>; its processor goes up to 6 x 6. */
const TILE_GRID = 6;

// Words the merges build, left to right, one character at a time ("Ġ" is GPT-2's byte for a space).
const MERGED_WORDS = [
  'Ġthe', 'Ġof', 'Ġand', 'Ġin', 'Ġto', 'Ġis', 'Ġa', 'Ġon', 'Ġnear', 'Ġcity', 'Ġroad', 'Ġsign', 'Ġstreet',
  'Ġbuilding', 'Ġtree', 'Ġsky', 'Ġcar', 'Ġriver', 'Ġmountain', 'Ġcoast', 'Ġnorth', 'Ġsouth', 'Ġeast', 'Ġwest',
  'ing', 'tion', 'er', 'es',
];

/** GPT-2's printable stand-ins for the 256 byte values, the table ByteLevel pre-tokenizers use. */
export function bytesToUnicode(): string[] {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const table: string[] = new Array(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    table[b] = String.fromCharCode(printable.includes(b) ? b : 256 + extra++);
  }
  return table;
}

export interface TinyTokenizer {
  vocab: Map<string, number>;
  merges: [string, string][];
  /** Added tokens, in id order: [content, special]. */
  added: { id: number; content: string }[];
  /** Ids of bytes that do not print on their own: control characters, and 0x80-0xff (half a character). */
  unprintableByteIds: number[];
  size: number;
}

export function buildTinyTokenizer(): TinyTokenizer {
  const vocab = new Map<string, number>();
  const add = (token: string): number => {
    const existing = vocab.get(token);
    if (existing !== undefined) return existing;
    vocab.set(token, vocab.size);
    return vocab.size - 1;
  };
  const added: { id: number; content: string }[] = [];
  const addSpecial = (content: string) => added.push({ id: add(content), content });

  addSpecial(SPECIAL.endOfText);
  addSpecial(SPECIAL.imStart);
  addSpecial(SPECIAL.imEnd);
  const byteChars = bytesToUnicode();
  const unprintableByteIds = byteChars.map((char, byte) => ({ id: add(char), byte })).filter(({ byte }) => !isPrintableByte(byte)).map(({ id }) => id);

  const merges: [string, string][] = [];
  const seen = new Set<string>();
  for (const word of MERGED_WORDS) {
    let current = word[0]!;
    for (const char of word.slice(1)) {
      const key = `${current} ${char}`;
      if (!seen.has(key)) {
        seen.add(key);
        merges.push([current, char]);
        add(current + char);
      }
      current += char;
    }
  }

  IMAGE_TOKENS.forEach(addSpecial);
  return { vocab, merges, added, unprintableByteIds, size: vocab.size };
}

/** Idefics3's tokens appended after the text vocabulary, in their order. */
export const IMAGE_TOKENS: readonly string[] = [
  SPECIAL.globalImage,
  ...Array.from({ length: TILE_GRID * TILE_GRID }, (_, i) => `<row_${Math.floor(i / TILE_GRID) + 1}_col_${(i % TILE_GRID) + 1}>`),
  SPECIAL.fakeAroundImage,
  SPECIAL.image,
  SPECIAL.endOfUtterance,
];

/** Bytes that do not print on their own: control characters, and 0x80-0xff (half a character). */
export function isPrintableByte(byte: number): boolean {
  return byte === 0x0a || (byte >= 0x20 && byte < 0x7f);
}

export function tokenizerJson(tokenizer: TinyTokenizer): unknown {
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: tokenizer.added.map(({ id, content }) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: null,
    pre_tokenizer: byteLevel,
    post_processor: byteLevel,
    decoder: byteLevel,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: Object.fromEntries(tokenizer.vocab),
      merges: tokenizer.merges,
    },
  };
}

// The Idefics3 chat layout: "<|im_start|>User:<image>text<end_of_utterance>\nAssistant: ...",
// a colon straight after the role when the message opens with the image, colon and space otherwise.
export const CHAT_TEMPLATE = [
  '<|im_start|>',
  '{%- for message in messages -%}',
  "{{ message['role'] | capitalize }}",
  "{%- if message['content'][0]['type'] == 'image' -%}{{ ':' }}{%- else -%}{{ ': ' }}{%- endif -%}",
  "{%- for part in message['content'] -%}",
  "{%- if part['type'] == 'text' -%}{{ part['text'] }}{%- elif part['type'] == 'image' -%}{{ '<image>' }}{%- endif -%}",
  '{%- endfor -%}',
  "{{ '<end_of_utterance>\\n' }}",
  '{%- endfor -%}',
  "{%- if add_generation_prompt -%}{{ 'Assistant:' }}{%- endif -%}",
].join('');

export function tokenizerConfigJson(): unknown {
  return {
    add_prefix_space: false,
    additional_special_tokens: [SPECIAL.fakeAroundImage, SPECIAL.image, SPECIAL.endOfUtterance],
    bos_token: SPECIAL.imStart,
    eos_token: SPECIAL.endOfUtterance,
    pad_token: SPECIAL.imEnd,
    unk_token: SPECIAL.endOfText,
    chat_template: CHAT_TEMPLATE,
    clean_up_tokenization_spaces: false,
    model_max_length: 8192,
    processor_class: 'Idefics3Processor',
    tokenizer_class: 'GPT2Tokenizer',
  };
}
