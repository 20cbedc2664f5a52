/**
 * The requests of one listener that wait for their delay. Each is one
 * {@linkcode PendingRequest} record, queued in one {@linkcode DelayQueue} (one timer for all)
 * and answered exactly once: on time, or cut short when its client hangs up (it leaves the
 * queue at once) or when the server closes (every waiting request at once).
 *
 * A hang-up is seen only through `request.signal`, and in Deno 2.9 a request's signal with its
 * listener costs about 5–8 KiB while the request waits: more than the rest of a waiting
 * request. So a request starts watching its client only once it has waited
 * {@linkcode WATCH_AFTER_MS}: the book's 0.5 s delays never pay for it, and a client that hangs
 * up during a longer delay leaves the queue within that time.
 *
 * @example
 * ```ts
 * import { DelayedAnswers, type PendingRequest } from "./delayed.ts";
 * const closing = new AbortController();
 * const answers = new DelayedAnswers(
 *   closing.signal,
 *   (_p, cut) => new Response(cut ?? "on time"),
 * );
 * const pending: PendingRequest = {
 *   request: new Request("http://x/flags/br/br.gif"),
 *   path: "/flags/br/br.gif",
 *   fault: { error: undefined, delay: 0.01 },
 * };
 * console.log(await (await answers.add(pending)).text()); // "on time"
 * ```
 *
 * @module
 */

import { DelayQueue, type DueItem } from "./delay_queue.ts";
import type { Fault } from "./faults.ts";

/** One request being handled: what was asked and the fault decided for it. */
export interface PendingRequest {
  /** The request as `Deno.serve` gave it. */
  readonly request: Request;
  /** Its path, without the query. */
  readonly path: string;
  /** Its error and delay (see `decideFault`). */
  readonly fault: Fault;
}

/** How long a request waits before it watches for its client hanging up, in ms. */
export const WATCH_AFTER_MS = 1000;

/** Why a pending request is answered before its time. */
export type CutShort = "aborted" | "closing";

/** Builds the answer of a pending request: on time (`cut` undefined), or cut short. */
type Answer = (pending: PendingRequest, cut?: CutShort) => Response;

/** The delayed requests of one listener. */
export class DelayedAnswers {
  readonly #queue = new DelayQueue();
  readonly #answer: Answer;
  readonly #closing: AbortSignal;

  /** `answer` builds each response; once `closing` aborts, every waiting request is cut short. */
  constructor(closing: AbortSignal, answer: Answer) {
    this.#answer = answer;
    this.#closing = closing;
    closing.addEventListener("abort", () => {
      for (const item of this.#queue.drain()) (item as Waiting).settle("closing");
    }, { once: true });
  }

  /** Requests waiting now. */
  get size(): number {
    return this.#queue.size;
  }

  /** Answers `pending` after `pending.fault.delay` seconds, or sooner if it is cut short. */
  add(pending: PendingRequest): Response | Promise<Response> {
    if (this.#closing.aborted) return this.#answer(pending, "closing");
    return new Promise((resolve) => {
      this.#queue.add(new Waiting(pending, resolve, this.#queue, this.#answer));
    });
  }
}

/**
 * A pending request in the queue: a single object that is its queue item (`fire`) and, once
 * it watches its client, its listener on the client's abort signal (`handleEvent`), so waiting
 * costs no closure.
 */
class Waiting implements DueItem {
  slot = -1;
  /** When it is next due: to start watching its client, or to be answered. */
  due: number;
  readonly #answerAt: number;
  #watching = false;
  #settled = false;

  constructor(
    readonly pending: PendingRequest,
    readonly resolve: (response: Response) => void,
    readonly queue: DelayQueue,
    readonly answer: Answer,
  ) {
    const now = performance.now();
    this.#answerAt = now + pending.fault.delay * 1000;
    this.due = Math.min(this.#answerAt, now + WATCH_AFTER_MS);
  }

  /** Due: answer now, or start watching the client and wait for the rest of the delay. */
  fire(): void {
    if (this.due >= this.#answerAt) return this.settle();
    this.due = this.#answerAt;
    this.#watching = true;
    this.pending.request.signal.addEventListener("abort", this);
    this.queue.add(this);
  }

  /** The client hung up: leave the queue and answer at once. */
  handleEvent(): void {
    this.queue.remove(this);
    this.settle("aborted");
  }

  /** Answers once: on time (`cut` undefined), or cut short. */
  settle(cut?: CutShort): void {
    if (this.#settled) return;
    this.#settled = true;
    if (this.#watching) this.pending.request.signal.removeEventListener("abort", this);
    this.resolve(this.answer(this.pending, cut));
  }
}
