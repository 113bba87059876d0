import { describe, expect, it } from 'vitest';
import { COUNTRIES, countryByCode, countryByName } from '../../../src/core/reason/countries';
import { findCountryMentions } from '../../../src/core/reason/country-mentions';

// The officially assigned ISO 3166-1 alpha-2 codes (249), plus XK for Kosovo.
const ISO_CODES = `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW
BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB
GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM
KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC
NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL
SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK
YE YT ZA ZM ZW`.split(/\s+/);

describe('the country table', () => {
  it('has every ISO 3166-1 alpha-2 code once', () => {
    const codes = COUNTRIES.map((country) => country.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual([...ISO_CODES].sort());
  });

  it('gives every alias to one country only', () => {
    const owner = new Map<string, string>();
    for (const country of COUNTRIES) {
      for (const name of country.names) {
        const found = countryByName(name);
        expect(found?.code, name).toBe(country.code);
        owner.set(name, country.code);
      }
    }
    expect(owner.size).toBeGreaterThan(300);
  });

  it.each([
    ['USA', 'US'],
    ['United States of America', 'US'],
    ['UK', 'GB'],
    ['Great Britain', 'GB'],
    ['Czech Republic', 'CZ'],
    ['Czechia', 'CZ'],
    ['Turkey', 'TR'],
    ['Türkiye', 'TR'],
    ['Turkiye', 'TR'],
    ['Ivory Coast', 'CI'],
    ["Côte d'Ivoire", 'CI'],
    ['COTE D’IVOIRE', 'CI'],
    ['The Gambia', 'GM'],
    ['East Timor', 'TL'],
    ['Swaziland', 'SZ'],
    ['Macedonia', 'MK'],
    ['Vatican', 'VA'],
    ['Cape Verde', 'CV'],
    ['St Kitts & Nevis', 'KN'],
    ['Saint Kitts & Nevis', 'KN'],
    ['St. Vincent and the Grenadines', 'VC'],
    ['Atlantis', undefined],
  ])('name %j', (name, code) => {
    expect(countryByName(name)?.code).toBe(code);
  });

  it('looks codes up in any case and reads UK as GB', () => {
    expect(countryByCode('de')?.name).toBe('Germany');
    expect(countryByCode('UK')?.code).toBe('GB');
    expect(countryByCode('ZZ')).toBeUndefined();
  });
});

describe('findCountryMentions', () => {
  function mentioned(text: string): string[] {
    return findCountryMentions(text).map((mention) => `${mention.code}:${text.slice(mention.start, mention.end)}`);
  }

  it('finds names, aliases and acronyms with their positions', () => {
    expect(mentioned('Not the UK or the U.S., maybe Côte d’Ivoire or ivory coast.')).toEqual(['GB:UK', 'US:U.S.', 'CI:Côte d’Ivoire', 'CI:ivory coast']);
  });

  it('prefers the longest name and ignores places named after countries', () => {
    expect(mentioned('Papua New Guinea, Equatorial Guinea, Guinea-Bissau, Guinea')).toEqual([
      'PG:Papua New Guinea',
      'GQ:Equatorial Guinea',
      'GW:Guinea-Bissau',
      'GN:Guinea',
    ]);
    expect(mentioned('New Jersey, New Mexico and New South Wales')).toEqual([]);
    expect(mentioned('South Sudan and Sudan; Niger and Nigeria; Dominica and the Dominican Republic')).toEqual([
      'SS:South Sudan',
      'SD:Sudan',
      'NE:Niger',
      'NG:Nigeria',
      'DM:Dominica',
      'DO:Dominican Republic',
    ]);
  });

  it('reads lower-case acronyms as words', () => {
    expect(mentioned('tell us, uk')).toEqual([]);
  });
});
