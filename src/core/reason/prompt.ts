import type { LatLon } from '../geo/types';
import type { PlaceConstraint } from './constraints';
import { countryByCode } from './countries';

/** How many similar and dissimilar reference places each refinement prompt shows (after G3). */
export const REFERENCE_COUNTS = [5, 10, 15] as const;

export interface ReferencePlaces {
  /** Gallery places most like the photo, most alike first (a retrieval's `most`). */
  readonly similar: readonly LatLon[];
  /** Gallery places least like the photo, least alike first (a retrieval's `least`). */
  readonly dissimilar: readonly LatLon[];
}

export interface ChatMessage {
  readonly role: 'user' | 'assistant';
  readonly text: string;
  /** True on the message the photo is attached to (the first user message). */
  readonly withImage: boolean;
}

export interface FollowUp {
  /** The conversation so far, oldest first, starting with the first prompt and the model's answer. */
  readonly history: readonly ChatMessage[];
  /** What the user just wrote: a correction, a hint or a question. */
  readonly message: string;
  /** Hard facts already stated (including any read from `message`). */
  readonly constraints?: readonly PlaceConstraint[];
}

/**
 * The Chain-of-Region prompt: the model narrows country -> region -> city -> landmark ->
 * coordinates, consulting the clue sets in their order of importance, and ends with one JSON
 * answer. `clueSets` is the serialised clue-set block, or '' when there are none.
 */
export function buildReasoningPrompt(clueSets: string): string {
  return [INTRO, clueSection(clueSets), steps(clueSets.trim() !== ''), ANSWER_FORMAT].join('\n\n');
}

/**
 * The same prompt with reference places from the coordinate index: the first `k` places that
 * look like the photo and the first `k` that do not (k = 5, 10, 15 in the method). The direct
 * answer is deliberately not shown, so that each prompt gives an independent estimate.
 */
