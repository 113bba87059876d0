// A BERT WordPiece tokenizer with a small vocabulary, in the tokenizer.json layout of
// Xenova/all-MiniLM-L6-v2: BERT's normaliser and pre-tokenizer, "##" continuation pieces,
// [CLS] text [SEP]. Every ASCII letter, digit and punctuation mark is in the vocabulary,
// alone and as a continuation, so any ASCII word tokenizes; other characters become [UNK],
// as in the real vocabulary for scripts it lacks.

import { corpusWords } from './corpus';

export const BERT_SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
export const BERT_MAX_LENGTH = 512;

const ASCII_PIECES = [
  ...'abcdefghijklmnopqrstuvwxyz0123456789',
  ...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
];

export interface WordPieceTokenizerFiles {
  tokenizer: unknown;
  config: unknown;
  vocabSize: number;
}

export function wordPieceTokenizer(): WordPieceTokenizerFiles {
  const tokens = [...BERT_SPECIALS, ...ASCII_PIECES, ...ASCII_PIECES.filter((c) => /[a-z0-9]/.test(c)).map((c) => `##${c}`), ...corpusWords()];
  const vocab: Record<string, number> = {};
  for (const token of tokens) if (!(token in vocab)) vocab[token] = Object.keys(vocab).length;
  const id = (token: string) => vocab[token]!;
  const special = (token: string) => ({ id: id(token), content: token, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  const sequence = (name: 'A' | 'B', typeId: number) => ({ Sequence: { id: name, type_id: typeId } });
  const marker = (token: string, typeId: number) => ({ SpecialToken: { id: token, type_id: typeId } });

  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: BERT_SPECIALS.map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [marker('[CLS]', 0), sequence('A', 0), marker('[SEP]', 0)],
      pair: [marker('[CLS]', 0), sequence('A', 0), marker('[SEP]', 0), sequence('B', 1), marker('[SEP]', 1)],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [id('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [id('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
  const config = {
    clean_up_tokenization_spaces: true,
    cls_token: '[CLS]',
    do_basic_tokenize: true,
    do_lower_case: true,
    mask_token: '[MASK]',
    model_max_length: BERT_MAX_LENGTH,
    never_split: null,
    pad_token: '[PAD]',
    sep_token: '[SEP]',
    strip_accents: null,
    tokenize_chinese_chars: true,
    tokenizer_class: 'BertTokenizer',
    unk_token: '[UNK]',
  };
  return { tokenizer, config, vocabSize: Object.keys(vocab).length };
}
