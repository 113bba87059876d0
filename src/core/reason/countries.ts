/** A country or territory with an ISO 3166-1 alpha-2 code. */
export interface Country {
  readonly code: string;
  /** The short English name shown to people. */
  readonly name: string;
  /** Other names people and models use for it; the first entry is always `name`. */
  readonly names: readonly string[];
}

// One line per code: "CODE Name|alias|alias". Every officially assigned ISO 3166-1 alpha-2
// code, plus XK (Kosovo), which is user-assigned but in common use.
const TABLE = `
AD Andorra
AE United Arab Emirates|UAE|U.A.E.|Emirates
AF Afghanistan
AG Antigua and Barbuda|Antigua
AI Anguilla
AL Albania
AM Armenia
AO Angola
AQ Antarctica
AR Argentina
AS American Samoa
AT Austria
AU Australia
AW Aruba
AX Åland Islands|Åland|Aland Islands
AZ Azerbaijan
BA Bosnia and Herzegovina|Bosnia|Bosnia-Herzegovina|BiH
BB Barbados
BD Bangladesh
BE Belgium
BF Burkina Faso
BG Bulgaria
BH Bahrain
BI Burundi
BJ Benin
BL Saint Barthélemy|Saint Barts
BM Bermuda
BN Brunei|Brunei Darussalam
BO Bolivia|Plurinational State of Bolivia
BQ Caribbean Netherlands|Bonaire|Bonaire, Sint Eustatius and Saba
BR Brazil|Brasil
BS Bahamas|The Bahamas
BT Bhutan
BV Bouvet Island
BW Botswana
BY Belarus
BZ Belize
CA Canada
CC Cocos (Keeling) Islands|Cocos Islands|Keeling Islands
CD Democratic Republic of the Congo|DR Congo|DRC|D.R.C.|Congo-Kinshasa|Congo Kinshasa|Zaire
CF Central African Republic
CG Republic of the Congo|Congo|Congo-Brazzaville|Congo Brazzaville|Congo Republic
CH Switzerland|Swiss Confederation
CI Côte d'Ivoire|Ivory Coast|Cote d'Ivoire
CK Cook Islands
CL Chile
CM Cameroon
CN China|People's Republic of China|PRC|Mainland China
CO Colombia
CR Costa Rica
CU Cuba
CV Cabo Verde|Cape Verde
CW Curaçao
CX Christmas Island
CY Cyprus
CZ Czechia|Czech Republic
DE Germany|Deutschland|Federal Republic of Germany
DJ Djibouti
DK Denmark
DM Dominica
DO Dominican Republic
DZ Algeria
EC Ecuador
EE Estonia
EG Egypt
EH Western Sahara
ER Eritrea
ES Spain|España|Kingdom of Spain
ET Ethiopia
FI Finland
FJ Fiji
FK Falkland Islands|Falklands|Malvinas
FM Micronesia|Federated States of Micronesia
FO Faroe Islands|Faroes|Faeroe Islands
FR France|French Republic
GA Gabon
GB United Kingdom|UK|U.K.|Great Britain|Britain|England|Scotland|Wales|Northern Ireland|United Kingdom of Great Britain and Northern Ireland
GD Grenada
GE Georgia
GF French Guiana
GG Guernsey
GH Ghana
GI Gibraltar
GL Greenland
GM Gambia|The Gambia
GN Guinea
GP Guadeloupe
GQ Equatorial Guinea
GR Greece|Hellas
GS South Georgia and the South Sandwich Islands|South Georgia
GT Guatemala
GU Guam
GW Guinea-Bissau
GY Guyana
HK Hong Kong
HM Heard Island and McDonald Islands
HN Honduras
HR Croatia
HT Haiti
HU Hungary
ID Indonesia
IE Ireland|Republic of Ireland|Eire
IL Israel
IM Isle of Man
IN India
IO British Indian Ocean Territory|Chagos Islands
IQ Iraq
IR Iran|Islamic Republic of Iran
IS Iceland
IT Italy|Italia
JE Jersey
JM Jamaica
JO Jordan
JP Japan
KE Kenya
KG Kyrgyzstan|Kyrgyz Republic
KH Cambodia
KI Kiribati
KM Comoros
KN Saint Kitts and Nevis
KP North Korea|Democratic People's Republic of Korea|DPRK
KR South Korea|Republic of Korea|Korea
KW Kuwait
KY Cayman Islands
KZ Kazakhstan
LA Laos|Lao People's Democratic Republic|Lao PDR
LB Lebanon
LC Saint Lucia
LI Liechtenstein
LK Sri Lanka
LR Liberia
LS Lesotho
LT Lithuania
LU Luxembourg
LV Latvia
LY Libya
MA Morocco
MC Monaco
MD Moldova|Republic of Moldova
ME Montenegro
MF Saint Martin
MG Madagascar
MH Marshall Islands
MK North Macedonia|Macedonia
ML Mali
MM Myanmar|Burma
MN Mongolia
MO Macao|Macau
MP Northern Mariana Islands
MQ Martinique
MR Mauritania
MS Montserrat
MT Malta
MU Mauritius
MV Maldives
MW Malawi
MX Mexico|México|United Mexican States
MY Malaysia
MZ Mozambique
NA Namibia
NC New Caledonia
NE Niger
NF Norfolk Island
NG Nigeria
NI Nicaragua
NL Netherlands|The Netherlands|Holland
NO Norway
NP Nepal
NR Nauru
NU Niue
NZ New Zealand|Aotearoa
OM Oman
PA Panama
PE Peru
PF French Polynesia
PG Papua New Guinea|PNG
PH Philippines|The Philippines
PK Pakistan
PL Poland
PM Saint Pierre and Miquelon
PN Pitcairn Islands|Pitcairn
PR Puerto Rico
PS Palestine|State of Palestine|Palestinian Territories
PT Portugal
PW Palau
PY Paraguay
QA Qatar
RE Réunion
RO Romania
RS Serbia
RU Russia|Russian Federation
RW Rwanda
SA Saudi Arabia|KSA
SB Solomon Islands
SC Seychelles
SD Sudan
SE Sweden
SG Singapore
SH Saint Helena, Ascension and Tristan da Cunha|Saint Helena
SI Slovenia
SJ Svalbard and Jan Mayen|Svalbard
SK Slovakia|Slovak Republic
SL Sierra Leone
SM San Marino
SN Senegal
SO Somalia
SR Suriname|Surinam
SS South Sudan
ST São Tomé and Príncipe
SV El Salvador
SX Sint Maarten
SY Syria|Syrian Arab Republic
SZ Eswatini|Swaziland
TC Turks and Caicos Islands|Turks and Caicos
TD Chad
TF French Southern Territories|French Southern and Antarctic Lands
TG Togo
TH Thailand
TJ Tajikistan
TK Tokelau
TL Timor-Leste|East Timor
TM Turkmenistan
TN Tunisia
TO Tonga
TR Türkiye|Turkey
TT Trinidad and Tobago|Trinidad
TV Tuvalu
TW Taiwan
TZ Tanzania|United Republic of Tanzania
UA Ukraine
UG Uganda
UM United States Minor Outlying Islands
US United States|United States of America|USA|U.S.A.|US|U.S.
UY Uruguay
UZ Uzbekistan
VA Vatican City|Holy See|Vatican
VC Saint Vincent and the Grenadines
VE Venezuela
VG British Virgin Islands
VI United States Virgin Islands|U.S. Virgin Islands|US Virgin Islands
VN Vietnam|Viet Nam
VU Vanuatu
WF Wallis and Futuna
WS Samoa
XK Kosovo
YE Yemen
YT Mayotte
ZA South Africa
ZM Zambia
ZW Zimbabwe
`;

