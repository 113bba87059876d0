// Sorting the results table. Missing values (a photo without EXIF GPS has no error) sort last in
// both directions, and names compare the way people read them ("img2" before "img10").

export type SortDirection = 'ascending' | 'descending';
export type SortValue = string | number | null;

const names = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export function compareValues(a: SortValue, b: SortValue, direction: SortDirection): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const order = typeof a === 'number' && typeof b === 'number' ? a - b : names.compare(String(a), String(b));
  return direction === 'ascending' ? order : -order;
}

/** A sorted copy; ties keep their original order. */
export function sortBy<T>(rows: readonly T[], value: (row: T) => SortValue, direction: SortDirection): T[] {
  return rows
    .map((row, index) => ({ row, index, key: value(row) }))
    .sort((a, b) => compareValues(a.key, b.key, direction) || a.index - b.index)
    .map((entry) => entry.row);
}
