/**
 * The one way every flag client downloads a flag: a GET with a timeout, whose 200 counts as a
 * flag only if it is one. The body is read as a stream and checked as it arrives:
 *
 * - it must start with a GIF signature (`GIF87a` or `GIF89a`), else `not a GIF`;
 * - it must stay within {@linkcode MAX_FLAG_BYTES} (the book's largest flag is 36 KB), else
 *   `body over 4 MiB` — a Content-Length over the cap is refused before reading anything;
 * - it must be as long as its Content-Length says, else `truncated: 10 of 361 bytes`.
 *
 * Reading stops at the first broken rule, so memory stays bounded whatever a server sends:
 * {@linkcode fetchFlag} holds at most the cap, {@linkcode downloadFlag} one chunk (it streams
 * into a temporary file that becomes the flag only once every check passed).
 *
 * Every failure is a {@linkcode DownloadError} whose message is one line for the user; an abort
 * by the caller's `signal` (Ctrl+C) rejects with the signal's reason instead.
 *
 * @example
 * ```ts ignore
 * import { downloadFlag, fetchFlag } from "./checked_download.ts";
 *
 * const gif = await fetchFlag("http://localhost:8001/flags/br/br.gif", { timeout: 10 });
 * await downloadFlag("http://localhost:8001/flags/cn/cn.gif", "downloads", "cn.gif");
 * ```
 *
 * @module
 */

import {
  ConnectionError,
  DownloadError,
  DownloadTimeoutError,
  HTTPError,
  NotAFlagError,
  ServerNotRunningError,
} from "./errors.ts";
import { saveFlagStream } from "./save_flag.ts";
import { isUnreachable } from "./servers.ts";

/** The most bytes a flag may have: 4 MiB (the book's largest flag is 36 KB). */
export const MAX_FLAG_BYTES = 4 * 2 ** 20;

/** Seconds a request (headers and body) may take, unless the caller says otherwise. */
export const DEFAULT_TIMEOUT = 10;

/** How every GIF starts (GIF87a or GIF89a). */
const GIF_SIGNATURES = ["GIF87a", "GIF89a"];
const SIGNATURE_LENGTH = 6;

/** Options of {@linkcode fetchFlag} and {@linkcode downloadFlag}. */
export interface FetchFlagOptions {
  /** Seconds before the request (headers and body) is abandoned; default 10. */
  timeout?: number;
  /** Aborts the request (Ctrl+C); the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** The most bytes accepted; default {@linkcode MAX_FLAG_BYTES}. */
  maxBytes?: number;
  /**
   * Whether the body must be a GIF (start with its signature); default true. `false` checks
   * only the status, the size cap and the Content-Length (flags3's `metadata.json`).
   */
  gif?: boolean;
}

