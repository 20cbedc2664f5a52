/**
 * The requests of one listener that wait for their delay. Each is one
 * {@linkcode PendingRequest} record, queued in one {@linkcode DelayQueue} (one timer for all)
 * and answered exactly once: on time, or cut short when its client hangs up (it leaves the
 * queue at once) or when the server closes (every waiting request at once).
 *
 * @example
 * ```ts
 * import { DelayedAnswers, type PendingRequest } from "./delayed.ts";
 * const closing = new AbortController();
 * const answers = new DelayedAnswers(
 *   closing.signal,
 *   (_p, onTime) => new Response(onTime ? "on time" : "cut short"),
 * );
 * const pending: PendingRequest = {
 *   request: new Request("http://x/flags/br/br.gif"),
 *   path: "/flags/br/br.gif",
 *   fault: { error: undefined, delay: 0.01 },
 *   end: () => {},
 * };
 * console.log(await (await answers.add(pending)).text()); // "on time"
 * ```
 *
 * @module
 */

import { DelayQueue, type DueItem } from "./delay_queue.ts";
import type { Fault } from "./faults.ts";
import type { Outcome } from "./stats.ts";

/** One request being handled: what was asked, the fault decided for it, how to count its end. */
export interface PendingRequest {
  /** The request as `Deno.serve` gave it. */
  readonly request: Request;
  /** Its path, without the query. */
  readonly path: string;
  /** Its error and delay (see `decideFault`). */
  readonly fault: Fault;
  /** Counts how it ended; the first call counts, later ones are ignored. */
  readonly end: (outcome: Outcome) => void;
}

/** Builds the answer of a pending request: on time, or cut short (client gone or closing). */
export type Answer = (pending: PendingRequest, onTime: boolean) => Response;

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
      for (const item of this.#queue.drain()) (item as Waiting).settle(false);
    }, { once: true });
  }

  /** Requests waiting now. */
  get size(): number {
    return this.#queue.size;
  }

  /** Answers `pending` after `pending.fault.delay` seconds, or sooner if it is cut short. */
  add(pending: PendingRequest): Response | Promise<Response> {
    if (this.#closing.aborted || pending.request.signal.aborted) {
      return this.#answer(pending, false);
    }
    return new Promise((resolve) => {
      const waiting = new Waiting(pending, resolve, this.#queue, this.#answer);
      pending.request.signal.addEventListener("abort", waiting);
      this.#queue.add(waiting);
    });
  }
}

/**
 * A pending request in the queue: a single object that is its queue item (`fire`) and its
 * listener on the client's abort signal (`handleEvent`), so waiting costs no closure.
 */
class Waiting implements DueItem {
  slot = -1;
  readonly due: number;
  #settled = false;

  constructor(
    readonly pending: PendingRequest,
    readonly resolve: (response: Response) => void,
    readonly queue: DelayQueue,
    readonly answer: Answer,
  ) {
    this.due = performance.now() + pending.fault.delay * 1000;
  }

  /** Due: answer now. */
  fire(): void {
    this.settle(true);
  }

  /** The client hung up: leave the queue and answer at once. */
  handleEvent(): void {
    this.queue.remove(this);
    this.settle(false);
  }

  /** Answers once, on time or cut short. */
  settle(onTime: boolean): void {
    if (this.#settled) return;
    this.#settled = true;
    this.pending.request.signal.removeEventListener("abort", this);
    this.resolve(this.answer(this.pending, onTime));
  }
}
