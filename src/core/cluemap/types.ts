/** One thing the model (or the user) saw in the photo that may bear on where it was taken. */
export interface Cue {
  /** A short name, such as "Street sign". */
  readonly text: string;
  /** What it looks like in detail; empty when none was given. */
  readonly description: string;
}

/** A dense row-major matrix of similarities: entry (r, c) is values[r * cols + c]. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly values: ArrayLike<number>;
}

export function matrix(rows: number, cols: number, values: ArrayLike<number>): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(`a matrix needs whole, non-negative dimensions, not ${rows} x ${cols}`);
  }
  if (values.length !== rows * cols) {
    throw new RangeError(`a ${rows} x ${cols} matrix needs ${rows * cols} values, not ${values.length}`);
  }
  return { rows, cols, values };
}

/** Builds a matrix from nested rows, for callers and tests that think in rows. */
export function matrixFromRows(rows: readonly (readonly number[])[], cols = rows[0]?.length ?? 0): Matrix {
  const values = new Float64Array(rows.length * cols);
  rows.forEach((row, r) => {
    if (row.length !== cols) throw new RangeError(`row ${r} has ${row.length} values, not ${cols}`);
    values.set(row, r * cols);
  });
  return matrix(rows.length, cols, values);
}

export function entry(m: Matrix, row: number, col: number): number {
  return m.values[row * m.cols + col]!;
}
