/**
 * Opening one listener of the flag server with `Deno.serve`, with one-line
 * errors for the usual failures (port taken, address not allowed), and keeping
 * it open: when its accept loop dies — in Deno 2.9 it does when the process runs
 * out of file descriptors (denoland/deno#10148) — the listener opens again on
 * the same port, every `REOPEN_DELAY_MS`, until it can (hyper's
 * remedy: wait and retry), so the process lives and answers again once
 * descriptors are free. Failures less than `OUTAGE_GAP_MS` apart are
 * one outage, reported once.
 *
 * @example
 * ```ts
 * import { serveListener } from "./listen.ts";
 * const server = serveListener({ listener: "LOCAL", host: "127.0.0.1", port: 0 }, () => new Response("hi"));
 * console.log(server.addr.port > 0); // true
 * await server.shutdown();
 * ```
 *
 * @module
 */

import { TruncatedOnPurpose } from "./truncate.ts";
import type { Listener } from "./stats.ts";
import { firstLine } from "../cli/fail.ts";

/** A listener could not be opened; the message is one line naming the port. */
export class ListenError extends Error {
  /** Always `"ListenError"`. */
  override name = "ListenError";
}

/** Where and how to listen. */
export interface ListenOptions {
  /** Name used in error messages. */
  listener: Listener;
  /** Address to bind, e.g. `127.0.0.1`. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Share the port with other threads (`SO_REUSEPORT`; needs `--unstable-net`). */
  reusePort?: boolean;
  /** Called once per outage (to count it). */
  onOutage?: () => void;
  /** Where to report an outage (one line each) or a handler's unexpected error; none when quiet. */
  log?: (line: string) => void;
}

/** Whether listeners may share a port (`reusePort`): Linux, with `--unstable-net`. */
export function canSharePorts(): boolean {
  return Deno.build.os === "linux" &&
    typeof (Deno as { listenDatagram?: unknown }).listenDatagram === "function";
}

/** Pending connections the kernel may queue per listener (capped by net.core.somaxconn). */
export const TCP_BACKLOG = 4096;

/** How long a listener whose accept loop died waits before it opens again, in ms. */
const REOPEN_DELAY_MS = 100;

/** Failures of a listener closer together than this (ms) are one outage. */
const OUTAGE_GAP_MS = 1000;

/** A listener that reopens itself after an outage (see the module doc). */
export interface KeptListener {
  /** The address it listens on (the same after every reopening). */
  readonly addr: Deno.NetAddr;
  /** Closes it for good: no more reopening, connections closed. */
  shutdown(): Promise<void>;
}

/**
 * Starts `Deno.serve` on `host:port` without its start-up message, and keeps it open.
 *
 * @throws {ListenError} naming the port when it is taken or not allowed
 */
export function serveListener(
  options: ListenOptions,
  handler: (request: Request) => Response | Promise<Response>,
): KeptListener {
  try {
    return new Kept(options, handler);
  } catch (error) {
    throw listenError(error, options.listener, options.host, options.port);
  }
}

class Kept implements KeptListener {
  readonly addr: Deno.NetAddr;
  readonly #options: ListenOptions;
  readonly #handler: (request: Request) => Response | Promise<Response>;
  #server: Deno.HttpServer<Deno.NetAddr>;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastFailure = -Infinity;
  #closed = false;

  constructor(
    options: ListenOptions,
    handler: (request: Request) => Response | Promise<Response>,
  ) {
    this.#options = options;
    this.#handler = handler;
    this.#server = this.#open(options.port);
    this.addr = this.#server.addr;
  }

  #open(port: number): Deno.HttpServer<Deno.NetAddr> {
    const { listener, host, reusePort = false, log } = this.#options;
    const server = Deno.serve({
      hostname: host,
      port,
      reusePort,
      tcpBacklog: TCP_BACKLOG,
      onListen: () => {},
      onError: (error) => {
        if (!(error instanceof TruncatedOnPurpose)) log?.(`${listener}: ${firstLine(error)}`);
        return new Response("500 Internal Server Error\n", { status: 500 });
      },
    }, this.#handler);
    server.finished.catch((error) => this.#lost(error));
    return server;
  }

  /** The accept loop died: count the outage once, then reopen until it works. */
  #lost(error: unknown) {
    if (this.#closed) return;
    const now = performance.now();
    const newOutage = now - this.#lastFailure > OUTAGE_GAP_MS;
    this.#lastFailure = now;
    if (newOutage) {
      const { listener, onOutage, log } = this.#options;
      onOutage?.();
      const why = firstLine(error);
      const what = /os error 2[34]\b/.test(why) ? "out of file descriptors" : "accept loop failed";
      log?.(`server: ${listener}: ${what} (${why}); listening again as soon as it can`);
    }
    this.#timer = setTimeout(this.#reopen, REOPEN_DELAY_MS);
  }

  #reopen = () => {
    this.#timer = undefined;
    if (this.#closed) return;
    try {
      this.#server = this.#open(this.addr.port);
    } catch {
      this.#lastFailure = performance.now();
      this.#timer = setTimeout(this.#reopen, REOPEN_DELAY_MS); // still no descriptor free
    }
  };

  async shutdown(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#server.shutdown();
  }
}

/**
 * Binds `host:port` without `SO_REUSEPORT` and releases it: proves nobody else
 * (not even another reuse-port server) holds the port, and turns 0 into a free port.
 *
 * @throws {ListenError} naming the port when it is taken or not allowed
 */
export function reservePort(listener: Listener, host: string, port: number): number {
  try {
    const probe = Deno.listen({ hostname: host, port });
    const free = probe.addr.port;
    probe.close();
    return free;
  } catch (error) {
    throw listenError(error, listener, host, port);
  }
}

function listenError(error: unknown, listener: Listener, host: string, port: number): ListenError {
  const where = `${host}:${port} (${listener})`;
  if (error instanceof Deno.errors.AddrInUse) {
    return new ListenError(`port ${port} is already in use: cannot listen on ${where}`);
  }
  if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
    return new ListenError(`no permission to listen on ${where} (check --allow-net)`);
  }
  const message = firstLine(error);
  return new ListenError(`cannot listen on ${where}: ${message}`);
}
