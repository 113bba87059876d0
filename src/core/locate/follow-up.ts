// One chat turn (GaGA's interactive refinement): the user corrects or adds clues, the model
// answers again with the conversation so far, and the answer is chosen again among the earlier
// answers that still fit the user's stated facts, the new answer, and the top gallery place of a
// retrieval that already leaves out the ruled-out places.

import type { LatLon } from '../geo/types';
import type { PlaceConstraint } from '../reason/constraints';
import { buildFollowUpMessages, buildOpeningWithNote, type ChatMessage } from '../reason/prompt';
import type { SearchResult } from '../retrieve/search';
import { candidateFromAnswer, candidateFromMatch, type Candidate, type FinalChoice, type LocatedCandidate } from '../select/candidates';
import { askForAnswer, type ModelAnswer } from './answers';
import { chooseByEmbedding } from './choose';
import type { PipelineServices } from './services';
import { inArea } from '../region/area';

export interface FollowUpInputs {
  /** The conversation so far; empty when no answer was asked for yet (fast mode). */
  readonly conversation: readonly ChatMessage[];
  /** The clue sets, for a chat that starts without a conversation. */
  readonly clueText: string;
  readonly message: string;
  /** Every constraint in force, including any read from this message. */
  readonly constraints: readonly PlaceConstraint[];
  /** 1 for the first chat message. */
  readonly turn: number;
  readonly imageEmbedding: Float32Array;
  /** A retrieval that already honours the constraints. */
  readonly retrieval: SearchResult;
  /** The candidates of the last choice. */
  readonly previous: readonly Candidate[];
  /** ISO alpha-2 code of each point's country, or null at sea. */
  countryOf(points: readonly LatLon[]): Promise<(string | null)[]>;
}

export interface RuledOut {
  readonly candidate: LocatedCandidate;
  /** The constraint it breaks, as shown to the user ("Not France"). */
  readonly because: string;
}

export interface FollowUpResult {
  readonly answer: ModelAnswer;
  readonly choice: FinalChoice;
  readonly ruledOut: readonly RuledOut[];
  readonly conversation: readonly ChatMessage[];
}

export async function runFollowUp(inputs: FollowUpInputs, services: PipelineServices): Promise<FollowUpResult> {
  const messages: ChatMessage[] =
    inputs.conversation.length === 0
      ? [{ role: 'user', text: buildOpeningWithNote(inputs.clueText, inputs.message, inputs.constraints), withImage: true }]
      : buildFollowUpMessages({ history: inputs.conversation, message: inputs.message, constraints: inputs.constraints });
  const answer = await askForAnswer(services, messages, `follow-up-${inputs.turn}`);

  const earlier = inputs.previous.filter((candidate) => candidate.source !== 'retrieval');
  const { kept, ruledOut } = await sortByConstraints(earlier, inputs.constraints, inputs.countryOf);
  const candidates: Candidate[] = [
    ...kept,
    candidateFromAnswer(`follow-up-${inputs.turn}`, answer.parse),
    candidateFromMatch(inputs.retrieval.most[0] ?? null),
  ];
  const choice = await chooseByEmbedding(candidates, inputs.imageEmbedding, services);
  const conversation = [...messages, { role: 'assistant' as const, text: answer.reply, withImage: false }];
  return { answer, choice, ruledOut, conversation };
}

/** Splits located candidates into those that fit the country constraints and those that break one. */
export async function sortByConstraints(
  candidates: readonly Candidate[],
  constraints: readonly PlaceConstraint[],
  countryOf: FollowUpInputs['countryOf'],
): Promise<{ kept: Candidate[]; ruledOut: RuledOut[] }> {
  const countryRules = constraints.filter((c) => c.kind === 'exclude-country' || c.kind === 'require-country' || c.kind === 'in-area');
  const located = candidates.filter((c): c is LocatedCandidate => c.ok);
  if (countryRules.length === 0 || located.length === 0) return { kept: [...candidates], ruledOut: [] };

  const codes = await countryOf(located.map((c) => ({ lat: c.lat, lon: c.lon })));
  const brokenBy = new Map<Candidate, string>();
  located.forEach((candidate, i) => {
    const area = countryRules.find((r) => r.kind === 'in-area' && !inArea(r.area, candidate.lat, candidate.lon));
    const broken = area ? area.label : brokenRule(codes[i] ?? null, countryRules);
    if (broken !== null) brokenBy.set(candidate, broken);
  });
  return {
    kept: candidates.filter((c) => !brokenBy.has(c)),
    ruledOut: located.flatMap((c) => (brokenBy.has(c) ? [{ candidate: c, because: brokenBy.get(c)! }] : [])),
  };
}

function brokenRule(code: string | null, rules: readonly PlaceConstraint[]): string | null {
  const upper = code?.toUpperCase() ?? null;
  const excluded = rules.find((r) => r.kind === 'exclude-country' && r.countryCode === upper);
  if (excluded) return excluded.label;
  const required = rules.filter((r) => r.kind === 'require-country');
  if (required.length > 0 && !required.some((r) => r.kind === 'require-country' && r.countryCode === upper)) {
    return required.map((r) => r.label).join(' or ');
  }
  return null;
}
