/**
 * Where the flags live: the book's three test servers, the URLs of one flag and of its metadata
 * under a base URL, and
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

/**
 * Reads a flags base URL given by the user (`-s`, `FLAGS_BASE_URL`): an `http://` or
 * `https://` URL with a port from 1 to 65535, returned without trailing slashes, or what is
 * wrong with it (one line, without any password it holds).
 *
 * @example
 * ```ts
 * import { parseBaseUrl } from "./servers.ts";
 * parseBaseUrl("http://127.0.0.1:8001/flags/"); // { url: "http://127.0.0.1:8001/flags" }
 * parseBaseUrl("http://127.0.0.1:99999/flags"); // { problem: "port 99999 is out of range (1-65535)" }
 * ```
 */
export function parseBaseUrl(text: string): { url: string } | { problem: string } {
  const authority = /^(https?):\/\/(?:[^@/?#]*@)?(\[[^\]/?#]*\]|[^:/?#]*)(?::(\d*))?(?=[/?#]|$)/i
    .exec(text.trim());
  if (authority === null) return { problem: "not an http:// or https:// URL" };
  const port = authority[3];
  if (port !== undefined && port !== "" && !(Number(port) >= 1 && Number(port) <= 65_535)) {
    return { problem: `port ${port} is out of range (1-65535)` };
  }
  const url = URL.parse(text.trim());
  if (url === null || url.hostname === "") return { problem: "not a valid URL" };
  return { url: url.href.replace(/\/+$/, "") };
}

/**
 * `url` (a URL or any text the user gave as one) as it may be printed: a password in it is
 * replaced by `***`.
 *
 * @example
 * ```ts
 * import { displayUrl } from "./servers.ts";
 * displayUrl("http://ann:secret@127.0.0.1:8001/flags"); // "http://ann:***@127.0.0.1:8001/flags"
 * ```
 */
export function displayUrl(url: string): string {
  return url.replace(/^([a-z][a-z\d+.-]*:\/\/[^:@/?#]*):[^@/?#]*@/i, "$1:***@");
}

/** The URL of the flag of country `cc` (any case) under `baseUrl`: `…/br/br.gif`. */
export function flagUrl(baseUrl: string, cc: string): string {
  const lower = cc.toLowerCase();
  return `${baseUrl}/${lower}/${lower}.gif`;
}

/** The URL of the metadata of country `cc` (any case) under `baseUrl`: `…/br/metadata.json`. */
export function metadataUrl(baseUrl: string, cc: string): string {
  return `${baseUrl}/${cc.toLowerCase()}/metadata.json`;
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
