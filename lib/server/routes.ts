/**
 * The flag server's routes, as a plain function from a request to a reply,
 * before any delay or injected error.
 *
 * Only exact paths are served, from memory: `/flags/{cc}/{cc}.gif` and
 * `/flags/{cc}/metadata.json` for the loaded codes, `/flags/` (gallery), `/`
 * and `/flags` (redirects). Everything else — other codes, upper case, `..`,
 * `%2e%2e`, backslashes, double slashes — is 404, so no byte outside the
 * loaded files can be reached.
 *
 * @example
 * ```ts
 * import { createRouter } from "./routes.ts";
 * import { loadFlagImages } from "./images.ts";
 * const { images, missing } = await loadFlagImages();
 * const route = createRouter({ images, metadata: new Map(), names: new Map(), missing });
 * const reply = route(new Request("http://x/flags/br/br.gif"), "/flags/br/br.gif");
 * console.log(reply.status); // 200
 * ```
 *
 * @module
 */

import type { ServedFile } from "./files.ts";
import { galleryHtml } from "./gallery.ts";

/** A response before it becomes a `Response`: easy to count, log, delay or cut. */
export interface Reply {
  /** HTTP status. */
  status: number;
  /** Response headers (Content-Length is added from the body). */
  headers: Record<string, string>;
  /** The body, or null. For HEAD the server sends the headers only. */
  body: Uint8Array<ArrayBuffer> | null;
  /**
   * The same reply built once as a `Response` (fixed replies only). It is never
   * sent itself: the handler sends `response.clone()`, which shares the body
   * bytes and the checked headers, and is much cheaper than a new `Response`.
   */
  response?: Response;
}

/** Methods the server answers; any other gets 405. */
export const ALLOWED_METHODS = "GET, HEAD";

const encoder = new TextEncoder();

/** A small text reply, e.g. for 404 or an injected 503. */
export function textReply(
  status: number,
  text: string,
  headers: Record<string, string> = {},
): Reply {
  return {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", ...headers },
    body: encoder.encode(text + "\n"),
  };
}

/** A request's target: its path and its query (without the `?`). */
export interface Target {
  /** The path, e.g. `/flags/br/br.gif`. */
  path: string;
  /** The query string without `?`, or `""`. */
  query: string;
}

// RFC 3986 host (IP literal, IPv4 or reg-name) and an optional port.
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|(?:[-A-Za-z0-9._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*)(?::(\d*))?$/;

/** Whether `host` is a `Host` header's `host[:port]` (RFC 9110), port at most 65535. */
function isValidHost(host: string): boolean {
  const match = HOST.exec(host);
  return match !== null && (match[1] === undefined || Number(match[1]) <= 65535);
}

/**
 * The target of a request, from its request line alone: undefined when its `Host` header is not
 * a valid `host[:port]`. `Deno.serve` builds `request.url` as `http://` + the target's authority
 * (or else the Host header, or else the local address) + the path and query; once the Host is
 * known to hold no `/`, the path starts at the first `/` after `http://`.
 */
export function targetOf(request: Request): Target | undefined {
  const host = request.headers.get("host");
  if (host !== null && !isValidHost(host)) return undefined;
  const url = request.url;
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return { path: "/", query: "" };
  const q = url.indexOf("?", start);
  return q < 0
    ? { path: url.slice(start), query: "" }
    : { path: url.slice(start, q), query: url.slice(q + 1) };
}

/** Whether an `If-None-Match` header value matches `etag` (weak comparison, RFC 9110). */
export function etagMatches(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

/** The files a router serves, by lower-case country code. */
export interface FlagFiles {
  /** Each code's `<cc>.gif`. */
  images: ReadonlyMap<string, ServedFile>;
  /** Each code's `metadata.json`. */
  metadata: ReadonlyMap<string, ServedFile>;
  /** Each code's country name, shown under its flag on the gallery (see `loadMetadata`). */
  names: ReadonlyMap<string, string>;
  /** Codes of the book that have no image (named on the gallery page). */
  missing: readonly string[];
}

/** Builds the router for a set of files. */
export function createRouter(
  { images, metadata, names, missing }: FlagFiles,
): (request: Request, path: string) => Reply {
  const files = new Map<string, { ok: Reply; notModified: Reply; etag: string }>();
  const serve = (path: string, file: ServedFile) =>
    files.set(path, {
      etag: file.etag,
      ok: prebuilt({
        status: 200,
        headers: { "content-type": file.contentType, etag: file.etag },
        body: file.bytes,
      }),
      notModified: prebuilt({ status: 304, headers: { etag: file.etag }, body: null }),
    });
  for (const [cc, image] of images) serve(`/flags/${cc}/${cc}.gif`, image);
  for (const [cc, json] of metadata) serve(`/flags/${cc}/metadata.json`, json);
  const gallery = prebuilt({
    status: 200,
    headers: { "content-type": "text/html; charset=utf-8" },
    body: encoder.encode(galleryHtml([...images.keys()].sort(), missing, names)),
  });
  const notFound = prebuilt(textReply(404, "404 Not Found"));
  const notAllowed = prebuilt(
    textReply(405, "405 Method Not Allowed", { allow: ALLOWED_METHODS }),
  );
  const redirect = prebuilt({ status: 301, headers: { location: "/flags/" }, body: null });

  return (request, path) => {
    if (request.method !== "GET" && request.method !== "HEAD") return notAllowed;
    const file = files.get(path);
    if (file !== undefined) {
      const inm = request.headers.get("if-none-match");
      if (inm !== null && etagMatches(inm, file.etag)) return file.notModified;
      return file.ok;
    }
    if (path === "/flags/") return gallery;
    if (path === "/" || path === "/flags") return redirect;
    return notFound;
  };
}

/** `reply` with its prebuilt `Response` (see {@linkcode Reply.response}). */
function prebuilt(reply: Reply): Reply {
  const { status, headers, body } = reply;
  return { ...reply, response: new Response(body, { status, headers }) };
}
