// The real-size VLM's tokenizer: GPT-2's byte-level BPE (its ranks from gpt-tokenizer, MIT), cut to
// SmolLM2's 49,152 text ids, with SmolVLM's special and image tokens after them. SmolVLM's own
// vocabulary cannot be fetched here; GPT-2's splits English about as finely, so prompts come out
// about as many tokens long as a user's would. With the tiny vocabulary they were several times
// longer, and prefill and decoding (whose cost grows with the context) far slower than real.
import r50kRanks from 'gpt-tokenizer/bpeRanks/r50k_base';
import { IMAGE_TOKENS, SPECIAL, bytesToUnicode, isPrintableByte, type TinyTokenizer } from './vlm-tokenizer';

const TEXT_IDS = 49_152;

export function gpt2Tokenizer(): TinyTokenizer {
  const table = bytesToUnicode();
  const utf8 = new TextEncoder();
  const vocab = new Map<string, number>();
  for (const entry of r50kRanks) {
    if (vocab.size === TEXT_IDS) break;
    const bytes = typeof entry === 'string' ? utf8.encode(entry) : Uint8Array.from(entry);
    const token = Array.from(bytes, (byte) => table[byte]!).join('');
    if (!vocab.has(token)) vocab.set(token, vocab.size);
  }
  // A rank list has no merges: each token's merge is the last step of BPE over its own bytes,
  // using only the tokens ranked before it.
  const merges: [string, string][] = [];
  for (const [token, id] of vocab) {
    if (token.length < 2) continue;
    const parts = [...token];
    for (;;) {
      let best = -1;
      let bestId = id;
      for (let i = 0; i + 1 < parts.length; i++) {
        const joined = vocab.get(parts[i]! + parts[i + 1]!);
        if (joined !== undefined && joined < bestId) {
          bestId = joined;
          best = i;
        }
      }
      if (best < 0) break;
      parts.splice(best, 2, parts[best]! + parts[best + 1]!);
    }
    if (parts.length === 2) merges.push([parts[0]!, parts[1]!]);
  }
  const added = [SPECIAL.endOfText, SPECIAL.imStart, SPECIAL.imEnd, ...IMAGE_TOKENS].map((content) => {
    vocab.set(content, vocab.size);
    return { id: vocab.size - 1, content };
  });
  const unprintableByteIds = table.flatMap((char, byte) => (isPrintableByte(byte) ? [] : [vocab.get(char)!]));
  return { vocab, merges, added, unprintableByteIds, size: vocab.size };
}
