// The cue-extraction prompt. It is written for very small vision-language models
// (a few hundred million parameters): short sentences, one concrete example, one line
// per cue. It asks for observations only; naming the place here would let a wrong first
// guess steer every later step, so the place is left to the reasoning stage.

/** The prompt asks for at least this many cues; the parser reports replies with fewer. */
export const MIN_CUES = 5;

/** What to look for. Guidance only: the prompt says other details are welcome. */
export const CUE_CATEGORIES: readonly { readonly name: string; readonly hint: string }[] = [
  { name: 'Landmarks', hint: 'notable buildings, monuments, bridges, towers and other structures' },
  { name: 'Natural landscape', hint: 'mountains, coast, rivers, plants, soil' },
  { name: 'Scene type', hint: 'city street, village, countryside, indoors' },
  { name: 'Readable text', hint: 'signs, shop names, posters; copy the words exactly as written' },
  { name: 'Vehicles', hint: 'kinds of cars, buses and taxis, which side of the road they drive on, number plates' },
  { name: 'People', hint: 'clothing and what people are doing' },
  { name: 'Atmosphere', hint: 'weather, light, season, overall style' },
];

/** The one example line the prompt shows. Models sometimes copy it; the parser drops it. */
export const EXAMPLE_CUE = { text: 'Street lamp', description: 'tall black metal lamp post with a curved arm' } as const;

export const CUE_EXTRACTION_SYSTEM_PROMPT =
  'You describe photos for a geolocation tool. You report only what is visible. You never say where a photo was taken.';

export const CUE_EXTRACTION_USER_PROMPT = [
  'List the things you can see in this photo that could help work out where it was taken.',
  `Give at least ${MIN_CUES}, one per line, written as (cue, description). Example:`,
  `(${EXAMPLE_CUE.text}, ${EXAMPLE_CUE.description})`,
  'Look for:',
  ...CUE_CATEGORIES.map((category) => `- ${category.name}: ${category.hint}`),
  'Anything else that could help is welcome too.',
  'Describe only what you see. Do not name or guess the country, city or place.',
].join('\n');
