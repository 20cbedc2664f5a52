/**
 * The request handler of one listener: counts the request, decides its fault
 * (`faults.ts`), answers from the routes at once or after its delay
 * (`delayed.ts`), and logs one line. It runs on the main thread and in the
 * LOCAL worker threads alike.
 *
 * The route comes from the request line alone: a request whose `Host` is not
 * `host[:port]` is answered 400 at once (counted, never delayed or failed).
 * `/stats` is never delayed, failed or counted. A delayed response carries
 * `Server-Timing: delay;dur=<ms>`. A client that hangs up while its response
 * is delayed (past the first second, see `delayed.ts`) is counted as
 * `"aborted"` and leaves the delay queue at once.
 *
 * @example
 * ```ts
 * import { createHandler } from "./handler.ts";
 * import { createRouter } from "./routes.ts";
 * import { loadFlagImages } from "./images.ts";
 * import { DEFAULTS } from "./options.ts";
 * import { ServerCounters } from "./stats.ts";
 * const { images } = await loadFlagImages();
 * const counters = new ServerCounters();
 * const handle = createHandler("LOCAL", {
 *   route: createRouter({ images, metadata: new Map(), names: new Map(), missing: [] }),
 *   faults: DEFAULTS,
 *   counters,
 *   closing: new AbortController().signal,
 * });
 * const res = await handle(new Request("http://x/flags/br/br.gif"));
 * console.log(res.status, counters.snapshot().LOCAL.requests); // 200 1
 * ```
 *
 * @module
 */

import { type Reply, targetOf, textReply } from "./routes.ts";
import type { Listener, Outcome, ServerCounters } from "./stats.ts";
import { decideFault, type FaultSettings } from "./faults.ts";
import { DelayedAnswers, type PendingRequest } from "./delayed.ts";
import { truncatedResponse } from "./truncate.ts";

/** What a listener's handler needs. */
export interface HandlerContext {
  /** The routes (see `createRouter`). */
  route: (request: Request, path: string) => Reply;
  /** The server's fault settings; each listener uses its own part of them (see `decideFault`). */
  faults: FaultSettings;
  /** Shared counters. */
  counters: ServerCounters;
  /** Aborted when the server closes: pending delays end at once with 503. */
  closing: AbortSignal;
  /** Where log lines go; none when quiet. */
  log?: (line: string) => void;
  /** Random numbers in [0, 1) for the fault draws (seeded or not). Default `Math.random`. */
  random?: () => number;
}

/**
 * Builds the `Deno.serve` handler of `listener`. It returns a plain `Response`
 * (Deno's fast path) unless the response is delayed; a fixed reply that is
 * neither delayed nor failed is a clone of the router's prebuilt `Response`.
 */
export function createHandler(
  listener: Listener,
  ctx: HandlerContext,
): (request: Request) => Response | Promise<Response> {
  const { route, faults, counters, log } = ctx;
  const random = ctx.random ?? Math.random;
  const finish = ({ request, path, fault }: PendingRequest, outcome: Outcome) => {
    counters.end(listener, outcome);
    log?.(`${listener} ${request.method} ${path} ${outcome} ${fault.delay.toFixed(3)}s`);
  };
  const delayed = new DelayedAnswers(ctx.closing, (pending, cut) => {
    if (cut === undefined) return answer(route, pending, finish);
    finish(pending, cut === "aborted" ? "aborted" : 503);
    return cutShortResponse();
  });

  return (request) => {
    const target = targetOf(request);
    if (target === undefined) {
      counters.start(listener);
      counters.end(listener, 400);
      log?.(`${listener} ${request.method} (bad Host) 400 0.000s`);
      return BAD_HOST.clone();
    }
    const { path } = target;
    if (path === "/stats" && (request.method === "GET" || request.method === "HEAD")) {
      return statsResponse(counters, target.query);
    }
    counters.start(listener);
    const pending = { request, path, fault: decideFault(listener, faults, random) };
    return pending.fault.delay > 0 ? delayed.add(pending) : answer(route, pending, finish);
  };
}

/** The response to `pending` with its fault applied; `finish` counts and logs it. */
function answer(
  route: HandlerContext["route"],
  pending: PendingRequest,
  finish: (pending: PendingRequest, outcome: Outcome) => void,
): Response {
  const { request, path, fault: { error, delay } } = pending;
  const injected = error !== undefined && error !== "truncate";
  const reply = injected ? errorReply(error) : route(request, path);
  const outcome = error ?? reply.status;
  finish(pending, outcome);
  if (delay === 0 && error === undefined && reply.response !== undefined) {
    return reply.response.clone();
  }
  const headers = delay === 0
    ? reply.headers
    : { ...reply.headers, "server-timing": `delay;dur=${(delay * 1000).toFixed(1)}` };
  if (outcome === "truncate" && reply.body !== null) {
    return truncatedResponse(reply.status, headers, reply.body);
  }
  return new Response(reply.body, { status: reply.status, headers });
}

/**
 * The answer of a delayed request cut short: by the server's closing (a 503 the client reads),
 * or by its client's hang-up (nobody reads it; the response just ends the request).
 */
function cutShortResponse(): Response {
  return new Response("503 Service Unavailable: shutting down\n", {
    status: 503,
    headers: { "content-type": "text/plain; charset=utf-8", connection: "close" },
  });
}

/** The answer to a request whose Host is not `host[:port]`. */
const BAD_HOST = new Response("400 Bad Request: the Host header must be host[:port]\n", {
  status: 400,
  headers: { "content-type": "text/plain; charset=utf-8", connection: "close" },
});

/** `GET /stats` (`?reset=1` zeroes the counters and returns what they were). */
function statsResponse(counters: ServerCounters, query: string): Response {
  const reset = new URLSearchParams(query).get("reset");
  const body = reset === "1" || reset === "true" ? counters.reset() : counters.snapshot();
  return Response.json(body, { headers: { "cache-control": "no-store" } });
}

/** An injected error: its status and a one-line text body. */
function errorReply(status: number): Reply {
  return textReply(status, `${status} ${STATUS_TEXT[status] ?? "Error"}`);
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
