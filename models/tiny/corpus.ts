// The text the tiny tokenizers learn their vocabularies from: words of the kind that cues use.
// Any text still tokenizes (CLIP's BPE falls back to bytes, WordPiece to single letters); the
// corpus only decides which words come out as one token.

export const TINY_CORPUS = `
a the of and in on with at by from to is are near over under behind beside along across
street road sign signs plate text letters reading written blue red green white black yellow
grey brown orange stone brick wooden glass metal concrete tiled roof roofs tower clock church
temple mosque bridge river lake sea coast beach harbour boat boats ship mountain mountains hill
hills forest trees palm pine grass field fields desert snow sky clouds cloudy sunny rain light
evening morning shadow shadows building buildings house houses shop shops market cafe window
windows door doors balcony balconies wall walls fence car cars bus taxi tram bicycle truck
traffic lane lanes left right side driving people person man woman clothing coat hat dress
shirt crowd flag flags pole poles lamp lamps wire wires sidewalk pavement square park garden
city town village old new tall small large round arch arches dome spire statue monument
station train railway platform parking mountainous tropical european asian african american
`;

/** The corpus as lower-case words, in order of first appearance. */
export function corpusWords(): string[] {
  const seen = new Set<string>();
  for (const word of TINY_CORPUS.toLowerCase().split(/\s+/)) if (word !== '') seen.add(word);
  return [...seen];
}
