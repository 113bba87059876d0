// One VLM answer: chat layout, image preprocessing, streamed generation with a Stop, and timing.
// Shared by the browser worker and the Node CLI, which differ only in how they load the model.
import { AutoProcessor, InterruptableStoppingCriteria, RawImage, TextStreamer, type PreTrainedModel, type Tensor } from '@huggingface/transformers';
import type { VlmMessage, VlmRequest, VlmResult } from '../../src/bridge/types';
import { answerIsClosed } from '../../src/core/reason/answer-closed';
import { UserFacingError } from './errors';

export type VlmProcessor = Awaited<ReturnType<typeof AutoProcessor.from_pretrained>>;

export interface VlmRuntime {
  model: PreTrainedModel;
  processor: VlmProcessor;
}

export interface GenerateHooks {
  /** Each piece of finished text, in order; the pieces join to the result's text. */
  onToken?: (piece: string) => void;
  /** Aborting stops the generation after the current token; the result then has `stopped: true`. */
  signal?: AbortSignal;
  now?: () => number;
}

export const MAX_NEW_TOKENS = 4096;

type ChatPart = { type: 'image' } | { type: 'text'; text: string };
export interface ChatMessage {
  role: VlmMessage['role'];
  content: ChatPart[];
}

/** Checks a request that crossed a worker boundary; a bad one is refused before any model work. */
export function checkRequest(request: VlmRequest): void {
  const roles = new Set(['system', 'user', 'assistant']);
  if (!Array.isArray(request.messages) || request.messages.length === 0) {
    throw new UserFacingError('bad-request', 'The conversation is empty: there is nothing for the model to answer.');
  }
  for (const message of request.messages) {
    if (!roles.has(message?.role) || typeof message.text !== 'string') {
      throw new UserFacingError('bad-request', 'Each message needs a role (system, user or assistant) and text.');
    }
  }
  if (!request.messages.some((message) => message.role === 'user')) {
    throw new UserFacingError('bad-request', 'The conversation has no user message to answer.');
  }
  if (!Number.isInteger(request.maxNewTokens) || request.maxNewTokens < 1 || request.maxNewTokens > MAX_NEW_TOKENS) {
    throw new UserFacingError('bad-request', `The answer length must be a whole number of tokens from 1 to ${MAX_NEW_TOKENS}.`);
  }
  const pixels = request.pixels;
  if (pixels && (!(pixels.width > 0) || !(pixels.height > 0) || pixels.data?.length !== pixels.width * pixels.height * 4)) {
    throw new UserFacingError('bad-request', 'The photo handed to the language model is not a complete RGBA image.');
  }
}

/** The chat in transformers.js's content-list form, the photo placed before the first user message's text. */
export function chatMessages(messages: readonly VlmMessage[], withImage: boolean): ChatMessage[] {
  const firstUser = messages.findIndex((message) => message.role === 'user');
  return messages.map((message, index) => ({
    role: message.role,
    content: [...(withImage && index === firstUser ? [{ type: 'image' as const }] : []), { type: 'text' as const, text: message.text }],
  }));
}

/**
 * Lets the event loop run once before each decoding step. Without it a worker running on WASM
 * can finish the whole answer in microtasks, and a Stop message waits until the end.
 */
export function yieldBetweenSteps(model: PreTrainedModel): void {
  const forward = model.forward.bind(model);
  // A message to ourselves rather than setTimeout(0), which browsers stretch to 4 ms once nested.
  const yieldOnce = () =>
    new Promise<void>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  (model as { forward: PreTrainedModel['forward'] }).forward = async (inputs: object) => {
    await yieldOnce();
    return forward(inputs);
  };
}

/** FNV-1a over the 32-bit words of a tensor's data: the same photo through the same processor gives the same key. */
function tensorKey(tensor: Tensor | undefined): string {
  if (!tensor) return 'none';
  const data = tensor.data as ArrayLike<number> & { buffer: ArrayBuffer; byteOffset: number; byteLength: number };
  const words = new Uint32Array(data.buffer, data.byteOffset, data.byteLength >> 2);
  let hash = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) hash = Math.imul(hash ^ words[i]!, 0x01000193);
  return `${tensor.dims.join('x')}:${hash >>> 0}:${words.length}`;
}

