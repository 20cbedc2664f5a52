/**
 * The helpers of Fluent Python's `demo_executor_map.py`: `display` prints its
 * arguments after an `[HH:MM:SS]` stamp, and `loiter(n)` announces itself
 * indented by `n` tabs, does nothing for `n` time units, says it is done and
 * returns `n * 10`.
 *
 * @example
 * ```ts
 * import { loiter } from "./loiter.ts";
 * const result = await loiter(1, 0.01); // sleeps 10 ms, prints two stamped lines
 * console.log(result); // 10
 * ```
 *
 * @module
 */

/** The local time of `date` as the book's `strftime('[%H:%M:%S]')`. */
export function timestamp(date: Date = new Date()): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `[${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}]`;
}

/** Prints `args` separated by spaces, after the current `[HH:MM:SS]` stamp. */
export function display(...args: unknown[]): void {
  console.log(timestamp(), ...args);
}

/**
 * Says it starts, does nothing for `n * unitSeconds` seconds, says it is done
 * and returns `n * 10`. Both lines are indented by `n` tabs.
 */
export async function loiter(n: number, unitSeconds = 1): Promise<number> {
  const indent = "\t".repeat(n);
  const seconds = Number((n * unitSeconds).toFixed(3));
  display(`${indent}loiter(${n}): doing nothing for ${seconds} s...`);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  display(`${indent}loiter(${n}): done.`);
  return n * 10;
}

/**
 * A printable name for an iterator made by `owner.method`, in the spirit of
 * Python's `<generator object Executor.map.<locals>.result_iterator at 0x...>`:
 * its real type tag, then where it came from.
 *
 * @example
 * ```ts
 * import { describeIterator } from "./loiter.ts";
 * async function* gen() {}
 * console.log(describeIterator(gen(), "Executor.map"));
 * // <AsyncGenerator object Executor.map>
 * ```
 */
export function describeIterator(iterator: object, origin: string): string {
  const tag = Object.prototype.toString.call(iterator).slice("[object ".length, -1);
  return `<${tag} object ${origin}>`;
}
