import { describe, expect, it } from 'vitest';
import { placeTables } from '../../../src/build/place-tables';
import { NO_REGION, SettlementRank } from '../../../src/core/place/types';

const city = (name: string, country: string, adminCode: string, featureCode: string, population: number, lon: number, lat: number) => ({
  name,
  country,
  adminCode,
  featureCode,
  population,
  loc: { coordinates: [lon, lat] as [number, number] },
});

describe('place tables from the GeoNames packages', () => {
  const tables = placeTables(
    [
      city('Lyon', 'FR', '84', 'PPLA', 472317, 4.84671, 45.74846),
      city('Paris 01 Louvre', 'FR', '11', 'PPLX', 17614, 2.34, 48.86),
      city('Paris', 'FR', '11', 'PPLC', 2138551, 2.3488, 48.85341),
      city('Oradour-sur-Glane', 'FR', '75', 'PPLQ', 0, 1.03, 45.93),
      city('  Villeurbanne\n', 'FR', '84', 'PPL', 150659, 4.88, 45.77),
      city('Somewhere', 'AW', '00', 'PPL', 1200, -70, 12.5),
    ],
    [
      { code: 'FR.84', name: 'Auvergne-Rhône-Alpes' },
      { code: 'FR.11', name: 'Île-de-France' },
      { code: 'FR.99', name: 'Unused' },
    ],
  );

  it('leaves out neighbourhoods and abandoned places, and cleans names', () => {
    expect(tables.names).toEqual(['Somewhere', 'Paris', 'Lyon', 'Villeurbanne']);
  });

  it('names regions from the admin-1 list and lists only regions in use', () => {
    expect(tables.countries).toEqual(['AW', 'FR']);
    expect(tables.regions.map((r) => r.name)).toEqual(['Île-de-France', 'Auvergne-Rhône-Alpes']);
    expect(tables.region[0]).toBe(NO_REGION);
    expect(tables.regions[tables.region[2]!]).toEqual({ country: 1, code: '84', name: 'Auvergne-Rhône-Alpes' });
  });

  it('keeps positions, populations and administrative ranks', () => {
    expect([tables.lat[1], tables.lon[1]]).toEqual([48.85341, 2.3488]);
    expect([...tables.population]).toEqual([1200, 2138551, 472317, 150659]);
    expect([...tables.rank]).toEqual([SettlementRank.other, SettlementRank.capital, SettlementRank.admin1Seat, SettlementRank.other]);
    expect(tables.attribution).toMatch(/GeoNames.*CC BY 4\.0/);
  });
});
