/**
 * Why a flag did not arrive: the one family of errors every flag client throws, each a
 * {@linkcode DownloadError} whose message is what the book's scripts print after
 * `*** Error for CC:`.
 *
 * @example
 * ```ts
 * import { DownloadError, HTTPError } from "./errors.ts";
 * const error = new HTTPError(503, "Service Unavailable");
 * console.log(error instanceof DownloadError, error.message); // true HTTP error 503 - Service Unavailable
 * ```
 *
 * @module
 */

/** A flag could not be downloaded; the message is one line meant for the user. */
export class DownloadError extends Error {
  /** Always `"DownloadError"` (each subclass has its own). */
  override name = "DownloadError";
}

/** The server answered with a status other than 200 (404 included: the caller decides). */
export class HTTPError extends DownloadError {
  /** Always `"HTTPError"`. */
  override name = "HTTPError";

  /**
   * Makes the error for a response.
   *
   * @param status the HTTP status, e.g. 503
   * @param reason its reason phrase, e.g. `Service Unavailable`
   */
  constructor(readonly status: number, readonly reason: string) {
    super(`HTTP error ${status} - ${reason}`);
  }
}

/**
 * The server answered 200, but what it sent is not a flag: not a GIF, over the size cap, or
 * shorter than its Content-Length. The message says which (`not a GIF`, `body over 4 MiB`,
 * `truncated: 10 of 361 bytes`).
 */
export class NotAFlagError extends DownloadError {
  /** Always `"NotAFlagError"`. */
  override name = "NotAFlagError";
}

/** The connection failed: refused, reset, or closed before the whole body arrived. */
export class ConnectionError extends DownloadError {
  /** Always `"ConnectionError"`. */
  override name = "ConnectionError";

  /**
   * Makes the error for a failed fetch; its message is the seed's `Connection error`.
   *
   * @param options `cause` is the error fetch threw
   */
  constructor(options?: ErrorOptions) {
    super("Connection error", options);
  }
}

/**
 * No server could be reached at all: nothing listens at the address, or the host name does not
 * resolve. A {@linkcode ConnectionError} (the seed prints `Connection error` for it too); a run
 * in which every request ends in one says how to start the server. Recognised by its `name`,
 * which survives the trip out of a worker.
 */
export class ServerNotRunningError extends ConnectionError {
  /** Always `"ServerNotRunningError"`. */
  override name = "ServerNotRunningError";
}

/** The request took longer than the timeout and was abandoned. */
export class DownloadTimeoutError extends DownloadError {
  /** Always `"DownloadTimeoutError"`. */
  override name = "DownloadTimeoutError";

  /**
   * Makes the error for an abandoned request.
   *
   * @param seconds the timeout that passed
   */
  constructor(readonly seconds: number) {
    super(`Timeout after ${seconds}s`);
  }
}
