/** A first-level administrative division (state, province, region) as the gazetteer names it. */
export interface Region {
  /** Index into `PlaceTables.countries`. */
  readonly country: number;
  /** The GeoNames admin-1 code within its country ("11" for Île-de-France, "CA" for California). */
  readonly code: string;
  readonly name: string;
}

/**
 * Every settlement the app knows, as columns (one entry per place, same order in every column).
 * Coordinates are degrees; `region` is an index into `regions` or NO_REGION.
 */
export interface PlaceTables {
  readonly count: number;
  readonly names: readonly string[];
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  /** 0 where the source gives no population. */
  readonly population: Uint32Array;
  readonly country: Uint8Array;
  readonly region: Uint16Array;
  /** How important the settlement is administratively: see SettlementRank. */
  readonly rank: Uint8Array;
  /** ISO 3166-1 alpha-2 codes. */
  readonly countries: readonly string[];
  readonly regions: readonly Region[];
  /** Where the data comes from and under which licence, to show beside it. */
  readonly attribution: string;
}

export const NO_REGION = 0xffff;

/** Capital first, then seats of ever smaller divisions, then every other settlement. */
export const SettlementRank = { capital: 0, admin1Seat: 1, admin2Seat: 2, admin3Seat: 3, admin4Seat: 4, other: 5 } as const;

export interface NearestCity {
  readonly name: string;
  readonly countryCode: string;
  readonly region: string | null;
  /** null where the source gives no population. */
  readonly population: number | null;
  readonly km: number;
}

/** What a point is: its country, its first-level region and the nearest settlement. */
export interface PlaceName {
  /** null at sea beyond any country's waters, and on unclaimed land. */
  readonly country: string | null;
  /** ISO 3166-1 alpha-2, upper case. */
  readonly countryCode: string | null;
  readonly region: string | null;
  readonly city: NearestCity | null;
}
