// One loading promise per worker for the model it keeps: the same key reuses it, a new key
// replaces it, and a failed load is forgotten so the next call tries again.
export class LoadOnce<T> {
  #key = '';
  #promise: Promise<T> | null = null;

  /** The load for `key`, started by `load` unless one for the same key is under way or done. */
  get(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.#promise || this.#key !== key) {
      const attempt = load();
      this.#key = key;
      this.#promise = attempt;
      attempt.catch(() => {
        if (this.#promise === attempt) this.forget(); // a newer load may have taken over
      });
    }
    return this.#promise;
  }

  /** The current load, or null when nothing was loaded (or the last load failed). */
  current(): Promise<T> | null {
    return this.#promise;
  }

  /** Drops the kept load (a new source or device means a fresh one). */
  forget(): void {
    this.#promise = null;
    this.#key = '';
  }
}
