/**
 * One-line failures for command-line scripts: no stack trace, exit status 1.
 *
 * @example
 * ```ts
 * import { fail } from "./fail.ts";
 * if (Deno.args.length > 3) fail("too many arguments");
 * ```
 *
 * @module
 */

/** Prints `message` as one line on stderr and exits the process with `status` (default 1). */
export function fail(message: string, status = 1): never {
  console.error(message);
  Deno.exit(status);
}

/** Whether `error` (as thrown by `fetch`) means nothing listens at the address. */
export function isConnectionRefused(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof Deno.errors.ConnectionRefused) return true;
    if (/connection refused|ECONNREFUSED/i.test(e.message)) return true;
  }
  return false;
}
