/**
 * Where the flags live: the book's three test servers, the URL of one flag under a base URL, and
 * how to tell that nothing listens at a server's address. Shared by every flag client.
 *
 * @example
 * ```ts
 * import { flagUrl, SERVERS } from "./servers.ts";
 * console.log(flagUrl(SERVERS.DELAY, "BR")); // http://localhost:8002/flags/br/br.gif
 * ```
 *
 * @module
 */

/** The book's three test servers (served by `deno task server`), by label. */
export const SERVERS: Readonly<Record<"LOCAL" | "DELAY" | "ERROR", string>> = Object.freeze({
  LOCAL: "http://localhost:8001/flags",
  DELAY: "http://localhost:8002/flags",
  ERROR: "http://localhost:8003/flags",
});

/** The URL of the flag of country `cc` (any case) under `baseUrl`: `…/br/br.gif`. */
export function flagUrl(baseUrl: string, cc: string): string {
  const lower = cc.toLowerCase();
  return `${baseUrl}/${lower}/${lower}.gif`;
}

/**
 * Whether `error` (as thrown by `fetch`) means no server was reached at all: nothing listens at
 * the address, the host name does not resolve, no route leads there, or fetch refuses the port
 * (the Fetch standard's "bad ports", such as 9).
 */
export function isUnreachable(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof Deno.errors.ConnectionRefused) return true;
    if (UNREACHABLE.test(e.message)) return true;
  }
  return false;
}

const UNREACHABLE =
  /connection refused|ECONNREFUSED|dns error|failed to lookup address|network is unreachable|no route to host|requests to port \d+ are blocked/i;
