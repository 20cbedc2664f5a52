/**
 * The request handler of one listener: counts the request, draws its delay
 * and injected error (DELAY, ERROR), answers from the router, logs one line.
 * It runs on the main thread and in the LOCAL worker threads alike.
 *
 * - LOCAL answers at once.
 * - DELAY answers every request after the delay.
 * - ERROR answers `errorRate` of the requests with an error picked from
 *   `errorStatus` and delays `delayRate` of them (two independent draws).
 *
 * `/stats` is never delayed, failed or counted. A delayed response carries
 * `Server-Timing: delay;dur=<ms>`. A client that hangs up while its response
 * is delayed is counted as `"aborted"` and leaves the delay queue at once.
 *
 * @example
 * ```ts
 * import { createHandler } from "./handler.ts";
 * import { createRouter } from "./routes.ts";
 * import { loadFlagImages } from "./images.ts";
 * import { ServerCounters } from "./stats.ts";
 * const { images } = await loadFlagImages();
 * const counters = new ServerCounters();
 * const handle = createHandler("LOCAL", {
 *   route: createRouter(images), counters, closing: new AbortController().signal,
 * });
 * const res = await handle(new Request("http://x/flags/br/br.gif"));
 * console.log(res.status, counters.snapshot().LOCAL.requests); // 200 1
 * ```
 *
 * @module
 */

import type { ErrorStatus } from "./options.ts";
import { pathOf, type Reply, textReply } from "./routes.ts";
import type { Listener, Outcome, ServerCounters } from "./stats.ts";
import { DelayQueue, type DueItem } from "./delay_queue.ts";

/** What a listener's handler needs. */
export interface HandlerContext {
  /** The routes (see `createRouter`). */
  route: (request: Request, path: string) => Reply;
  /** Shared counters. */
  counters: ServerCounters;
  /** Aborted when the server closes: pending delays end at once with 503. */
  closing: AbortSignal;
  /** Where log lines go; none when quiet. */
  log?: (line: string) => void;
  /** Random numbers in [0, 1) for the draws (seeded or not). Default `Math.random`. */
  random?: () => number;
  /** Delay range in seconds. Default no delay. */
  delay?: readonly [number, number];
  /** ERROR: share of requests that fail. */
  errorRate?: number;
  /** ERROR: share of requests that are delayed. */
  delayRate?: number;
  /** ERROR: the errors to pick from. */
  errorStatus?: readonly ErrorStatus[];
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
  const { route, counters, closing, log } = ctx;
  const random = ctx.random ?? Math.random;
  const [min, max] = ctx.delay ?? [0, 0];
  const errorRate = ctx.errorRate ?? 0;
  const delayRate = ctx.delayRate ?? 0;
  const errorStatus = ctx.errorStatus ?? [500];
  // Every delayed request waits in one queue with one timer (see delay_queue.ts).
  const queue = new DelayQueue();
  closing.addEventListener("abort", () => {
    for (const item of queue.drain()) (item as Delayed).settle(false);
  }, { once: true });
  const sampleDelay = () => min === max ? min : min + random() * (max - min);

  const respond = (
    request: Request,
    path: string,
    end: (outcome: Outcome) => void,
    error: ErrorStatus | undefined,
    delay: number,
  ): Response => {
    let reply: Reply;
    let outcome: Outcome;
    if (error === undefined || error === "truncate") {
      reply = route(request, path);
      outcome = error ?? reply.status;
    } else {
      reply = textReply(error, `${error} ${STATUS_TEXT[error] ?? "Error"}`);
      outcome = error;
    }
    end(outcome);
    log?.(`${listener} ${request.method} ${path} ${outcome} ${delay.toFixed(3)}s`);
    if (delay === 0 && error === undefined && reply.response !== undefined) {
      return reply.response.clone();
    }
    let headers = reply.headers;
    if (delay > 0) {
      headers = { ...headers, "server-timing": `delay;dur=${(delay * 1000).toFixed(1)}` };
    }
    if (outcome === "truncate" && reply.body !== null) return truncated(reply, headers);
    return new Response(reply.body, { status: reply.status, headers });
  };

