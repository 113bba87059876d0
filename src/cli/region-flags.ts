// --bbox, --within and --country: a region to restrict a query to, read into the same constraints
// the app's region tools and chat make, and applied with the same masks (workers/lib/gallery-mask).
import { areaConstraint, countryConstraint, type PlaceConstraint } from '../core/reason/constraints';
import { countryByCode } from '../core/reason/countries';
import { AreaError, parseBox, parseCircle } from '../core/region/area';
import { emptyRestriction } from '../core/region/restrict';
import type { CoordinateIndex } from '../core/retrieve/types';
import { createGalleryMasks } from '../../workers/lib/gallery-mask';
import { loadPlacesNode } from '../../workers/node/places';
import { CliError, usageError } from './fail';

export const REGION_OPTIONS = {
  bbox: { type: 'string' },
  within: { type: 'string' },
  country: { type: 'string' },
} as const;

export interface RegionFlags {
  bbox?: string | undefined;
  within?: string | undefined;
  country?: string | undefined;
}

export function countryCodesOf(text: string): string[] {
  return text.split(',').map((part) => {
    const country = countryByCode(part.trim());
    if (!country) throw usageError(`--country takes ISO 3166-1 alpha-2 codes such as PT or PT,ES, and '${part.trim()}' is not one`);
    return country.code;
  });
}

export function regionConstraints(flags: RegionFlags): PlaceConstraint[] {
  if (flags.bbox !== undefined && flags.within !== undefined) throw usageError('give --bbox or --within, not both');
  const constraints: PlaceConstraint[] = [];
  try {
    if (flags.bbox !== undefined) constraints.push(areaConstraint(parseBox(flags.bbox)));
    if (flags.within !== undefined) constraints.push(areaConstraint(parseCircle(flags.within)));
  } catch (error) {
    if (error instanceof AreaError) throw usageError(error.message);
    throw error;
  }
  if (flags.country !== undefined) constraints.push(...countryCodesOf(flags.country).map((code) => countryConstraint('require-country', code)));
  return constraints;
}

const masks = createGalleryMasks(loadPlacesNode);

/** The allow-mask for these constraints, or undefined without any; a region with no gallery place is an error. */
export async function regionMask(indexKey: string, index: CoordinateIndex, constraints: readonly PlaceConstraint[]): Promise<{ allowed: Uint8Array; kept: number } | undefined> {
  if (constraints.length === 0) return undefined;
  const mask = await masks.mask(indexKey, index, constraints);
  const empty = emptyRestriction(mask, constraints);
  if (empty !== null) throw new CliError(empty, 1);
  return { allowed: mask.allowed, kept: mask.kept };
}
