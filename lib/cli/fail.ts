/**
 * One-line failures for command-line scripts: no stack trace, exit status 1.
 *
 * @example
 * ```ts
 * import { fail, firstLine } from "./fail.ts";
 * try {
 *   JSON.parse("{");
 * } catch (error) {
 *   fail(`demo: ${firstLine(error)}`);
 * }
 * ```
 *
 * @module
 */

/** Prints `message` as one line on stderr and exits the process with `status` (default 1). */
export function fail(message: string, status = 1): never {
  console.error(message);
  Deno.exit(status);
}

/**
 * The first line of an error's message (a worker's error or an OS error may carry more), for a
 * one-line report; anything that is not an Error is shown as a string.
 *
 * @example
 * ```ts
 * import { firstLine } from "./fail.ts";
 * firstLine(new Error("a worker died: x\n    at y")); // "a worker died: x"
 * ```
 */
export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n", 1)[0];
}