  /** The answer of a delayed request: on time, or cut short (client gone or shutting down). */
  const answer = (d: Delayed, onTime: boolean): Response => {
    if (onTime) return respond(d.request, d.path, d.end, d.error, d.delay);
    return cutShort(d.request, d.path, d.end, d.delay);
  };

  const cutShort = (
    request: Request,
    path: string,
    end: (outcome: Outcome) => void,
    delay: number,
  ): Response => {
    const outcome = request.signal.aborted ? "aborted" : 503;
    end(outcome);
    log?.(`${listener} ${request.method} ${path} ${outcome} ${delay.toFixed(3)}s`);
    return new Response("503 Service Unavailable: shutting down\n", {
      status: 503,
      headers: { "content-type": "text/plain; charset=utf-8", connection: "close" },
    });
  };

  const respondLater = (
    request: Request,
    path: string,
    end: (outcome: Outcome) => void,
    error: ErrorStatus | undefined,
    delay: number,
  ): Response | Promise<Response> => {
    if (closing.aborted || request.signal.aborted) return cutShort(request, path, end, delay);
    return new Promise((resolve) => {
      const due = performance.now() + delay * 1000;
      const d = new Delayed(due, request, path, end, error, delay, resolve, queue, answer);
      request.signal.addEventListener("abort", d);
      queue.add(d);
    });
  };

  return (request) => {
    const path = pathOf(request.url);
    if (path === "/stats" && (request.method === "GET" || request.method === "HEAD")) {
      return statsResponse(counters, request.url);
    }
    const end = counters.begin(listener);
    let delay = 0;
    let error: ErrorStatus | undefined;
    if (listener === "DELAY") {
      delay = sampleDelay();
    } else if (listener === "ERROR") {
      const failing = random() < errorRate;
      const pick = random();
      const delayed = random() < delayRate;
      const delayDraw = sampleDelay();
      if (failing) error = errorStatus[Math.floor(pick * errorStatus.length)];
      if (delayed) delay = delayDraw;
    }
    return delay > 0
      ? respondLater(request, path, end, error, delay)
      : respond(request, path, end, error, delay);
  };
}

/** `GET /stats` (`?reset=1` zeroes the counters and returns what they were). */
function statsResponse(counters: ServerCounters, url: string): Response {
  const reset = new URL(url).searchParams.get("reset");
  const body = reset === "1" || reset === "true" ? counters.reset() : counters.snapshot();
  return Response.json(body, { headers: { "cache-control": "no-store" } });
}

/**
 * One delayed request: a single object that is its queue item (`fire`) and its
 * listener on the client's abort signal (`handleEvent`).
 */
class Delayed implements DueItem {
  slot = -1;
  #settled = false;

  constructor(
    readonly due: number,
    readonly request: Request,
    readonly path: string,
    readonly end: (outcome: Outcome) => void,
    readonly error: ErrorStatus | undefined,
    readonly delay: number,
    readonly resolve: (response: Response) => void,
    readonly queue: DelayQueue,
    readonly answer: (d: Delayed, onTime: boolean) => Response,
  ) {}

  /** Due: answer now. */
  fire(): void {
    this.settle(true);
  }

  /** The client hung up: leave the queue and answer at once (counted as aborted). */
  handleEvent(): void {
    this.queue.remove(this);
    this.settle(false);
  }

  /** Answers once, on time or cut short. */
  settle(onTime: boolean): void {
    if (this.#settled) return;
    this.#settled = true;
    this.request.signal.removeEventListener("abort", this);
    this.resolve(this.answer(this, onTime));
  }
}

/** The error a truncated body ends with; `Deno.serve`'s `onError` should ignore it. */
export class TruncatedOnPurpose extends Error {
  /** Always `"TruncatedOnPurpose"`. */
  override name = "TruncatedOnPurpose";
}

/** The reply's headers and half its body, then an aborted connection. */
function truncated(reply: Reply, headers: Record<string, string>): Response {
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
    headers: { ...headers, "content-length": String(body.length) },
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
