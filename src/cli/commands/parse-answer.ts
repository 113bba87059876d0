// Reads a model's location answer on stdin and prints it normalised, as one JSON line: the
// names it gives, one coordinate pair (its own, or the gazetteer's for the place it names),
// and what the offline place data says lies at that pair. With --jsonl, stdin holds many
// replies, one JSON string a line, and each gets one JSON line back in the same order.
import { placeLabel } from '../../core/place/label';
import { findAnswerPlace, placeAnswer } from '../../core/place/place-answer';
import { parseAnswer } from '../../core/reason/parse-answer';
import { loadPlacesNode } from '../../../workers/node/places';
import { CliError, usageError } from '../fail';
import { parseOptions } from '../main';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw usageError('pipe the model answer in on stdin');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function parseAnswerCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { jsonl: { type: 'boolean' } });
  const input = await readStdin();
  const places = await loadPlacesNode();
  if (!values.jsonl) {
    const read = readAnswer(input, places);
    if (!read.ok) throw new CliError(read.reason, 2);
    process.stdout.write(`${JSON.stringify(read.output)}\n`);
    return 0;
  }
  const lines = input.split(/\r?\n/).filter((line) => line.trim() !== '');
  const replies = lines.map((line, index) => {
    let reply: unknown;
    try {
      reply = JSON.parse(line);
    } catch {
      reply = undefined;
    }
    if (typeof reply !== 'string') throw usageError(`line ${index + 1} of the --jsonl input is not a JSON string`);
    return reply;
  });
  for (const reply of replies) {
    const read = readAnswer(reply, places);
    const line = read.ok ? { ok: true, ...read.output } : { ok: false, problem: read.problem, error: read.reason };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  return 0;
}

type PlacesNode = Awaited<ReturnType<typeof loadPlacesNode>>;
type Read = { ok: true; output: Record<string, unknown> } | { ok: false; problem: string; reason: string };

function readAnswer(reply: string, places: PlacesNode): Read {
  const parsed = parseAnswer(reply);
  if (!parsed.ok) return parsed;
  const hit = parsed.needsGazetteer ? findAnswerPlace(parsed.answer, places.gazetteer) : null;
  const placed = placeAnswer(parsed, places.gazetteer);
  if (!placed.ok) return placed;
  if (placed.needsGazetteer) throw new Error('the gazetteer left the answer without coordinates');
  const { answer } = placed;
  const at = places.geocoder.placeAt(answer);
  const namedInProse = answer.namedInProse ?? null;
  const output = {
    country: answer.country,
    countryCode: answer.countryCode,
    region: answer.region,
    city: answer.city,
    landmark: answer.landmark,
    lat: answer.lat,
    lon: answer.lon,
    coordinateSource: answer.coordinateSource,
    reasons: answer.reasons,
    gazetteer: hit && { level: hit.level, name: hit.name, countryCode: hit.countryCode, region: hit.region },
    namedInProse,
    note: hit && gazetteerNote(hit.level, hit.name, namedInProse),
    at: { ...at, label: placeLabel(at) },
  };
  return { ok: true, output };
}

function gazetteerNote(level: string, name: string, namedInProse: string | null): string {
  const where = namedInProse === null ? 'the place it names' : `the place its text names ("${namedInProse}")`;
  return `The reply gives no usable coordinates; the offline gazetteer placed ${where} at the ${level} ${name}.`;
}
