/**
 * Private to async_pool.ts and worker_pool.ts: the {@linkcode CallRecord}
 * an executor fills in as an observed call goes, and the {@linkcode Lanes}
 * of a pool's slots.
 *
 * @module
 */

import type { Future } from "./future.ts";
import type { CallOutcome, CallRecord, ExecutorObserver } from "./observer.ts";

/** A record an executor fills in as its call goes, telling the observer each step. */
export class Observed implements CallRecord {
  readonly future: Future<unknown>;
  readonly target: string;
  readonly args: readonly unknown[];
  readonly submittedAt: number = performance.now();
  startedAt: number | undefined = undefined;
  lane: number | undefined = undefined;
  endedAt: number | undefined = undefined;
  outcome: CallOutcome | undefined = undefined;
  readonly #observer: ExecutorObserver;

  /** Records the submission of a call, tells the observer, and watches the future's end. */
  constructor(
    observer: ExecutorObserver,
    future: Future<unknown>,
    target: string,
    args: readonly unknown[],
  ) {
    this.#observer = observer;
    this.future = future;
    this.target = target;
    this.args = args;
    observer.submitted?.(this);
    future.addDoneCallback((f) => {
      this.endedAt = performance.now();
      this.outcome = f.cancelled() ? "cancelled" : f.failed() ? "raised" : "returned";
      observer.ended?.(this);
    });
  }

  /** The call starts now on `lane` (once: a second call does nothing). */
  start(lane: number): void {
    if (this.startedAt !== undefined) return;
    this.startedAt = performance.now();
    this.lane = lane;
    this.#observer.started?.(this);
  }
}

/** The lanes of a pool's slots: each call takes the lowest free one. */
export class Lanes {
  readonly #busy: boolean[] = [];

  /** Takes the lowest free lane. */
  take(): number {
    let lane = this.#busy.indexOf(false);
    if (lane === -1) lane = this.#busy.length;
    this.#busy[lane] = true;
    return lane;
  }

  /** Frees `lane`. */
  free(lane: number): void {
    this.#busy[lane] = false;
  }
}
