// Where the cluemap command's cues come from: a file the user wrote (or a saved model reply),
// or the vision-language model looking at the photo.
import { parseCueReply, parseUserCues, type ParsedCues } from '../core/cluemap/parse-cues';
import { CliError } from './fail';
import { readText } from './files';

/** One cue per line ("Clock tower" or "(Clock tower, tall stone tower with a clock)"); a saved model reply also works. */
export function cuesFromFile(path: string): ParsedCues {
  const text = readText(path, 'Cues file');
  const typed = parseUserCues(text);
  const parsed = typed.cues.length > 0 ? typed : parseCueReply(text);
  if (parsed.cues.length === 0) throw new CliError(`Cues file ${path} holds no cues: write one per line, as "cue" or "(cue, description)".`);
  return parsed;
}

/**
 * SEAM(vlm): cue extraction by the vision-language model. When workers/node/vlm.ts lands
 * (loadVlm(...) and generate({ pixels, messages, maxNewTokens })), this should load the VLM from
 * `modelsDir`, send the cue prompt from src/core/cluemap/prompt.ts with the photo, and return
 * parseCueReply(reply). Until then it fails with one line that points at --cues.
 */
export async function cuesFromVlm(_image: string, _modelsDir: string): Promise<ParsedCues> {
  throw new CliError('cue extraction with the vision-language model is not wired into the command line yet; pass --cues FILE');
}
