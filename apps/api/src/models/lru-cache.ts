/**
 * A least-recently-used cache bounded by entry count and by total weight (here, artifact bytes).
 * A Map keeps insertion order, so its first key is always the least recently used one.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private totalWeight = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxWeight: number,
  ) {
    if (!(maxEntries >= 1) || !(maxWeight > 0)) throw new RangeError('LruCache needs maxEntries >= 1 and maxWeight > 0');
  }

  get size(): number {
    return this.entries.size;
  }

  get weight(): number {
    return this.totalWeight;
  }

  /** The value, now the most recently used; undefined on a miss. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /**
   * Stores a value as the most recently used, evicting the least recently used ones until both
   * bounds hold. A value heavier than `maxWeight` on its own is not stored; returns whether it was.
   */
  set(key: K, value: V, weight: number): boolean {
    this.delete(key);
    if (weight > this.maxWeight) return false;
    this.entries.set(key, { value, weight });
    this.totalWeight += weight;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.totalWeight <= this.maxWeight) break;
      this.entries.delete(oldest);
      this.totalWeight -= entry.weight;
    }
    return true;
  }

  delete(key: K): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.entries.delete(key);
    this.totalWeight -= entry.weight;
    return true;
  }

  keys(): K[] {
    return [...this.entries.keys()];
  }
}
