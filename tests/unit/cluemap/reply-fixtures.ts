// Replies of the kind small vision-language models really write when asked for
// (cue, description) pairs. Each names the cue texts the parser should find, in order,
// and problems it should report (substrings).

export interface ReplyFixture {
  readonly name: string;
  readonly reply: string;
  /** Cue texts expected, in order. */
  readonly texts: readonly string[];
  /** Descriptions to check, by cue text. */
  readonly descriptions?: Readonly<Record<string, string>>;
  /** Substrings, each of which must appear in some problem. */
  readonly problems?: readonly string[];
}

const fence = '```';

export const REPLY_FIXTURES: readonly ReplyFixture[] = [
  {
    name: 'tuples, one per line, as asked',
    reply: `(Clock tower, tall sandstone tower with a round white clock face)
(Street sign, blue enamel plate reading "Rue de la Paix")
(Cars, small hatchbacks parked on the right side of the street)
(Weather, overcast sky with soft light)
(Shop front, green awning with gold lettering "BOULANGERIE")`,
    texts: ['Clock tower', 'Street sign', 'Cars', 'Weather', 'Shop front'],
    descriptions: { 'Street sign': 'blue enamel plate reading "Rue de la Paix"', Weather: 'overcast sky with soft light' },
  },
  {
    name: 'preamble, numbered tuples and a closing remark',
    reply: `Sure! Here are the cues I found in the image:

1. (Palm trees, tall slender palms lining the road)
2. (Road markings, solid yellow centre line)
3. (Billboard, large sign with the words "Se Vende" in red)
4. (Architecture, low white stucco houses with flat roofs)
5. (Sky, clear blue sky and strong midday sun)

I hope this helps! Let me know if you need anything else.`,
    texts: ['Palm trees', 'Road markings', 'Billboard', 'Architecture', 'Sky'],
    descriptions: { Billboard: 'large sign with the words "Se Vende" in red' },
  },
  {
    name: 'numbered cue: description',
    reply: `1. Mountains: snow-capped peaks in the background
2. Vegetation: dense conifer forest on the slopes
3. Scene type: rural valley with scattered wooden chalets
4. Road sign: yellow diamond sign with a black cow
5. Vehicles: a red tractor driving on the right`,
    texts: ['Mountains', 'Vegetation', 'Scene type', 'Road sign', 'Vehicles'],
    descriptions: { 'Road sign': 'yellow diamond sign with a black cow' },
  },
  {
    name: 'markdown bullets with bold keys and a hyphen separator',
    reply: `Here are the geographic cues:

- **Double-decker bus** - bright red bus with an advertisement on the side
- **Black cab** - a classic black taxi driving on the left side of the road
- **Brick terraces** - rows of red brick houses with white window frames
* **Post box** - cylindrical red pillar box
• **Drizzle** - wet pavement and grey clouds`,
    texts: ['Double-decker bus', 'Black cab', 'Brick terraces', 'Post box', 'Drizzle'],
    descriptions: { 'Black cab': 'a classic black taxi driving on the left side of the road' },
  },
  {
    name: 'bold key with the colon inside the bold',
    reply: `1. **Temple:** ornate red and gold roof with curved eaves
2. **Script on signs:** vertical signs written in Chinese characters "福 满 楼"
3. **Scooters:** dozens of motor scooters parked along the pavement
4. **Humidity:** hazy air and lush green plants
5. **Lanterns:** strings of red paper lanterns above the street`,
    texts: ['Temple', 'Script on signs', 'Scooters', 'Humidity', 'Lanterns'],
    descriptions: { 'Script on signs': 'vertical signs written in Chinese characters "福 满 楼"' },
  },
  {
    name: 'JSON array of objects in a code fence',
    reply: `${fence}json
[
  {"cue": "Minaret", "description": "slender white tower with a green dome"},
  {"cue": "Arabic signage", "description": "shop sign with Arabic script and the number 24"},
  {"cue": "Desert", "description": "sandy ground and dry shrubs"},
  {"cue": "Taxi", "description": "white and orange sedan taxi"},
  {"cue": "Clothing", "description": "men in long white robes"}
]
${fence}`,
    texts: ['Minaret', 'Arabic signage', 'Desert', 'Taxi', 'Clothing'],
    descriptions: { Taxi: 'white and orange sedan taxi' },
  },
  {
    name: 'JSON cut off in the middle of an object',
    reply: `[{"cue": "Harbour", "description": "small fishing boats moored at a stone quay"}, {"cue": "Houses", "description": "colourful painted wooden houses"}, {"cue": "Fjord", "description": "steep rock walls dropping into calm water"}, {"cue": "Flag", "descr`,
    texts: ['Harbour', 'Houses', 'Fjord', 'Flag'],
    problems: ['cut off', 'only 4 usable cues (at least 5 were asked for)', '1 of 4 cues has no description'],
  },
  {
    name: 'JSON wrapped in an object with a cues array',
    reply: `{"cues": [{"name": "Cathedral", "details": "gothic facade with twin spires"}, {"name": "Tram", "details": "yellow tram on rails in the street"}, {"name": "Cobblestones", "details": "grey granite setts"}, {"name": "Cafe tables", "details": "outdoor seating under umbrellas"}, {"name": "Light", "details": "low golden evening sun"}]}`,
    texts: ['Cathedral', 'Tram', 'Cobblestones', 'Cafe tables', 'Light'],
    descriptions: { Tram: 'yellow tram on rails in the street' },
  },
  {
    name: 'JSON object mapping cue to description',
    reply: `{
  "Rice terraces": "stepped green paddies on a hillside",
  "Water buffalo": "grey buffalo standing in a flooded field",
  "Conical hats": "farmers wearing woven conical hats",
  "Humid haze": "mist over distant hills",
  "Thatched hut": "small hut with a palm-leaf roof",
}`,
    texts: ['Rice terraces', 'Water buffalo', 'Conical hats', 'Humid haze', 'Thatched hut'],
  },
  {
    name: 'Python list of tuples with single quotes and an apostrophe',
    reply: `[('Diner', "roadside diner with a chrome finish and a neon sign reading 'Joe's'"), ('Pickup truck', 'large pickup truck with a US-style plate'), ('Desert highway', 'straight two-lane road across flat desert'), ('Cacti', 'tall saguaro cacti'), ('Sky', 'cloudless blue sky')]`,
    texts: ['Diner', 'Pickup truck', 'Desert highway', 'Cacti', 'Sky'],
    descriptions: { Diner: "roadside diner with a chrome finish and a neon sign reading 'Joe's'" },
  },
  {
    name: 'several tuples run on in one line',
    reply: `(Windmill, white windmill with four sails), (Canal, narrow canal with brick edges) (Bicycles, many bicycles parked by a railing); (Tulips, rows of red and yellow tulips) (Flat land, very flat green fields to the horizon)`,
    texts: ['Windmill', 'Canal', 'Bicycles', 'Tulips', 'Flat land'],
    descriptions: { Canal: 'narrow canal with brick edges' },
  },
  {
    name: 'numbered items run on in one line, after a preamble',
    reply: `Here are the cues: 1. Pagoda: five-storey wooden pagoda 2. Torii gate: bright orange gate at the entrance 3. Vending machines: a row of drink vending machines 4. Kanji sign: sign reading "駐車場" 5. Cherry blossom: pink blossom on the trees`,
    texts: ['Pagoda', 'Torii gate', 'Vending machines', 'Kanji sign', 'Cherry blossom'],
    descriptions: { 'Kanji sign': 'sign reading "駐車場"' },
  },
  {
    name: 'category headings with cues as sub-bullets',
    reply: `1. Landmark buildings:
   - Onion domes: colourful onion-shaped domes on a church
2. Natural landscape:
   - Birch trees: white-barked birches along the road
3. Readable text:
   - Shop sign: Cyrillic letters reading "АПТЕКА"
4. Vehicles:
   - Lada: an old boxy sedan
5. Atmosphere:
   - Snow: snow piled at the roadside, grey winter light`,
    texts: ['Onion domes', 'Birch trees', 'Shop sign', 'Lada', 'Snow'],
    descriptions: { 'Shop sign': 'Cyrillic letters reading "АПТЕКА"' },
  },
  {
    name: 'Cue and Description on separate labelled lines',
    reply: `Cue: Lighthouse
Description: red and white striped lighthouse on a rocky point

Cue: Heather
Description: purple heather covering the hills

Cue: Sheep
Description: sheep grazing by a stone wall

Cue: Weather
Description: windy, low grey clouds`,
    texts: ['Lighthouse', 'Heather', 'Sheep', 'Weather'],
    descriptions: { Heather: 'purple heather covering the hills' },
    problems: ['only 4 usable cues'],
  },
  {
    name: 'bold headings with the description on the next line',
    reply: `**Colonial church**
A whitewashed church with a single bell tower and blue trim.

**Street vendors**
Women in colourful layered skirts and bowler hats selling fruit.

**Andes**
High brown mountains behind the town.`,
    texts: ['Colonial church', 'Street vendors', 'Andes'],
    descriptions: { Andes: 'High brown mountains behind the town' },
    problems: ['only 3 usable cues (at least 5 were asked for)'],
  },
  {
    name: 'duplicates differing in case, spacing and punctuation',
    reply: `(Red bus, double-decker bus)
(red  bus, Double-decker bus.)
(Phone box, red telephone box)
(PHONE BOX, red telephone box)
(Red bus, double-decker bus)
(River, wide river with a stone bridge)`,
    texts: ['Red bus', 'Phone box', 'River'],
    problems: ['dropped 3 duplicate cues', 'only 3 usable cues'],
  },
  {
    name: 'a location guess mixed into the cues',
    reply: `- Eiffel-like tower: tall iron lattice tower in the distance
- Boulevard: wide tree-lined avenue with cream stone buildings
- Location: Paris, France
- Metro sign: green art nouveau entrance reading "Metropolitain"
- Cafe: small round tables on the pavement
- Scooter: a small grey scooter`,
    texts: ['Eiffel-like tower', 'Boulevard', 'Metro sign', 'Cafe', 'Scooter'],
    problems: ['ignored a location guess ("Location: Paris, France")'],
  },
  {
    name: 'stray quotes, backticks and trailing commas',
    reply: `"Gondola": "long black boat with a rower standing at the back",
\`Canal\`: "green water between old buildings
'Bridge': stone arched footbridge",
"Bell tower: tall brick campanile",
Washing lines: "laundry hanging between windows"`,
    texts: ['Gondola', 'Canal', 'Bridge', 'Bell tower', 'Washing lines'],
    descriptions: {
      Gondola: 'long black boat with a rower standing at the back',
      Canal: 'green water between old buildings',
      Bridge: 'stone arched footbridge',
      'Bell tower': 'tall brick campanile',
      // Quotes around a description without a quoted key may mark copied sign text, so they stay.
      'Washing lines': '"laundry hanging between windows"',
    },
  },
  {
    name: 'a markdown table',
    reply: `| Cue | Description |
|-----|-------------|
| Baobab | huge baobab tree with a thick trunk |
| Red soil | dusty red earth road |
| Minibus | crowded white minibus taxi |
| Market | stalls selling fruit under tarpaulins |
| Heat | harsh sun and dry air |`,
    texts: ['Baobab', 'Red soil', 'Minibus', 'Market', 'Heat'],
    descriptions: { Minibus: 'crowded white minibus taxi' },
  },
  {
    name: 'nothing at all',
    reply: '',
    texts: [],
    problems: ['no usable cues (at least 5 were asked for)'],
  },
  {
    name: 'a refusal in prose',
    reply: "I'm sorry, but I can't determine where this photo was taken.",
    texts: [],
    problems: ['no usable cues'],
  },
  {
    name: 'prose only, no list',
    reply:
      'The image shows a busy street with many people walking. There are tall buildings on both sides and some cars in the distance. The weather appears to be sunny.',
    texts: [],
    problems: ['no usable cues'],
  },
  {
    name: 'the example and the category list copied from the prompt',
    reply: `(Street lamp, tall black metal lamp post with a curved arm)
- Vehicles: kinds of cars, buses and taxis, which side of the road they drive on, number plates
(Wind turbines, three white wind turbines on a ridge)
(Hedges, fields divided by hedgerows)`,
    texts: ['Wind turbines', 'Hedges'],
    problems: ['dropped 2 lines copied from the prompt', 'only 2 usable cues'],
  },
  {
    name: 'entries that saw nothing',
    reply: `1. Landmarks: none visible
2. Natural landscape: sandy beach with turquoise water
3. Readable text: No readable text visible.
4. Vehicles: N/A
5. Scene type: tropical beach resort
6. People: swimmers in bathing suits`,
    texts: ['Natural landscape', 'Scene type', 'People'],
    problems: ['skipped 3 entries that saw nothing'],
  },
  {
    name: 'degenerate repetition at the token limit',
    reply: `1. (Lake, calm blue lake)
2. (Pine forest, dark green pines)
3. (Cabin, red wooden cabin)
4. (Cabin, red wooden cabin)
5. (Cabin, red wooden cabin)
6. (Cabin, red wooden cabin)
7. (Cabin, red wooden ca`,
    texts: ['Lake', 'Pine forest', 'Cabin'],
    problems: ['cut off', 'dropped 4 duplicate cues', 'only 3 usable cues'],
  },
  {
    name: 'tuples with commas and parentheses inside the description',
    reply: `(Skyscraper, a very tall glass tower (about 80 floors), with a spire)
(Highway, six-lane road, cars driving on the right)
(Sign, green sign reading "Exit 12 (Downtown)")
(Palm trees, short fan palms)
(Heat haze, shimmering air over the road)`,
    texts: ['Skyscraper', 'Highway', 'Sign', 'Palm trees', 'Heat haze'],
    descriptions: {
      Skyscraper: 'a very tall glass tower (about 80 floors), with a spire',
      Sign: 'green sign reading "Exit 12 (Downtown)"',
    },
  },
  {
    name: 'plain short lines with no separators',
    reply: `Red double-decker bus
Black taxi
Big clock tower
River with a bridge
Grey clouds`,
    texts: ['Red double-decker bus', 'Black taxi', 'Big clock tower', 'River with a bridge', 'Grey clouds'],
    problems: ['5 of 5 cues have no description'],
  },
  {
    name: 'a reasoning block and chat-template tokens around the list',
    reply: `<think>The user wants cues. I see a mosque, maybe Istanbul.</think>
Assistant: (Mosque, large domed mosque with four minarets)
(Ferry, white ferry crossing a strait)
(Simit cart, red cart selling ring-shaped bread)
(Tulip lamps, street lamps shaped like tulips)
(Seagulls, many gulls over the water)<|im_end|>`,
    texts: ['Mosque', 'Ferry', 'Simit cart', 'Tulip lamps', 'Seagulls'],
  },
  {
    name: 'dash-bulleted pairs run on in one line',
    reply: `- Tower: tall TV tower with a sphere - Tram: yellow tram - Sign: "Ausfahrt" on a blue sign - Plattenbau: grey concrete housing blocks - Sky: pale winter sky`,
    texts: ['Tower', 'Tram', 'Sign', 'Plattenbau', 'Sky'],
    descriptions: { Sign: '"Ausfahrt" on a blue sign' },
  },
  {
    name: 'cue and description labelled on one line',
    reply: `Cue: Stave church, Description: dark wooden church with dragon heads on the gables
Cue: Fjord - Description: narrow inlet between steep cliffs
Cue: Place; Details: a small harbour with red boathouses
Cue: Weather, Description: light rain and low cloud
Cue: Road sign, Description: yellow sign reading "Ferje"`,
    texts: ['Stave church', 'Fjord', 'Place', 'Weather', 'Road sign'],
    descriptions: { Fjord: 'narrow inlet between steep cliffs', 'Road sign': 'yellow sign reading "Ferje"' },
  },
];
