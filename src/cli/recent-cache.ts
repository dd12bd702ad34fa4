/**
 * A bounded memo for values that repeat through a long input (the same client address many times in
 * a day of logs): two generations, the younger taking new entries until it holds half the budget, when
 * it becomes the older and the older is dropped; a hit in the older moves up. Every call is O(1): no
 * eviction walk (a Map's `delete(keys().next().value)` walks past every slot deleted before it).
 */
export class RecentCache<V extends { readonly length: number }> {
  #young = new Map<string, V>();
  #old = new Map<string, V>();
  #youngSize = 0;

  /** `maxSize`: the most held, counted as the sum of the values' lengths (both generations together). */
  constructor(private readonly maxSize: number) {}

  get(key: string): V | undefined {
    const young = this.#young.get(key);
    if (young !== undefined) return young;
    const old = this.#old.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: string, value: V): void {
    this.#young.set(key, value);
    this.#youngSize += value.length;
    if (this.#youngSize >= this.maxSize / 2) {
      this.#old = this.#young;
      this.#young = new Map();
      this.#youngSize = 0;
    }
  }
}
