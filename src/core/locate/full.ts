// The full pipeline after retrieval (method stages 2 to 5): cues from the vision-language model,
// the cluemap, a Chain-of-Region answer, three answers with 5/10/15 reference places from the
// index, and the final choice by location-embedding similarity to the photo.

import { buildCluemap, type Cluemap } from '../cluemap/build';
import type { CluemapInputs } from '../cluemap/edit';
import { parseCueReply } from '../cluemap/parse-cues';
import { CUE_EXTRACTION_SYSTEM_PROMPT, CUE_EXTRACTION_USER_PROMPT, MIN_CUES } from '../cluemap/prompt';
import { cluemapToText } from '../cluemap/serialise';
import { matrix, type Cue } from '../cluemap/types';
import { buildReasoningPrompt, buildRefinementPrompt, REFERENCE_COUNTS, type ChatMessage } from '../reason/prompt';
import type { SearchResult } from '../retrieve/search';
import type { LatLon } from '../geo/types';
import { candidateFromRefined } from '../select/candidates';
import type { PlaceConstraint } from '../reason/constraints';
import { askForAnswer, type ModelAnswer } from './answers';
import { chooseAmong, type Choice } from './choose';
import type { PipelineServices } from './services';
import { timedStage, type StageTimes } from './timing';

export interface FullInputs {
  /** The photo's GeoCLIP image embedding. */
  readonly imageEmbedding: Float32Array;
  /** The index's most and least similar places for the photo (15 each in the method). */
  readonly retrieval: SearchResult;
  /** The user's own cues; when given, the model is not asked for cues. */
  readonly cues?: readonly Cue[];
  /** A point between gallery places more similar than the best of them (core/refine); it joins the final choice. */
  readonly refined?: LatLon | null;
  /**
   * A region the search is restricted to (the CLI's --bbox, --within, --country): the retrieval
   * already honours it, and a model answer outside it is kept in the list but cannot be chosen.
   */
  readonly region?: RegionRule;
}

export interface RegionRule {
  readonly constraints: readonly PlaceConstraint[];
  /** ISO alpha-2 code of each point's country, or null at sea. */
  countryOf(points: readonly LatLon[]): Promise<(string | null)[]>;
}

export interface CueReading {
  /** What the model wrote; null when the user gave the cues. */
  readonly reply: string | null;
  readonly cues: readonly Cue[];
  /** Plain-language problems with the reply, including "fewer than five cues". */
  readonly problems: readonly string[];
}

export interface FullResult extends Choice {
  readonly cueReading: CueReading;
  readonly cluemapInputs: CluemapInputs;
  readonly cluemap: Cluemap;
  /** The clue sets as the reasoning prompts read them. */
  readonly clueText: string;
  /** The direct answer, then the refined ones, in order. */
  readonly answers: readonly ModelAnswer[];
  /** The conversation a chat continues: the Chain-of-Region prompt and the model's answer. */
  readonly conversation: readonly ChatMessage[];
  /** True when the user stopped a generation; later questions were then not asked. */
  readonly stopped: boolean;
  readonly times: StageTimes;
}

export const CUE_MESSAGES: readonly ChatMessage[] = [
  { role: 'user', text: `${CUE_EXTRACTION_SYSTEM_PROMPT}\n\n${CUE_EXTRACTION_USER_PROMPT}`, withImage: true },
];

export async function runFullPipeline(inputs: FullInputs, services: PipelineServices): Promise<FullResult> {
  const times: StageTimes = {};

  const cueReading = await timedStage(services, times, 'cues', () => readCues(inputs, services), describeCues);
  let stopped = cueReading.stopped;

  const cluemapInputs = await timedStage(
    services,
    times,
    'cluemap',
    () => cluemapInputsFor(cueReading.cues, services),
    (made) => `${plural(made.cues.length, 'cue')} in ${plural(Math.min(3, made.cues.length), 'clue set')}`,
  );
  const cluemap = buildCluemap(cluemapInputs.cues, cluemapInputs.cuePatch, cluemapInputs.cueCue);
  const clueText = cluemap.clueSets.length === 0 ? '' : cluemapToText(cluemap);

  const answers: ModelAnswer[] = [];
  const conversation: ChatMessage[] = [];
  if (!stopped) {
    const direct = await timedStage(
      services,
      times,
      'reason',
      () => askForAnswer(services, [{ role: 'user', text: buildReasoningPrompt(clueText), withImage: true }], 'direct'),
      describeAnswer,
    );
    answers.push(direct);
    conversation.push({ role: 'user', text: direct.prompt, withImage: true }, { role: 'assistant', text: direct.reply, withImage: false });
    stopped = direct.stopped;
  }
  if (!stopped) {
    const references = { similar: inputs.retrieval.most, dissimilar: inputs.retrieval.least };
    await timedStage(
      services,
      times,
      'refine',
      async () => {
        for (const k of REFERENCE_COUNTS) {
          const prompt = buildRefinementPrompt(clueText, references, k);
          const answer = await askForAnswer(services, [{ role: 'user', text: prompt, withImage: true }], `refined-${k}`);
          answers.push(answer);
          if (answer.stopped) {
            stopped = true;
            break;
          }
        }
        return answers.slice(1);
      },
      (refined) => `${refined.filter((a) => a.parse.ok).length} of ${refined.length} answers usable`,
    );
  }

  const choice = await timedStage(
    services,
    times,
    'select',
    () => chooseAmong(answers, inputs.retrieval.most[0] ?? null, inputs.imageEmbedding, services, inputs.refined ? [candidateFromRefined(inputs.refined)] : [], inputs.region),
    (made) => (made.choice.final ? `${made.choice.final.label} chosen` : 'no candidate has a location'),
  );
  return { ...choice, cueReading: dropStopped(cueReading), cluemapInputs, cluemap, clueText, answers, conversation, stopped, times };
}

async function readCues(inputs: FullInputs, services: PipelineServices): Promise<CueReading & { stopped: boolean }> {
  if (inputs.cues !== undefined) {
    const problems = inputs.cues.length < MIN_CUES ? [`only ${inputs.cues.length} cues were given (at least ${MIN_CUES} help)`] : [];
    return { reply: null, cues: inputs.cues, problems, stopped: false };
  }
  const generation = await services.ask(CUE_MESSAGES, 'cues');
  const parsed = parseCueReply(generation.text);
  return { reply: generation.text, cues: parsed.cues, problems: parsed.problems, stopped: generation.stopped };
}

async function cluemapInputsFor(cues: readonly Cue[], services: PipelineServices): Promise<CluemapInputs> {
  if (cues.length === 0) return { cues, cuePatch: matrix(0, 0, []), cueCue: matrix(0, 0, []) };
  const { cuePatch, cueCue } = await services.cluemapMatrices(cues);
  return { cues, cuePatch, cueCue };
}

function dropStopped(reading: CueReading & { stopped: boolean }): CueReading {
  const { stopped: _stopped, ...rest } = reading;
  return rest;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function describeCues(reading: CueReading): string {
  const count = plural(reading.cues.length, 'cue');
  return reading.problems.length > 0 ? `${count}; ${reading.problems.join('; ')}` : count;
}

function describeAnswer(answer: ModelAnswer): string {
  if (!answer.parse.ok) return `no usable answer: ${answer.parse.reason}`;
  return answer.placedByGazetteer ? 'answer placed by the gazetteer' : 'answer with coordinates';
}
