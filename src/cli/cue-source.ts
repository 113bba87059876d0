// Where the cluemap command's cues come from: a file the user wrote (or a saved model reply),
// or the vision-language model looking at the photo.
import { parseCueReply, parseUserCues, type ParsedCues } from '../core/cluemap/parse-cues';
import { CUE_MESSAGES } from '../core/locate/full';
import { decodePhotoForVlm, loadVlmNode } from '../../workers/node/vlm';
import { CliError } from './fail';
import { readBytes, readText } from './files';
import { DEFAULT_MAX_NEW_TOKENS, findVlm } from './full';

/** One cue per line ("Clock tower" or "(Clock tower, tall stone tower with a clock)"); a saved model reply also works. */
export function cuesFromFile(path: string): ParsedCues {
  const text = readText(path, 'Cues file');
  const typed = parseUserCues(text);
  const parsed = typed.cues.length > 0 ? typed : parseCueReply(text);
  if (parsed.cues.length === 0) throw new CliError(`Cues file ${path} holds no cues: write one per line, as "cue" or "(cue, description)".`);
  return parsed;
}

/** Asks the vision-language model (the first one under `modelsDir`, or `choice`) for the photo's cues. */
export async function cuesFromVlm(image: string, modelsDir: string, choice?: string, maxNewTokens = DEFAULT_MAX_NEW_TOKENS): Promise<ParsedCues & { reply: string }> {
  const vlm = await loadVlmNode(findVlm(modelsDir, choice));
  try {
    const pixels = await decodePhotoForVlm(readBytes(image, 'Image'));
    const result = await vlm.generate({ pixels, messages: CUE_MESSAGES.map(({ role, text }) => ({ role, text })), maxNewTokens });
    return { ...parseCueReply(result.text), reply: result.text };
  } finally {
    await vlm.dispose();
  }
}
