// Results and conversations, kept per photo in IndexedDB on this device only. A record is keyed
// by the SHA-256 of the photo's bytes, so locating the same photo again finds its conversation.
import { clear, createStore, del, get, set, values } from 'idb-keyval';
import type { HistoryRecord, HistorySummary } from '../../src/bridge/types';
import { UserFacingError, isQuotaError } from '../lib/errors';

const store = createStore('whereabouts-history', 'records');

export async function saveRecord(record: HistoryRecord): Promise<void> {
  try {
    await set(record.id, record, store);
  } catch (error) {
    if (isQuotaError(error)) {
      throw new UserFacingError(
        'disk-full',
        'There is not enough storage space to keep this result in the history. The result stays on screen; delete old history entries or an index to make room.',
      );
    }
    throw error;
  }
}

export function loadRecord(id: string): Promise<HistoryRecord | undefined> {
  return get<HistoryRecord>(id, store);
}

export async function listRecords(): Promise<HistorySummary[]> {
  const all = await values<HistoryRecord>(store);
  return all
    .map(({ id, name, savedAt, mode, final, thumbnail, turns }) => ({ id, name, savedAt, mode, final, thumbnail, turns }))
    .sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

export const deleteRecord = (id: string): Promise<void> => del(id, store);
export const deleteAllRecords = (): Promise<void> => clear(store);
