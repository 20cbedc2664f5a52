/**
 * A small seeded pseudo-random generator (mulberry32), so that `--seed N`
 * replays the same errors and delays.
 *
 * @example
 * ```ts
 * import { seededRandom } from "./random.ts";
 * const a = seededRandom(42), b = seededRandom(42);
 * console.log(a() === b()); // true
 * ```
 *
 * @module
 */

/**
 * Returns a function giving numbers in [0, 1): a fixed sequence for a given
 * `seed`, or `Math.random` when `seed` is undefined.
 */
export function seededRandom(seed?: number): () => number {
  if (seed === undefined) return Math.random;
  let state = Number(BigInt.asUintN(32, BigInt(Math.trunc(seed))));
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
