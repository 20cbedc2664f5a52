/**
 * Why a flag did not arrive: the one family of errors every flag client throws, each a
 * {@linkcode DownloadError} whose message is what the book's scripts print after
 * `*** Error for CC: `.
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

/** The connection failed: refused, reset, or closed before the whole body arrived. */
export class ConnectionError extends DownloadError {
  /** Always `"ConnectionError"`. */
  override name = "ConnectionError";

  /**
   * Makes the error for a failed fetch.
   *
   * @param options `cause` is the error fetch threw
   */
  constructor(options?: ErrorOptions) {
    super("Connection error", options);
  }
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

/**
 * Nothing listens at the flag server's address (series 1 stops the run with this). Recognised
 * by its `name`, which survives the trip out of a worker.
 */
export class ServerNotRunningError extends DownloadError {
  /** Always `"ServerNotRunningError"`. */
  override name = "ServerNotRunningError";

  /**
   * Makes the error.
   *
   * @param url the URL whose connection was refused
   */
  constructor(readonly url: string, options?: ErrorOptions) {
    super(
      `cannot connect to ${url}: is the flag server running? Start it with "deno task server".`,
      options,
    );
  }
}
