// Where each row of an index lies, for the probability surface's "where else": its country (from
// the same cached codes the chat's constraints use) and, for one country at a time, its
// first-level region (the region of its nearest settlement in that country, as place names are
// given on screen). Both are computed once per index and kept; the app's worker and the CLI share this.
import type { RowGroups, SurfaceGeography } from '../../src/core/surface';
import type { CoordinateIndex } from '../../src/core/retrieve/types';
import type { Places } from './places';

const countryGroups = new WeakMap<readonly (string | null)[], RowGroups>();
const regionGroups = new WeakMap<CoordinateIndex, Map<string, RowGroups>>();

export function groupsOf(labels: readonly (string | null)[]): RowGroups {
  const ids = new Int32Array(labels.length);
  const names: string[] = [];
  const idOf = new Map<string, number>();
  labels.forEach((label, row) => {
    if (label === null) {
      ids[row] = -1;
      return;
    }
    let id = idOf.get(label);
    if (id === undefined) {
      id = names.push(label) - 1;
      idOf.set(label, id);
    }
    ids[row] = id;
  });
  return { ids, names };
}

/** `rowCountries` gives each row's country code (null at sea); it is called once per query and should be cached by the caller. */
export function surfaceGeography(places: Places, index: CoordinateIndex, rowCountries: () => Promise<readonly (string | null)[]>): SurfaceGeography {
  let codes: readonly (string | null)[] | null = null;
  const countryCodes = async () => (codes ??= await rowCountries());
  return {
    async countries() {
      const labels = await countryCodes();
      let groups = countryGroups.get(labels);
      if (!groups) {
        groups = groupsOf(labels);
        countryGroups.set(labels, groups);
      }
      return groups;
    },
    async regionsIn(countryCode) {
      let byCountry = regionGroups.get(index);
      if (!byCountry) {
        byCountry = new Map();
        regionGroups.set(index, byCountry);
      }
      let groups = byCountry.get(countryCode);
      if (!groups) {
        const labels = await countryCodes();
        const { latLon } = index;
        groups = groupsOf(
          labels.map((code, row) =>
            code === countryCode ? (places.geocoder.nearestCity({ lat: latLon[2 * row]!, lon: latLon[2 * row + 1]! }, countryCode)?.region ?? null) : null,
          ),
        );
        byCountry.set(countryCode, groups);
      }
      return groups;
    },
  };
}
