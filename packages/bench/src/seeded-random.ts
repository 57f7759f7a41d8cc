/**
 * Mixes a seed and an index into a new 32-bit seed (MurmurHash3's finalizer), so that item `i`
 * of a generated stream can be drawn on its own, in any order, and always comes out the same.
 */
export function mixSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A small, fast, deterministic pseudo-random generator (mulberry32). Benchmarks need the same
 * data on every run and in every process, which `Math.random` cannot give.
 *
 * @example
 * const random = new SeededRandom(42);
 * random.int(10); // the same value on every run
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Restarts the stream from `seed`; reusing one instance saves an allocation per item. */
  reseed(seed: number): void {
    this.state = seed >>> 0;
  }

  /** The next number in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** The next integer in [0, `bound`). */
  int(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  /** The next item of `items`, which must not be empty. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}
