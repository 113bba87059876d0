// The full pipeline and the conversation for the photo on screen: cues, cluemap, answers, the
// final choice, and chat turns with the user's constraints. The Session starts a run once the
// retrieval is done; components read the fields and call the methods.
import type { Bridge, DecodedPhoto, FileProgress, HistoryRecord, LoadedEncoder, LoadedVlm, QueryResult, QuerySurface, Restriction } from '../../bridge/types';
import { buildCluemap, type Cluemap } from '../../core/cluemap/build';
import { cluemapInputsOf, withEditedEmbeddedCue, withEmbeddedCue, withoutEmbeddedCue, type CueEmbedding, type EmbeddedCues } from '../../core/cluemap/embedded';
import { parseUserCues } from '../../core/cluemap/parse-cues';
import type { Patch } from '../../core/cluemap/patch-grid';
import type { Cue } from '../../core/cluemap/types';
import type { ModelAnswer } from '../../core/locate/answers';
import { runFollowUp, sortByConstraints, type RuledOut } from '../../core/locate/follow-up';
import { runFullPipeline } from '../../core/locate/full';
import type { AskPurpose, PipelineServices, StageEvent, StageName } from '../../core/locate/services';
import { mergeConstraints, parseConstraints, removeConstraint, type PlaceConstraint } from '../../core/reason/constraints';
import type { ChatMessage } from '../../core/reason/prompt';
import { candidateFromMatch, type FinalChoice } from '../../core/select/candidates';
import type { PlaceName } from '../../core/place/types';
import type { LatLon } from '../../core/geo/types';
import { chooseByEmbedding } from '../../core/locate/choose';
import { embeddingRows } from '../../core/cluemap/cosine';
import { browserServices } from './services';
import { surfaceAround } from '../surface/around';

export interface AnalysisStage {
  readonly name: StageName;
  readonly label: string;
  status: 'idle' | 'running' | 'done' | 'error';
  ms: number | null;
  detail: string;
}

export const ANALYSIS_STAGES: readonly { name: StageName; label: string }[] = [
  { name: 'cues', label: 'Find clues (vision-language model)' },
  { name: 'cluemap', label: 'Build the cluemap' },
  { name: 'reason', label: 'Reason region by region' },
  { name: 'refine', label: 'Ask again with reference places' },
  { name: 'select', label: 'Choose the final answer' },
];

export interface ChatEntry {
  readonly id: number;
  readonly role: 'user' | 'model' | 'note';
  text: string;
  /** For model turns: the parsed answer, once the reply is complete. */
  answer: ModelAnswer | null;
  streaming: boolean;
}

/** What a run needs from the fast locate that came before it. */
export interface AnalysisContext {
  readonly pixels: DecodedPhoto['pixels'];
  readonly imageEmbedding: Float32Array;
  readonly retrieval: QueryResult;
  /** The point found between gallery places (core/refine), which joins the final choice. */
  readonly refined?: LatLon | null;
}

export interface AnalysisDeps {
  /** The registry key to load for a kind of helper model, or null when the source has none. */
  pickKey(kind: 'vlm' | 'clip' | 'embedder'): string | null;
  onProgress(p: FileProgress): void;
  /** The longest answer the language model may write, in tokens (a setting). */
  maxNewTokens(): number;
  onError(error: unknown, fallback: string): void;
  /** Called when a run, a chat turn or an edit has finished, to keep the history up to date. */
  onSettled(): void;
  /**
   * Called with each search made under the constraints (or without them after the last Undo). It is
   * awaited: the search is not over, nor `running` false, until its places are on screen.
   */
  onRetrieval?(found: QueryResult): Promise<void>;
}

function freshStages(): Record<StageName, AnalysisStage> {
  const stages = {} as Record<StageName, AnalysisStage>;
  for (const { name, label } of ANALYSIS_STAGES) stages[name] = { name, label, status: 'idle', ms: null, detail: '' };
  return stages;
}

const PURPOSE_LABELS: Record<string, string> = { cues: 'Listing clues', direct: 'Reasoning' };
export function purposeLabel(purpose: AskPurpose): string {
  if (purpose.startsWith('refined-')) return `Reasoning with ${purpose.slice('refined-'.length)} reference places`;
  if (purpose.startsWith('follow-up-')) return 'Answering your message';
  return PURPOSE_LABELS[purpose] ?? purpose;
}

export class Analysis {
  readonly #bridge: Bridge;
  readonly #deps: AnalysisDeps;