/**
 * `1 KiB`, `4 MiB`: a size as the messages give it (whole units when it is one).
 *
 * @example
 * ```ts
 * import { formatBytes } from "./checked_download.ts";
 * formatBytes(4 * 2 ** 20); // "4 MiB"
 * formatBytes(1000); // "1000 bytes"
 * ```
 */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [["GiB", 2 ** 30], ["MiB", 2 ** 20], ["KiB", 2 ** 10]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} bytes`;
}

/**
 * Downloads the flag at `url` into memory and returns its bytes (at most `maxBytes`).
 *
 * @throws {HTTPError} for any status but 200 (404 included: the caller decides).
 * @throws {NotAFlagError} when the body is not a GIF, too big, or truncated.
 * @throws {ServerNotRunningError} when no server could be reached at all.
 * @throws {ConnectionError} when the connection fails otherwise.
 * @throws {DownloadTimeoutError} after `timeout` seconds.
 */
export async function fetchFlag(url: string, options: FetchFlagOptions = {}): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of flagChunks(url, options)) chunks.push(chunk);
  const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/**
 * Downloads the flag at `url` straight into `dir/filename`, atomically (see
 * {@linkcode saveFlagStream}): the file appears only once every check passed, and nothing is
 * left when one fails, the connection breaks, or `signal` aborts.
 *
 * @returns the path written.
 * @throws what {@linkcode fetchFlag} throws, or the error of writing the file.
 */
export function downloadFlag(
  url: string,
  dir: string,
  filename: string,
  options: FetchFlagOptions = {},
): Promise<string> {
  return saveFlagStream(flagChunks(url, options), dir, filename);
}

/**
 * The body of the flag at `url`, chunk by chunk, each chunk yielded only after the checks
 * so far passed; the generator throws the first {@linkcode DownloadError} instead.
 */
export async function* flagChunks(
  url: string,
  {
    timeout = DEFAULT_TIMEOUT,
    signal,
    maxBytes = MAX_FLAG_BYTES,
    gif = true,
  }: FetchFlagOptions = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  // One signal covers the headers and the body. Its timer is unref'd: it never keeps the
  // process alive, and it is cheaper than a setTimeout/clearTimeout pair per request.
  const deadline = AbortSignal.timeout(timeout * 1000);
  const abort = signal === undefined ? deadline : AbortSignal.any([signal, deadline]);
  /** What a failed fetch or read means: the caller's abort, the timeout, or the network. */
  const failure = (error: unknown): unknown => {
    if (signal?.aborted) return signal.reason;
    if (deadline.aborted) return new DownloadTimeoutError(timeout);
    if (error instanceof DownloadError) return error;
    if (isUnreachable(error)) return new ServerNotRunningError({ cause: error });
    return new ConnectionError({ cause: error });
  };
  let response: Response;
  try {
    response = await fetch(url, { signal: abort });
  } catch (error) {
    throw failure(error);
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => {});
    throw new HTTPError(response.status, response.statusText);
  }
  const declared = contentLength(response);
  if (declared !== undefined && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new NotAFlagError(`body over ${formatBytes(maxBytes)} (Content-Length: ${declared})`);
  }
  if (response.body === null) {
    if (gif) throw notAGif(new Uint8Array(0));
    return;
  }
  const reader = response.body.getReader();
  let received = 0;
  let head: Uint8Array | undefined = gif ? new Uint8Array(0) : undefined; // until checked
  let finished = false;
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (error) {
        if (!abort.aborted && declared !== undefined && received < declared) {
          throw truncated(received, declared);
        }
        throw failure(error);
      }
      if (next.done) break;
      received += next.value.length;
      if (received > maxBytes) throw new NotAFlagError(`body over ${formatBytes(maxBytes)}`);
      if (head === undefined) {
        yield next.value;
        continue;
      }
      head = concat(head, next.value);
      if (head.length < SIGNATURE_LENGTH) continue;
      checkSignature(head);
      const checked = head;
      head = undefined;
      yield checked;
    }
    finished = true;
    if (declared !== undefined && received < declared) throw truncated(received, declared);
    if (head !== undefined) checkSignature(head); // a body shorter than a signature
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

function contentLength(response: Response): number | undefined {
  const text = response.headers.get("content-length");
  return text !== null && /^\d+$/.test(text.trim()) ? Number(text) : undefined;
}

function truncated(received: number, declared: number): NotAFlagError {
  return new NotAFlagError(`truncated: ${received} of ${declared} bytes`);
}

/**
 * Whether `bytes` start with a GIF signature (`GIF87a` or `GIF89a`).
 *
 * @example
 * ```ts
 * import { hasGifSignature } from "./checked_download.ts";
 * hasGifSignature(new TextEncoder().encode("GIF89a and the rest")); // true
 * ```
 */
export function hasGifSignature(bytes: Uint8Array): boolean {
  return GIF_SIGNATURES.includes(String.fromCharCode(...bytes.subarray(0, SIGNATURE_LENGTH)));
}

function checkSignature(head: Uint8Array): void {
  if (!hasGifSignature(head)) throw notAGif(head);
}

function notAGif(head: Uint8Array): NotAFlagError {
  if (head.length === 0) return new NotAFlagError("not a GIF (the body is empty)");
  const start = JSON.stringify(new TextDecoder().decode(head.subarray(0, 12)));
  return new NotAFlagError(`not a GIF (it starts with ${start})`);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const both = new Uint8Array(a.length + b.length);
  both.set(a);
  both.set(b, a.length);
  return both;
}
