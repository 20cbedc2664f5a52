/**
 * The flag test server: what the book set up with nginx (LOCAL) and two
 * vaurien proxies (DELAY, ERROR), in one process.
 *
 * - LOCAL answers at once.
 * - DELAY answers every request after the delay.
 * - ERROR answers `errorRate` of the requests with an error picked from
 *   `errorStatus` and delays `delayRate` of them (two independent draws).
 *
 * `/stats` is served by every listener, is never delayed nor failed, and is not
 * counted. A delayed response carries `Server-Timing: delay;dur=<ms>`. A client that hangs up while its response is delayed is counted as
 * `"aborted"` and its timer is cleared at once.
 *
 * @example
 * ```ts
 * import { startFlagServer } from "./flag_server.ts";
 * const srv = await startFlagServer({ localPort: 0, delayPort: 0, errorPort: 0, quiet: true });
 * try {
 *   const res = await fetch(`${srv.urls.LOCAL}/br/br.gif`);
 *   console.log(res.status, (await res.bytes()).length > 0); // 200 true
 *   console.log(srv.stats().LOCAL.requests); // 1
 * } finally {
 *   await srv.shutdown();
 * }
 * ```
 *
 * @module
 */

import {
  type ErrorStatus,
  type FlagServerOptions,
  type ResolvedOptions,
  resolveOptions,
} from "./options.ts";
import { loadFlagImages } from "./images.ts";
import { createRouter, pathOf, type Reply, textReply } from "./routes.ts";
import {
  type Listener,
  LISTENERS,
  type Outcome,
  ServerCounters,
  type ServerStats,
} from "./stats.ts";
import { seededRandom } from "./random.ts";

export type { FlagServerOptions } from "./options.ts";
export type { ListenerStats, ServerStats } from "./stats.ts";