export function buildRefinementPrompt(clueSets: string, references: ReferencePlaces, k: number): string {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive whole number (got ${k}).`);
  return [
    INTRO,
    clueSection(clueSets),
    referenceSection(references.similar.slice(0, k), references.dissimilar.slice(0, k)),
    steps(clueSets.trim() !== ''),
    ANSWER_FORMAT,
  ].join('\n\n');
}

/**
 * The messages for a follow-up turn (GaGA's interactive correction): the conversation so far,
 * then the user's new message wrapped in instructions to reconsider and answer again in the
 * same JSON, saying what changed and why.
 */
export function buildFollowUpMessages(followUp: FollowUp): ChatMessage[] {
  const { history, message, constraints = [] } = followUp;
  if (history.length === 0) throw new RangeError('A follow-up needs the conversation so far, starting with the first prompt.');
  const turn = [
    `The user replies:\n"""\n${message.trim()}\n"""`,
    constraintSection(constraints),
    FOLLOW_UP_STEPS,
    ANSWER_FORMAT,
  ]
    .filter((part) => part !== '')
    .join('\n\n');
  const earlier = history.map((entry, index) => ({ ...entry, withImage: index === 0 && entry.role === 'user' }));
  return [...earlier, { role: 'user', text: turn, withImage: false }];
}

/**
 * The first message of a chat that starts before any answer exists (fast mode): the
 * Chain-of-Region prompt with the user's note and stated facts added before the answer format.
 */
export function buildOpeningWithNote(clueSets: string, message: string, constraints: readonly PlaceConstraint[] = []): string {
  return [
    INTRO,
    clueSection(clueSets),
    `The user adds:\n"""\n${message.trim()}\n"""`,
    constraintSection(constraints),
    steps(clueSets.trim() !== ''),
    ANSWER_FORMAT,
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

const INTRO =
  'Work out where this photo was taken. Base every step on something you can actually see in ' +
  'the photo or read in the clue sets below; say so when a clue is weak or could fit many places.';

function clueSection(clueSets: string): string {
  const block = clueSets.trim();
  if (block === '') return 'No clue sets were extracted for this photo, so rely on the photo itself.';
  return `Clue sets from the photo, the most important first:\n${block}`;
}

function steps(hasClues: boolean): string {
  const source = (set: number, fallback: string) => (hasClues ? `clue set ${set} and the photo` : fallback);
  return [
    'Reason from the largest area to the smallest, one level at a time:',
    `1. Country: from ${source(1, 'the clearest clues in the photo')}, list the countries that fit and pick the most likely.`,
    `2. Region: add ${source(2, 'the remaining clues')} to narrow it to a state, province or region of that country.`,
    `3. City: add ${source(3, 'the finest details')} to settle on a city or town.`,
    '4. Landmark: name the building, monument or site in view if you recognise it; otherwise leave it null.',
    '5. Coordinates: give the latitude and longitude of the most precise level you reached. If you cannot ' +
      'name a city, use the centre of the region; if you cannot name a region either, the centre of the country.',
    'Keep the reasoning brief.',
  ].join('\n');
}

function referenceSection(similar: readonly LatLon[], dissimilar: readonly LatLon[]): string {
  return [
    'Reference places from a large collection of geotagged coordinates, ranked by how well their ' +
      'typical scenery matches this photo. Treat them as evidence, not as answers: the photo is ' +
      'probably close to places like the first list and far from places like the second. Your ' +
      'answer does not have to be one of them.',
    `Places that look like this photo (${similar.length}, most alike first):\n${numbered(similar)}`,
    `Places that do not look like this photo (${dissimilar.length}, least alike first):\n${numbered(dissimilar)}`,
  ].join('\n\n');
}

function numbered(places: readonly LatLon[]): string {
  if (places.length === 0) return '(none)';
  return places.map((place, index) => `${index + 1}. ${place.lat.toFixed(4)}, ${place.lon.toFixed(4)}`).join('\n');
}

function constraintSection(constraints: readonly PlaceConstraint[]): string {
  const names = (kind: PlaceConstraint['kind']) =>
    constraints.flatMap((c) => (c.kind === kind && (c.kind === 'exclude-country' || c.kind === 'require-country') ? [countryByCode(c.countryCode)?.name ?? c.countryCode] : []));
  const lines: string[] = [];
  const ruledOut = names('exclude-country');
  const required = names('require-country');
  if (ruledOut.length > 0) lines.push(`- It is not in: ${ruledOut.join(', ')}.`);
  if (required.length === 1) lines.push(`- It is in ${required[0]}.`);
  if (required.length > 1) lines.push(`- It is in one of: ${required.join(', ')}.`);
  if (constraints.some((c) => c.kind === 'near-coast')) lines.push('- It is near a coast.');
  for (const c of constraints) if (c.kind === 'in-area' || c.kind === 'require-region') lines.push(`- ${c.label}.`);
  return lines.length === 0 ? '' : `Facts the user has stated; take them as true:\n${lines.join('\n')}`;
}

const FOLLOW_UP_STEPS = [
  'Reconsider your previous answer in the light of this message and the conversation so far:',
  '- If the user asks a question, answer it from what is visible in the photo first.',
  '- Treat facts the user states about the place as true, and look at the photo again for clues you missed.',
  '- Go through the levels again (country, region, city, landmark, coordinates) and change only what the new information affects.',
  '- Make the first reason say what changed and why, or why the answer stands.',
].join('\n');

const ANSWER_FORMAT = [
  'Finish with exactly one JSON object and nothing after it, in this form:',
  '```json',
  '{"country": "<country name>", "country_code": "<ISO 3166-1 alpha-2 code>", "region": "<state, province or region>", ' +
    '"city": "<city or town>", "landmark": "<landmark name, or null>", "lat": <latitude>, "lon": <longitude>, ' +
    '"reasons": ["<a clue and the place it points to>", "..."]}',
  '```',
  'Rules for the answer:',
  '- lat and lon are decimal degrees with at least four decimal places; south and west are negative.',
  '- Give one coordinate pair only: no alternatives, no ranges, and no other coordinates anywhere in your reply.',
  '- Always commit to a best estimate. Only the landmark may be null, when you cannot identify one.',
].join('\n');