  stages = $state<Record<StageName, AnalysisStage>>(freshStages());
  /** True while the pipeline or a chat turn runs. */
  running = $state(false);
  /** The text being streamed now (shown as text), and what it is for. */
  streaming = $state<{ purpose: AskPurpose; text: string } | null>(null);
  lastSpeed = $state<number | null>(null);
  /** Set when WebGPU failed while the model wrote and it went on on WebAssembly. */
  fallbackNote = $state('');
  helpers = $state.raw<{ vlm: LoadedVlm | null; clip: LoadedEncoder | null; embedder: LoadedEncoder | null }>({ vlm: null, clip: null, embedder: null });

  cueReply = $state.raw<string | null>(null);
  cueProblems = $state.raw<readonly string[]>([]);
  embedded = $state.raw<EmbeddedCues | null>(null);
  patches = $state.raw<Patch[]>([]);
  /** Cue whose best patch is outlined on the photo. */
  hoveredCue = $state<number | null>(null);
  readonly cluemap: Cluemap | null = $derived.by(() => {
    if (!this.embedded) return null;
    const inputs = cluemapInputsOf(this.embedded);
    return buildCluemap(inputs.cues, inputs.cuePatch, inputs.cueCue);
  });
  clueText = $state('');

  answers = $state.raw<readonly ModelAnswer[]>([]);
  choice = $state.raw<FinalChoice | null>(null);
  /** Offline place names of the located candidates, by source. */
  places = $state.raw<Readonly<Record<string, PlaceName>>>({});
  conversation = $state.raw<readonly ChatMessage[]>([]);
  chat = $state<ChatEntry[]>([]);
  constraints = $state.raw<readonly PlaceConstraint[]>([]);
  restriction = $state.raw<Restriction | null>(null);
  /** The probability surface of the latest search with the stated facts (null: the first search's stands). */
  surface = $state.raw<QuerySurface | null>(null);
  ruledOut = $state.raw<readonly RuledOut[]>([]);
  /** The final answer before the latest chat turn, to show how far it moved. */
  previousFinal = $state.raw<{ lat: number; lon: number; label: string } | null>(null);
  stopped = $state(false);

  #context: AnalysisContext | null = null;
  /** The latest search (the fast locate's, then the chat's), whose softmax the confidence around the final answer comes from. */
  #latestRetrieval: QueryResult | null = null;
  #run: AbortController | null = null;
  #generation: AbortController | null = null;
  #nextChatId = 1;
  #turn = 0;

  constructor(bridge: Bridge, deps: AnalysisDeps) {
    this.#bridge = bridge;
    this.#deps = deps;
  }

  get hasContext(): boolean {
    return this.#context !== null;
  }

  /** Forgets everything about the previous photo and keeps what the fast locate found. */
  reset(context: AnalysisContext | null): void {
    this.cancel();
    this.#context = context;
    this.#latestRetrieval = context?.retrieval ?? null;
    this.stages = freshStages();
    this.streaming = null;
    this.cueReply = null;
    this.cueProblems = [];
    this.embedded = null;
    this.patches = [];
    this.hoveredCue = null;
    this.clueText = '';
    this.answers = [];
    this.choice = null;
    this.places = {};
    this.conversation = [];
    this.chat = [];
    this.constraints = [];
    this.restriction = null;
    this.surface = null;
    this.ruledOut = [];
    this.previousFinal = null;
    this.stopped = false;
    this.#turn = 0;
  }

  /** Stops the generation running now; the pipeline goes on with what it has. */
  stopGeneration(): void {
    this.#generation?.abort();
  }

  /** Abandons the run (a new photo came). */
  cancel(): void {
    this.#run?.abort(new DOMException('Stopped.', 'AbortError'));
    this.#run = null;
  }

  /** Runs the full pipeline, or with `cues` the reasoning again from the user's edited cues. */
  async run(cues?: readonly Cue[]): Promise<void> {
    const context = this.#context;
    if (!context || this.running) return;
    const run = this.#begin();
    this.stages = freshStages();
    this.stopped = false;
    try {
      const services = await this.#services(context, run.signal, true);
      const result = await runFullPipeline(
        { imageEmbedding: context.imageEmbedding, retrieval: context.retrieval, refined: context.refined ?? null, ...(cues ? { cues } : {}) },
        services,
      );
      if (cues === undefined) {
        this.cueReply = result.cueReading.reply;
        this.cueProblems = result.cueReading.problems;
      }
      if (result.cueReading.cues.length === 0) this.embedded = null;
      this.clueText = result.clueText;
      this.answers = result.answers;
      await this.#show(result.choice);
      this.conversation = result.conversation;
      this.stopped = result.stopped;
      this.previousFinal = null;
      this.ruledOut = [];
    } catch (error) {
      if (!run.signal.aborted) this.#deps.onError(error, 'The full analysis stopped with an error; the retrieval result is still shown.');
    } finally {
      this.#end(run);
    }
  }