export const COUNTRIES: readonly Country[] = TABLE.trim()
  .split('\n')
  .map((line) => {
    const code = line.slice(0, 2);
    const names = line.slice(3).split('|');
    return { code, name: names[0]!, names };
  });

const byCode = new Map(COUNTRIES.map((country) => [country.code, country]));
const byKey = new Map<string, Country>();
for (const country of COUNTRIES) {
  for (const name of country.names) byKey.set(countryKey(name), country);
}

/**
 * The form names are compared in: no accents, apostrophes or dots, lower case, "&" as "and",
 * "St" as "Saint", no leading "the", single spaces.
 */
export function countryKey(name: string): string {
  return foldAccents(name)
    .toLowerCase()
    .replace(/['’.]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^the /, '')
    .replace(/^st /, 'saint ');
}

/** Removes accents without changing the length of the text (so positions still line up). */
export function foldAccents(text: string): string {
  let folded = '';
  for (const char of text) {
    const bare = char.normalize('NFD').replace(/\p{M}/gu, '');
    folded += bare.length === char.length ? bare : char;
  }
  return folded;
}

/** The country for an ISO 3166-1 alpha-2 code in any case; "UK" is read as GB. */
export function countryByCode(code: string): Country | undefined {
  const upper = code.trim().toUpperCase();
  return byCode.get(upper === 'UK' ? 'GB' : upper);
}

/** The country a name or common alias refers to, e.g. "Czech Republic" or "Ivory Coast". */
export function countryByName(name: string): Country | undefined {
  return byKey.get(countryKey(name));
}
