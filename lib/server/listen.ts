/**
 * Opening one listener of the flag server with `Deno.serve`, with one-line
 * errors for the usual failures (port taken, address not allowed).
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
}

/** Whether listeners may share a port (`reusePort`): Linux, with `--unstable-net`. */
export function canSharePorts(): boolean {
  return Deno.build.os === "linux" &&
    typeof (Deno as { listenDatagram?: unknown }).listenDatagram === "function";
}

/** Pending connections the kernel may queue per listener (capped by net.core.somaxconn). */
export const TCP_BACKLOG = 4096;

/**
 * Starts `Deno.serve` on `host:port` without its start-up message.
 *
 * @throws {ListenError} naming the port when it is taken or not allowed
 */
export function serveListener(
  { listener, host, port, reusePort = false }: ListenOptions,
  handler: (request: Request) => Response | Promise<Response>,
): Deno.HttpServer<Deno.NetAddr> {
  try {
    return Deno.serve({
      hostname: host,
      port,
      reusePort,
      tcpBacklog: TCP_BACKLOG,
      onListen: () => {},
      onError: (error) => {
        if (!(error instanceof TruncatedOnPurpose)) {
          console.error(`${listener}: ${error instanceof Error ? error.message : error}`);
        }
        return new Response("500 Internal Server Error\n", { status: 500 });
      },
    }, handler);
  } catch (error) {
    throw listenError(error, listener, host, port);
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