/**
 * Keeps the image features of the last photo. The full mode asks five questions about one photo,
 * and the vision encoder (every tile of a split photo) is most of a question's cost at real size:
 * measured, it ran five times for the same pixels. Now it runs once per photo.
 */
export function reuseImageFeatures(model: PreTrainedModel): void {
  const target = model as unknown as { encode_image?: (inputs: Record<string, Tensor>) => Promise<Tensor> };
  const encode = target.encode_image?.bind(model);
  if (!encode) return;
  let last: { key: string; features: Promise<Tensor> } | null = null;
  target.encode_image = (inputs) => {
    const key = `${tensorKey(inputs.pixel_values)}|${tensorKey(inputs.pixel_attention_mask)}`;
    if (last?.key === key) return last.features;
    const features = encode(inputs);
    const entry = { key, features };
    last = entry;
    features.catch(() => {
      if (last === entry) last = null;
    });
    return features;
  };
}

/** Follows streamed pieces and calls `onClosed` once, when the text so far ends with a closed JSON answer. */
export function watchForAnswer(onClosed: () => void): (piece: string) => void {
  let soFar = '';
  let closed = false;
  return (piece) => {
    if (closed) return;
    soFar += piece;
    if (piece.includes('}') && answerIsClosed(soFar)) {
      closed = true;
      onClosed();
    }
  };
}

export async function generateAnswer(runtime: VlmRuntime, request: VlmRequest, hooks: GenerateHooks = {}): Promise<VlmResult> {
  checkRequest(request);
  const now = hooks.now ?? (() => performance.now());
  const started = now();
  const { model, processor } = runtime;
  const tokenizer = processor.tokenizer;
  if (!tokenizer) throw new UserFacingError('model-broken', 'The model folder has no tokenizer (tokenizer.json and tokenizer_config.json).');

  const stopper = new InterruptableStoppingCriteria();
  if (hooks.signal?.aborted) {
    return { text: '', tokenCount: 0, firstTokenMs: null, tokensPerSecond: null, stopped: true };
  }
  const interrupt = () => stopper.interrupt();
  hooks.signal?.addEventListener('abort', interrupt, { once: true });

  try {
    const prompt = processor.apply_chat_template(chatMessages(request.messages, request.pixels !== null) as never, {
      add_generation_prompt: true,
    }) as string;
    const inputs = request.pixels
      ? await processor(prompt, [new RawImage(new Uint8ClampedArray(request.pixels.data), request.pixels.width, request.pixels.height, 4).rgb()])
      : tokenizer(prompt);
    const promptLength = (inputs.input_ids as Tensor).dims.at(-1)!;

    let firstTokenAt: number | null = null;
    let lastTokenAt = 0;
    let tokens = 0;
    let answered = false;
    const watch = request.stopAtAnswer
      ? watchForAnswer(() => {
          answered = true;
          stopper.interrupt();
        })
      : null;
    const streamer = new TextStreamer(tokenizer, {
      skip_prompt: true,
      skip_special_tokens: true,
      callback_function: (piece: string) => {
        hooks.onToken?.(piece);
        watch?.(piece);
      },
      token_callback_function: () => {
        tokens++;
        lastTokenAt = now();
        firstTokenAt ??= lastTokenAt;
      },
    });

    const sequences = (await model.generate({
      ...inputs,
      max_new_tokens: request.maxNewTokens,
      do_sample: false,
      streamer,
      stopping_criteria: stopper,
    } as never)) as Tensor;

    const generated = (sequences.tolist() as bigint[][])[0]!.slice(promptLength);
    const text = tokenizer.decode(generated, { skip_special_tokens: true });
    const decodeSeconds = (lastTokenAt - (firstTokenAt ?? lastTokenAt)) / 1000;
    return {
      text,
      tokenCount: generated.length,
      firstTokenMs: firstTokenAt === null ? null : firstTokenAt - started,
      tokensPerSecond: tokens > 1 && decodeSeconds > 0 ? (tokens - 1) / decodeSeconds : null,
      // Ending at a closed answer is the reply finishing, not the user's Stop.
      stopped: stopper.interrupted && !answered,
    };
  } finally {
    hooks.signal?.removeEventListener('abort', interrupt);
  }
}
