// Names people and models use for cities that the data lists under another name: English
// exonyms where GeoNames keeps the local name, local names where it keeps the English one,
// and well-known former names. One line each: "alias|country code|name in the data".
// A test checks that every line resolves to a place in the data.
const TABLE = `
Cologne|DE|Köln
Koeln|DE|Köln
Nuremberg|DE|Nürnberg
Frankfurt|DE|Frankfurt am Main
Hanover|DE|Hannover
Brunswick|DE|Braunschweig
München|DE|Munich
Muenchen|DE|Munich
Wien|AT|Vienna
Praha|CZ|Prague
Warszawa|PL|Warsaw
Cracow|PL|Kraków
Lisboa|PT|Lisbon
Sevilla|ES|Sevilla
Seville|ES|Sevilla
Bruxelles|BE|Brussels
Brussel|BE|Brussels
Ghent|BE|Gent
Bruges|BE|Brugge
Louvain|BE|Leuven
Ypres|BE|Ieper
Den Haag|NL|The Hague
's-Gravenhage|NL|The Hague
Geneva|CH|Genève
Geneve|CH|Genève
Lucerne|CH|Luzern
Firenze|IT|Florence
Venezia|IT|Venice
Napoli|IT|Naples
Torino|IT|Turin
Milano|IT|Milan
Roma|IT|Rome
Genova|IT|Genoa
Leghorn|IT|Livorno
Moskva|RU|Moscow
Nizhny Novgorod|RU|Nizhniy Novgorod
Rostov-on-Don|RU|Rostov-na-Donu
Kiev|UA|Kyiv
Salonica|GR|Thessaloníki
Constantinople|TR|Istanbul
Marrakech|MA|Marrakesh
Fez|MA|Fès
Bombay|IN|Mumbai
Calcutta|IN|Kolkata
Madras|IN|Chennai
Bangalore|IN|Bengaluru
Peking|CN|Beijing
Saigon|VN|Ho Chi Minh City
Rangoon|MM|Yangon
Cuzco|PE|Cusco
Washington|US|Washington, D.C.
Washington DC|US|Washington, D.C.
`;

export interface CityAlias {
  readonly alias: string;
  readonly countryCode: string;
  readonly name: string;
}

export const CITY_ALIASES: readonly CityAlias[] = TABLE.trim()
  .split('\n')
  .map((line) => {
    const [alias, countryCode, name] = line.split('|') as [string, string, string];
    return { alias, countryCode, name };
  });