/** A running flag server. */
export interface FlagServer {
  /** Base URL of each listener's flags, e.g. `http://127.0.0.1:8002/flags`. */
  urls: Record<Listener, string>;
  /** The counters of each listener (the same as `GET /stats`). */
  stats(): ServerStats;
  /** Zeroes the counters (like `GET /stats?reset=1`) and returns what they were. */
  resetStats(): ServerStats;
  /** Codes of the book with no image in the served folder (they answer 404). */
  missing: readonly string[];
  /** Cuts pending delays short (answered 503), closes the listeners and connections. */
  shutdown(): Promise<void>;
  /** Same as `shutdown()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** A listener could not be opened; the message is one line naming the port. */
export class ListenError extends Error {
  override name = "ListenError";
}

/**
 * Loads the images, then opens the three listeners.
 *
 * @throws {OptionError} for a bad option or an unusable `dir`
 * @throws {ListenError} when a port is taken or the address cannot be used
 */
export async function startFlagServer(options: FlagServerOptions = {}): Promise<FlagServer> {
  const opts = resolveOptions(options);
  const { images, missing } = await loadFlagImages(opts.dir);
  const route = createRouter(images, missing);
  const counters = new ServerCounters();
  const random = seededRandom(opts.seed);
  const closing = new AbortController();
  const log = opts.quiet ? undefined : (line: string) => console.log(line);

  const statsReply = (url: string): Response => {
    const reset = new URL(url).searchParams.get("reset");
    const body = reset === "1" || reset === "true" ? counters.reset() : counters.snapshot();
    return Response.json(body, { headers: { "cache-control": "no-store" } });
  };

  const sampleDelay = (): number => {
    const [min, max] = opts.delay;
    return min === max ? min : min + random() * (max - min);
  };

  const handlerFor = (listener: Listener) => async (request: Request): Promise<Response> => {
    const path = pathOf(request.url);
    if (path === "/stats" && (request.method === "GET" || request.method === "HEAD")) {
      return statsReply(request.url);
    }
    const end = counters.begin(listener);
    let delay = 0;
    let error: ErrorStatus | undefined;
    if (listener === "DELAY") {
      delay = sampleDelay();
    } else if (listener === "ERROR") {
      const failing = random() < opts.errorRate;
      const pick = random();
      const delayed = random() < opts.delayRate;
      const delayDraw = sampleDelay();
      if (failing) error = opts.errorStatus[Math.floor(pick * opts.errorStatus.length)];
      if (delayed) delay = delayDraw;
    }
    let reply: Reply;
    let outcome: Outcome;
    if (delay > 0 && !(await sleep(delay * 1000, request.signal, closing.signal))) {
      if (request.signal.aborted) {
        outcome = "aborted";
        reply = textReply(499, "client closed request");
      } else {
        outcome = 503;
        reply = textReply(503, "503 Service Unavailable: shutting down", { connection: "close" });
      }
    } else if (error === undefined || error === "truncate") {
      reply = route(request, path);
      outcome = error ?? reply.status;
    } else {
      reply = textReply(error, `${error} ${STATUS_TEXT[error] ?? "Error"}`);
      outcome = error;
    }
    end(outcome);
    log?.(`${listener} ${request.method} ${path} ${outcome} ${delay.toFixed(3)}s`);
    if (delay > 0) {
      reply = {
        ...reply,
        headers: { ...reply.headers, "server-timing": `delay;dur=${(delay * 1000).toFixed(1)}` },
      };
    }
    if (outcome === "truncate" && reply.body !== null) return truncated(reply);
    return new Response(reply.body, { status: reply.status, headers: reply.headers });
  };

  const servers: Deno.HttpServer<Deno.NetAddr>[] = [];
  const urls = {} as Record<Listener, string>;
  const ports: Record<Listener, number> = {
    LOCAL: opts.localPort,
    DELAY: opts.delayPort,
    ERROR: opts.errorPort,
  };
  try {
    for (const listener of LISTENERS) {
      const server = listen(opts, listener, ports[listener], handlerFor(listener));
      servers.push(server);
      urls[listener] = `${baseUrl(opts.host, server.addr.port)}/flags`;
    }
  } catch (error) {
    await Promise.all(servers.map((s) => s.shutdown()));
    throw error;
  }

  let stopped: Promise<void> | undefined;
  const shutdown = () => {
    stopped ??= (async () => {
      closing.abort();
      await Promise.all(servers.map((s) => s.shutdown()));
    })();
    return stopped;
  };
  return {
    urls,
    stats: () => counters.snapshot(),
    resetStats: () => counters.reset(),
    missing,
    shutdown,
    [Symbol.asyncDispose]: shutdown,
  };
}

function listen(
  opts: ResolvedOptions,
  listener: Listener,
  port: number,
  handler: (request: Request) => Promise<Response>,
): Deno.HttpServer<Deno.NetAddr> {
  try {
    return Deno.serve({
      hostname: opts.host,
      port,
      onListen: () => {},
      onError: (error) => {
        if (error instanceof TruncatedOnPurpose) return new Response(null, { status: 500 });
        console.error(`${listener}: ${error instanceof Error ? error.message : error}`);
        return new Response("500 Internal Server Error\n", { status: 500 });
      },
    }, handler);
  } catch (error) {
    const where = `${opts.host}:${port} (${listener})`;
    if (error instanceof Deno.errors.AddrInUse) {
      throw new ListenError(`port ${port} is already in use: cannot listen on ${where}`);
    }
    if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
      throw new ListenError(`no permission to listen on ${where} (check --allow-net)`);
    }
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new ListenError(`cannot listen on ${where}: ${message}`);
  }
}

function baseUrl(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/** Waits `ms`; resolves false at once if a signal aborts first. The timer never outlives it. */
function sleep(ms: number, ...signals: AbortSignal[]): Promise<boolean> {
  if (signals.some((s) => s.aborted)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const finish = (done: boolean) => {
      clearTimeout(timer);
      for (const s of signals) s.removeEventListener("abort", onAbort);
      resolve(done);
    };
    const onAbort = () => finish(false);
    const timer = setTimeout(() => finish(true), ms);
    for (const s of signals) s.addEventListener("abort", onAbort);
  });
}

class TruncatedOnPurpose extends Error {
  override name = "TruncatedOnPurpose";
}

/** The reply's headers and half its body, then an aborted connection. */
function truncated(reply: Reply): Response {
  const body = reply.body!;
  const half = body.subarray(0, Math.floor(body.length / 2));
  let sent = half.length === 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent) return controller.error(new TruncatedOnPurpose());
      sent = true;
      controller.enqueue(half);
    },
  });
  return new Response(stream, {
    status: reply.status,
    headers: { ...reply.headers, "content-length": String(body.length) },
  });
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  403: "Forbidden",
  404: "Not Found",
  408: "Request Timeout",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};
