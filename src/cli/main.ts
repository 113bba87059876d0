import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError, oneLine, usageError } from './fail';

const HELP = `whereabouts: geolocate photos on this machine, nothing uploaded.

  whereabouts index build --coords FILE.csv --model DIR_OR_HUB_ID --out FILE [--element int8|fp16] [--gallery-name NAME] [--created-at ISO]
  whereabouts index build --coords FILE.csv --embeddings FILE.f32|FILE.npy --out FILE [--encoder ID[@REVISION]]
  whereabouts index query --index FILE --vector FILE.f32 [-k 15] [--json] [REGION]
  whereabouts index grid (--bbox S,W,N,E | --within LAT,LON,KM | --country CC[,CC...]) --spacing-km N --out FILE.csv
  whereabouts locate IMAGE... --models DIR --index FILE [--mode fast|full] [--refine] [--vlm KEY|DIR] [--tokens N] [-k 15] [--shard K/N] [--json] [REGION]
  whereabouts metrics --pred FILE.csv --truth FILE.csv [--json]
  whereabouts cluemap IMAGE --models DIR [--cues FILE | --vlm KEY|DIR] [--tokens N] [--clip KEY|DIR] [--embedder KEY|DIR] [--json] [--explain]
  whereabouts eval MANIFEST.csv --images DIR --models DIR --index FILE [--mode fast|full] [--refine] [--shard K/N] [--out PREDICTIONS.csv] [--json]
  whereabouts eval MANIFEST.csv --merge PREDICTIONS.csv... [--mode fast|full] [--json]
  whereabouts parse-answer [--jsonl] < ANSWER.txt

  REGION restricts the search (fast mode): --bbox S,W,N,E (degrees; W > E crosses the antimeridian),
  --within LAT,LON,KM, --country CC[,CC...] (ISO 3166-1 alpha-2). A region with no index place is an error.
`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  'index build': async () => (await import('./commands/index-build')).indexBuild,
  'index query': async () => (await import('./commands/index-query')).indexQuery,
  'index grid': async () => (await import('./commands/index-grid')).indexGrid,
  locate: async () => (await import('./commands/locate')).locate,
  metrics: async () => (await import('./commands/metrics')).metrics,
  eval: async () => (await import('./commands/eval')).evaluate,
  cluemap: async () => (await import('./commands/cluemap')).cluemap,
  'parse-answer': async () => (await import('./commands/parse-answer')).parseAnswerCommand,
};

/** parseArgs with errors turned into one-line usage errors. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: withNegativeValues(args, options), options, allowPositionals, strict: true });
  } catch (error) {
    throw usageError(oneLine(error));
  }
}

/** "--bbox -25,170,-10,-170": a value that starts with a minus sign is still the option's value. */
function withNegativeValues(args: string[], options: NonNullable<ParseArgsConfig['options']>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : null;
    const next = args[i + 1];
    if (name !== null && options[name]?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

export function required<T>(value: T | undefined, flag: string): T {
  if (value === undefined || value === '') throw usageError(`missing ${flag}`);
  return value;
}

export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(HELP);
    return argv.length === 0 ? 2 : 0;
  }
  const name = argv[0] === 'index' ? `index ${argv[1] ?? ''}` : argv[0]!;
  const rest = argv.slice(argv[0] === 'index' ? 2 : 1);
  const load = commands[name];
  try {
    if (!load) throw usageError(`unknown command '${name.trim()}'`);
    return await (await load())(rest);
  } catch (error) {
    process.stderr.write(`whereabouts: ${oneLine(error)}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}
