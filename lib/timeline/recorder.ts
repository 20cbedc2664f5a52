/**
 * {@linkcode TimelineRecorder}: collects a run's calls — from an executor, as
 * its observer, or from code that runs promises itself (`track`) — and turns
 * them into the bars of a timeline (svg.ts).
 *
 * Executor calls keep the lane their executor gave them (the worker, or the
 * lowest free slot). Tracked calls, which run on no executor, are given lanes
 * afterwards: each the lowest lane free when it started, which is the slot it
 * would have held in a pool of that many slots.
 *
 * @example
 * ```ts
 * import { AsyncPoolExecutor } from "../futures/mod.ts";
 * import { TimelineRecorder } from "./recorder.ts";
 * import { renderTimelineSvg } from "./svg.ts";
 *
 * const recorder = new TimelineRecorder();
 * {
 *   await using ex = new AsyncPoolExecutor(3, { observer: recorder });
 *   await Array.fromAsync(ex.map(async (cc: string) => cc.toLowerCase(), ["BR", "CN", "ID"]));
 * }
 * const svg = renderTimelineSvg({ title: "demo", laneName: "slot", bars: recorder.bars() });
 * console.log(recorder.bars().length, svg.includes("<rect")); // 3 true
 * ```
 *
 * @module
 */

import type { CallOutcome, CallRecord, ExecutorObserver } from "../futures/mod.ts";
import { firstLine } from "../cli/fail.ts";
import type { BarOutcome, TimelineBar } from "./svg.ts";

/** One finished call, whatever ran it. */
export interface FinishedCall {
  /** What ran: a function's or a task's name, or a tracked call's label. */
  readonly target: string;
  /** Its arguments (none for a tracked call). */
  readonly args: readonly unknown[];
  /** How it ended. */
  readonly outcome: CallOutcome;
  /** What it returned, if it did. */
  readonly value?: unknown;
  /** What it raised, if it did. */
  readonly error?: unknown;
}

/** How a bar shows a call: its label, its outcome and its result in words. */
export interface BarText {
  /** What ran, e.g. the country code. */
  readonly label: string;
  /** The bar's colour. */
  readonly outcome: BarOutcome;
  /** The result, e.g. `OK`, `HTTP 503`. */
  readonly result: string;
}

/** How a run's calls become bars; the default suits any call (returned → ok, raised → error). */
export type Describe = (call: FinishedCall) => BarText;

/** What a tracked call may mark: where its bar starts and ends, if not at its call and its return. */
export interface TrackMarks {
  /** The bar starts here (the first call counts). */
  start(): void;
  /** The bar ends here (the last call counts). */
  end(): void;
}

interface Timed {
  readonly call: FinishedCall;
  readonly startMs: number;
  readonly endMs: number;
  /** The executor's lane; for a tracked call, the one given by `packLanes`. */
  lane: number | undefined;
  /** Timed by `track`, not by an executor. */
  readonly tracked: boolean;
}

/** The default {@linkcode Describe}: `target(args)`, ok or error, the value or the error's first line. */
export function describeCall(call: FinishedCall): BarText {
  const args = call.args.map(short).join(", ");
  const label = call.args.length > 0 ? `${call.target}(${args})` : call.target;
  switch (call.outcome) {
    case "returned":
      return { label, outcome: "ok", result: short(call.value) };
    case "raised":
      return { label, outcome: "error", result: errorText(call.error) };
    case "cancelled":
      return { label, outcome: "cancelled", result: "cancelled" };
  }
}

/**
 * Records calls for a timeline. As an {@linkcode ExecutorObserver} it hears
 * an executor's calls; {@linkcode TimelineRecorder.track} times calls run
 * without one. Times count from the recorder's creation.
 */
export class TimelineRecorder implements ExecutorObserver {
  /** `performance.now()` when the recorder was made: time 0 of the timeline. */
  readonly origin: number = performance.now();
  readonly #timed: Timed[] = [];

  /** Executor observer: keeps each call as it ends. */
  ended(record: CallRecord): void {
    const f = record.future;
    const call: FinishedCall = {
      target: record.target,
      args: record.args,
      outcome: record.outcome!,
      value: record.outcome === "returned" ? f.resultNow() : undefined,
      error: record.outcome === "raised" ? f.exceptionNow() : undefined,
    };
    // A call that never started is drawn from its submission.
    const startMs = (record.startedAt ?? record.submittedAt) - this.origin;
    const endMs = record.endedAt! - this.origin;
    this.#timed.push({ call, startMs, endMs, lane: record.lane, tracked: false });
  }

  /**
   * Runs `run` and records it as a call named `label`, on the lowest lane
   * free when it started, from now to its end — or, where `run` marks them
   * (e.g. when it gets a semaphore's permit and when it gives it back), from
   * its first `start()` to its last `end()`. Returns (or throws) what `run` does.
   */
  async track<T>(label: string, run: (marks: TrackMarks) => Promise<T>): Promise<T> {
    const called = performance.now();
    let startedAt: number | undefined;
    let endedAt: number | undefined;
    const record = (outcome: CallOutcome, value?: unknown, error?: unknown) => {
      const call: FinishedCall = { target: label, args: [], outcome, value, error };
      const startMs = (startedAt ?? called) - this.origin;
      const endMs = (endedAt ?? performance.now()) - this.origin;
      this.#timed.push({ call, startMs, endMs, lane: undefined, tracked: true });
    };
    const marks: TrackMarks = {
      start: () => startedAt ??= performance.now(),
      end: () => endedAt = performance.now(),
    };
    try {
      const value = await run(marks);
      record("returned", value);
      return value;
    } catch (error) {
      record("raised", undefined, error);
      throw error;
    }
  }

  /** How many calls were recorded. */
  get size(): number {
    return this.#timed.length;
  }

  /** The bars of every call recorded so far, described by `describe`. */
  bars(describe: Describe = describeCall): TimelineBar[] {
    packLanes(this.#timed);
    return this.#timed.map(({ call, startMs, endMs, lane }) => ({
      ...describe(call),
      lane,
      startMs,
      endMs,
    }));
  }
}

/**
 * `recorder.track(label, run)`, or just `run()` when there is no recorder:
 * for code that records its calls only when asked to.
 */
export function trackWith<T>(
  recorder: TimelineRecorder | undefined,
  label: string,
  run: (marks: TrackMarks) => Promise<T>,
): Promise<T> {
  return recorder === undefined ? run(NO_MARKS) : recorder.track(label, run);
}

const NO_MARKS: TrackMarks = { start() {}, end() {} };

/** Gives each tracked call the lowest lane free at its start, in order of starts. */
function packLanes(timed: Timed[]): void {
  const tracked = timed.filter((t) => t.tracked).sort((a, b) => a.startMs - b.startMs);
  const freeAt: number[] = []; // per lane: when its current call ends
  for (const t of tracked) {
    let lane = freeAt.findIndex((end) => end <= t.startMs);
    if (lane === -1) lane = freeAt.length;
    freeAt[lane] = t.endMs;
    t.lane = lane;
  }
}

/** A value in a few words, for a bar's title. */
function short(value: unknown): string {
  const text = typeof value === "string" ? value : Deno.inspect(value, {
    depth: 1,
    breakLength: Infinity,
    iterableLimit: 4,
    strAbbreviateSize: 40,
  });
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${firstLine(error)}` : firstLine(error);
}
