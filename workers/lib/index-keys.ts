import type { IndexInfo, LoadedModel } from '../../src/bridge/types';
import { indexFacts } from '../../src/core/retrieve/index-facts';
import type { CoordinateIndex } from '../../src/core/retrieve/types';

/** The gallery the app ships (GeoCLIP's 100K coordinates, MIT; licence beside the file). */
export const GALLERY = {
  url: '/gallery/coordinates_100K.csv',
  source: 'geoclip-gallery-100K',
} as const;

export function indexKey(model: Pick<LoadedModel, 'id' | 'revision'>): string {
  return `${model.id}@${model.revision}#${GALLERY.source}`;
}

export function indexInfo(key: string, index: CoordinateIndex, bytes: number): IndexInfo {
  return { key, ...indexFacts(index), bytes };
}

/** An extra index (a denser grid for a region) belongs to one main index: its key starts with it. */
export const GRID_SEPARATOR = '|grid:';

export function gridIndexKey(mainKey: string, gridId: string): string {
  return `${mainKey}${GRID_SEPARATOR}${gridId}`;
}

export function isGridOf(key: string, mainKey: string): boolean {
  return key.startsWith(`${mainKey}${GRID_SEPARATOR}`);
}
