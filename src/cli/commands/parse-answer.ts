// Reads a model's location answer on stdin and prints it normalised, as one JSON line: the
// names it gives, one coordinate pair (its own, or the gazetteer's for the place it names),
// and what the offline place data says lies at that pair.
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
  parseOptions(args, {});
  const parsed = parseAnswer(await readStdin());
  if (!parsed.ok) throw new CliError(parsed.reason, 2);
  const places = await loadPlacesNode();
  const hit = parsed.needsGazetteer ? findAnswerPlace(parsed.answer, places.gazetteer) : null;
  const placed = placeAnswer(parsed, places.gazetteer);
  if (!placed.ok) throw new CliError(placed.reason, 2);
  if (placed.needsGazetteer) throw new Error('the gazetteer left the answer without coordinates');
  const { answer } = placed;
  const at = places.geocoder.placeAt(answer);
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
    at: { ...at, label: placeLabel(at) },
  };
  process.stdout.write(`${JSON.stringify(output)}\n`);
  return 0;
}
