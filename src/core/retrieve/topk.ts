/**
 * Keeps the `capacity` largest keys offered, in one pass and O(log k) per accepted offer:
 * a binary min-heap whose root is the weakest entry kept. Ties go to the smaller id, so
 * offering ids in ascending order keeps the earliest.
 */
export class TopK {
  private readonly keys: Float64Array;
  private readonly ids: Int32Array;
  private size = 0;
  /**
   * Offers with a key at or below this are not kept when ids arrive in ascending order,
   * so a hot loop can skip calling `offer` for them.
   */
  threshold: number;

  constructor(readonly capacity: number) {
    this.keys = new Float64Array(capacity);
    this.ids = new Int32Array(capacity);
    this.threshold = capacity > 0 ? -Infinity : Infinity;
  }

  offer(id: number, key: number): void {
    if (this.size < this.capacity) {
      this.siftUp(this.size++, id, key);
    } else if (this.outranks(key, id, this.keys[0]!, this.ids[0]!)) {
      this.siftDown(0, id, key);
    } else {
      return;
    }
    if (this.size === this.capacity) this.threshold = this.keys[0]!;
  }

  /** Entries kept, strongest first. */
  sorted(): Array<{ id: number; key: number }> {
    const entries: Array<{ id: number; key: number }> = [];
    for (let n = 0; n < this.size; n++) entries.push({ id: this.ids[n]!, key: this.keys[n]! });
    return entries.sort((a, b) => b.key - a.key || a.id - b.id);
  }

  private outranks(key: number, id: number, otherKey: number, otherId: number): boolean {
    return key > otherKey || (key === otherKey && id < otherId);
  }

  private siftUp(slot: number, id: number, key: number): void {
    const { keys, ids } = this;
    while (slot > 0) {
      const parent = (slot - 1) >> 1;
      if (!this.outranks(keys[parent]!, ids[parent]!, key, id)) break;
      keys[slot] = keys[parent]!;
      ids[slot] = ids[parent]!;
      slot = parent;
    }
    keys[slot] = key;
    ids[slot] = id;
  }

  private siftDown(slot: number, id: number, key: number): void {
    const { keys, ids, size } = this;
    for (;;) {
      const left = 2 * slot + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && this.outranks(keys[left]!, ids[left]!, keys[right]!, ids[right]!) ? right : left;
      if (!this.outranks(key, id, keys[child]!, ids[child]!)) break;
      keys[slot] = keys[child]!;
      ids[slot] = ids[child]!;
      slot = child;
    }
    keys[slot] = key;
    ids[slot] = id;
  }
}