  /** Reasons again from the cues as they are now (after the user's edits). */
  reasonAgain(): Promise<void> {
    return this.run(this.embedded?.cues ?? []);
  }

  async removeCue(index: number): Promise<void> {
    if (!this.embedded) return;
    this.embedded = withoutEmbeddedCue(this.embedded, index);
    this.hoveredCue = null;
    this.#deps.onSettled();
  }

  /** Adds the user's cue: "(cue, description)" or plain text. Only this cue is encoded. */
  async addCue(text: string): Promise<void> {
    const cue = parseUserCues(text).cues[0];
    if (!cue) {
      this.#deps.onError(Object.assign(new Error('Type a clue first, for example "yellow number plates".'), { code: 'empty-cue' }), '');
      return;
    }
    await this.#withEmbedding(cue, (embedded, embedding) => withEmbeddedCue(embedded, cue, embedding));
  }

  async editCue(index: number, text: string): Promise<void> {
    const cue = parseUserCues(text).cues[0];
    if (!cue) return this.removeCue(index);
    await this.#withEmbedding(cue, (embedded, embedding) => withEditedEmbeddedCue(embedded, index, cue, embedding));
  }

  /** One chat turn: constraints from the message narrow the retrieval, and the model answers again. */
  async send(message: string): Promise<void> {
    const context = this.#context;
    const text = message.trim();
    if (!context || text === '' || this.running) return;
    const run = this.#begin();
    this.chat.push({ id: this.#nextChatId++, role: 'user', text, answer: null, streaming: false });
    const reply: ChatEntry = { id: this.#nextChatId++, role: 'model', text: '', answer: null, streaming: true };
    this.chat.push(reply);
    const replyIndex = this.chat.length - 1;
    try {
      const constraints = mergeConstraints(this.constraints, parseConstraints(text));
      const retrieval = await this.#retrieve(context, constraints, run.signal);
      this.constraints = constraints;
      const services = await this.#services(context, run.signal, false, (piece) => (this.chat[replyIndex]!.text += piece));
      const before = this.choice?.final ?? null;
      const turn = ++this.#turn;
      const result = await runFollowUp(
        {
          conversation: this.conversation,
          clueText: this.clueText,
          message: text,
          constraints,
          turn,
          imageEmbedding: context.imageEmbedding,
          retrieval,
          previous: this.choice?.candidates ?? [],
          countryOf: (points) => this.#bridge.countryCodes(points),
        },
        services,
      );
      this.chat[replyIndex]!.text = result.answer.reply;
      this.chat[replyIndex]!.answer = result.answer;
      this.conversation = result.conversation;
      this.ruledOut = result.ruledOut;
      this.previousFinal = before ? { lat: before.lat, lon: before.lon, label: before.label } : null;
      await this.#show(result.choice);
    } catch (error) {
      if (!run.signal.aborted) this.#deps.onError(error, 'The model could not answer; the earlier answer is kept.');
    } finally {
      this.chat[replyIndex]!.streaming = false;
      this.#end(run);
    }
  }

  /** Takes back one of the user's stated facts and searches again without it. */
  async undoConstraint(id: string): Promise<void> {
    const context = this.#context;
    if (!context || this.running) return;
    const label = this.constraints.find((c) => c.id === id)?.label ?? id;
    const constraints = removeConstraint(this.constraints, id);
    const run = this.#begin();
    try {
      const retrieval = await this.#retrieve(context, constraints, run.signal);
      this.constraints = constraints;
      this.chat.push({ id: this.#nextChatId++, role: 'note', text: `Undone: ${label}`, answer: null, streaming: false });
      // Without a full analysis on screen there is nothing to choose again: the search is the answer.
      if (this.choice === null) return;
      const services = await this.#services(context, run.signal, false);
      const earlier = (this.choice?.candidates ?? []).filter((c) => c.source !== 'retrieval');
      const before = this.choice?.final ?? null;
      await this.#show(await chooseByEmbedding([...earlier, candidateFromMatch(retrieval.most[0] ?? null)], context.imageEmbedding, services));
      this.previousFinal = before ? { lat: before.lat, lon: before.lon, label: before.label } : null;
      this.ruledOut = [];
    } catch (error) {
      if (!run.signal.aborted) this.#deps.onError(error, 'The constraint could not be undone.');
    } finally {
      this.#end(run);
    }
  }

  /**
   * Restricts the search to a region the user chose on the map or in the list (the same
   * constraints as stated facts, so one list, one shaded area and one Undo cover both). A region
   * without any gallery place is refused with an error and the earlier answer stays.
   */
  restrict(constraint: PlaceConstraint): Promise<void> {
    return this.#searchAgain(mergeConstraints(this.constraints, [constraint]), `Search restricted: ${constraint.label}`);
  }

  /** Searches again under the same constraints (the index grew: a denser grid was added). */
  searchAgain(): Promise<void> {
    return this.#searchAgain(this.constraints, null);
  }

  async #searchAgain(constraints: readonly PlaceConstraint[], note: string | null): Promise<void> {
    const context = this.#context;
    if (!context || this.running) return;
    const run = this.#begin();
    try {
      const retrieval = await this.#retrieve(context, constraints, run.signal);
      this.constraints = constraints;
      if (note) this.chat.push({ id: this.#nextChatId++, role: 'note', text: note, answer: null, streaming: false });
      if (this.choice === null) return;
      const services = await this.#services(context, run.signal, false);
      const { kept } = await sortByConstraints(this.choice.candidates.filter((c) => c.source !== 'retrieval'), constraints, (points) => this.#bridge.countryCodes(points));
      const before = this.choice.final;
      await this.#show(await chooseByEmbedding([...kept, candidateFromMatch(retrieval.most[0] ?? null)], context.imageEmbedding, services));
      this.previousFinal = before ? { lat: before.lat, lon: before.lon, label: before.label } : null;
    } catch (error) {
      if (!run.signal.aborted) this.#deps.onError(error, 'The search could not be restricted to that region; the earlier answer is kept.');
    } finally {
      this.#end(run);
    }
  }

  /** Shows a new choice and names its candidates' places (offline). */
  async #show(choice: FinalChoice): Promise<void> {
    this.choice = choice;
    this.places = {};
    await this.#confidenceAroundFinal(choice);
    if (this.choice !== choice) return;
    const located = choice.candidates.filter((c) => c.ok);
    if (located.length === 0) return;
    try {
      const names = await this.#bridge.placeNames(located.map((c) => ({ lat: c.lat!, lon: c.lon! })));
      if (this.choice !== choice) return;
      this.places = Object.fromEntries(located.map((c, i) => [c.source, names[i]!]));
    } catch {
      // Names are a courtesy; the coordinates are on screen either way.
    }
  }

  /** How sure, around the final answer rather than the top gallery place (unchanged when they are the same point). */
  async #confidenceAroundFinal(choice: FinalChoice): Promise<void> {
    const found = this.#latestRetrieval;
    const final = choice.final;
    if (!found?.surface || !final) return;
    const top = found.most[0];
    const isTop = top !== undefined && final.lat === top.lat && final.lon === top.lon;
    const surface = isTop ? found.surface : await surfaceAround(this.#bridge, found, { lat: final.lat, lon: final.lon }, 'final');
    if (this.choice === choice && this.#latestRetrieval === found) this.surface = surface;
  }

  #begin(): AbortController {
    this.#run?.abort();
    const run = new AbortController();
    this.#run = run;
    this.running = true;
    return run;
  }

  #end(run: AbortController): void {
    if (this.#run !== run) return;
    this.#run = null;
    this.running = false;
    this.streaming = null;
    this.#generation = null;
    if (!run.signal.aborted) this.#deps.onSettled();
  }

  /** Brings back the conversation and stated facts kept in the history for this photo. */
  restore(record: Pick<HistoryRecord, 'conversation' | 'chat' | 'constraints'>): void {
    if (record.chat.length === 0 && record.constraints.length === 0) return;
    this.conversation = record.conversation;
    this.constraints = record.constraints;
    this.chat = record.chat.map((entry) => ({ id: this.#nextChatId++, role: entry.role, text: entry.text, answer: null, streaming: false }));
    this.#turn = record.chat.filter((entry) => entry.role === 'user').length;
    this.chat.push({ id: this.#nextChatId++, role: 'note', text: 'This conversation was restored from the history of this photo.', answer: null, streaming: false });
  }

  async #retrieve(context: AnalysisContext, constraints: readonly PlaceConstraint[], signal: AbortSignal): Promise<QueryResult> {
    const retrieval = await this.#bridge.query(context.imageEmbedding, context.retrieval.most.length || 15, signal, constraints);
    this.restriction = retrieval.restriction;
    // Without stated facts the session's surface stands again: it is measured around the refined point when that is the answer.
    this.surface = constraints.length === 0 ? null : retrieval.surface;
    this.#latestRetrieval = retrieval;
    await this.#deps.onRetrieval?.(retrieval);
    return retrieval;
  }

  /** Encodes one cue (and, for the first cue of a photo without a cluemap, the patches) and applies an edit. */
  async #withEmbedding(cue: Cue, apply: (embedded: EmbeddedCues, embedding: CueEmbedding) => EmbeddedCues): Promise<void> {
    const context = this.#context;
    if (!context) return;
    try {
      await this.#loadEncoders(undefined);
      const encoded = await this.#bridge.encodeCues([cue]);
      const embedding = { clip: encoded.clip, sentence: encoded.sentence };
      if (this.embedded) {
        this.embedded = apply(this.embedded, embedding);
        this.#deps.onSettled();
        return;
      }
      const patches = await this.#bridge.encodePatches(context.pixels);
      this.patches = patches.patches;
      this.embedded = {
        cues: [cue],
        patches: embeddingRows(patches.embeddings, patches.dim),
        cueClip: embeddingRows(encoded.clip, encoded.clipDim),
        cueSentence: embeddingRows(encoded.sentence, encoded.sentenceDim),
      };
      this.#deps.onSettled();
    } catch (error) {
      this.#deps.onError(error, 'The clue could not be encoded.');
    }
  }

  async #loadEncoders(signal: AbortSignal | undefined): Promise<void> {
    const clipKey = this.#deps.pickKey('clip');
    const embedderKey = this.#deps.pickKey('embedder');
    if (this.helpers.clip?.key === clipKey && this.helpers.embedder?.key === embedderKey) return;
    if (!clipKey || !embedderKey) throw Object.assign(new Error('No CLIP model or sentence embedder is available from the chosen model source.'), { code: 'no-model' });
    const loaded = await this.#bridge.loadEncoders(clipKey, embedderKey, (p) => this.#deps.onProgress(p), signal);
    this.helpers = { ...this.helpers, ...loaded };
  }

  async #loadVlm(signal: AbortSignal): Promise<void> {
    const key = this.#deps.pickKey('vlm');
    if (key !== null && this.helpers.vlm?.key === key) return;
    if (!key) throw Object.assign(new Error('No vision-language model is available from the chosen model source.'), { code: 'no-model' });
    const vlm = await this.#bridge.loadVlm(key, (p) => this.#deps.onProgress(p), signal);
    this.helpers = { ...this.helpers, vlm };
  }

  async #services(context: AnalysisContext, signal: AbortSignal, withEncoders: boolean, onChatToken?: (text: string) => void): Promise<PipelineServices> {
    await this.#loadVlm(signal);
    if (withEncoders) await this.#loadEncoders(signal);
    return browserServices(this.#bridge, context.pixels, {
      runSignal: signal,
      maxNewTokens: this.#deps.maxNewTokens(),
      stopSignal: () => {
        this.#generation = new AbortController();
        return this.#generation.signal;
      },
      onToken: (purpose, text) => {
        if (this.streaming?.purpose !== purpose) this.streaming = { purpose, text: '' };
        this.streaming.text += text;
        onChatToken?.(text);
      },
      onGenerated: (_purpose, info) => {
        this.lastSpeed = info.tokensPerSecond;
        if (info.fellBackToWasm) {
          this.fallbackNote = 'The graphics device failed while the language model was writing, so it now runs on WebAssembly (slower, steadier) for the rest of this visit.';
        }
        this.streaming = null;
      },
      onStage: (event: StageEvent) => {
        const stage = this.stages[event.stage];
        stage.status = event.status;
        stage.ms = event.ms;
        stage.detail = event.detail;
      },
      onEmbedded: (embedded, boxes) => {
        this.embedded = embedded;
        this.patches = boxes;
      },
    });
  }
}
