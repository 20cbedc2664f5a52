/**
 * Request counters per listener, kept in a `SharedArrayBuffer` so that
 * listeners running in several threads can share them (updates use `Atomics`).
 *
 * @example
 * ```ts
 * import { ServerCounters } from "./stats.ts";
 * const counters = new ServerCounters();
 * counters.start("LOCAL");
 * counters.end("LOCAL", 200);
 * console.log(counters.snapshot().LOCAL);
 * // { requests: 1, statuses: { "200": 1 }, inFlight: 0, peakInFlight: 1, outages: 0 }
 * ```
 *
 * @module
 */

/** The three listeners of the flag server. */
export const LISTENERS = ["LOCAL", "DELAY", "ERROR"] as const;

/** One listener's name. */
export type Listener = typeof LISTENERS[number];

/** What one request ended as: an HTTP status, `"truncate"` or `"aborted"` (client left). */
export type Outcome = number | "truncate" | "aborted";

/** Counters of one listener, as `/stats` shows them. */
export interface ListenerStats {
  /** Requests received (`/stats` itself is not counted). */
  requests: number;
  /** Finished requests per outcome: `"200"`, `"404"`, …, `"truncate"`, `"aborted"`. */
  statuses: Record<string, number>;
  /** Requests being handled right now. */
  inFlight: number;
  /** Most requests in flight at once since the start (or the last reset). */
  peakInFlight: number;
  /** Times the listener stopped accepting (out of file descriptors) and had to reopen. */
  outages: number;
}

/** Counters of every listener. */
export type ServerStats = Record<Listener, ListenerStats>;

const REQUESTS = 0;
const IN_FLIGHT = 1;
const PEAK = 2;
const OUTAGES = 3;
const FIRST_STATUS = 4; // slots FIRST_STATUS + (100..599) - 100
const TRUNCATE = FIRST_STATUS + 500;
const ABORTED = TRUNCATE + 1;
const SLOTS = ABORTED + 1;

function slotOf(outcome: Outcome): number {
  if (outcome === "truncate") return TRUNCATE;
  if (outcome === "aborted") return ABORTED;
  if (Number.isInteger(outcome) && outcome >= 100 && outcome <= 599) {
    return FIRST_STATUS + outcome - 100;
  }
  throw new RangeError(`not a countable outcome: ${outcome}`);
}

function keyOf(slot: number): string {
  if (slot === TRUNCATE) return "truncate";
  if (slot === ABORTED) return "aborted";
  return String(slot - FIRST_STATUS + 100);
}

/** Shared counters of the three listeners. */
export class ServerCounters {
  /** The shared memory; pass it to another thread and wrap it there with `new ServerCounters(buffer)`. */
  readonly buffer: SharedArrayBuffer;
  readonly #cells: Int32Array;

  /** Wraps `buffer` (from another `ServerCounters`) or allocates new zeroed counters. */
  constructor(buffer?: SharedArrayBuffer) {
    this.buffer = buffer ?? new SharedArrayBuffer(LISTENERS.length * SLOTS * 4);
    this.#cells = new Int32Array(this.buffer);
  }

  /** Counts a request arriving at `listener`; {@linkcode ServerCounters.end} counts its end. */
  start(listener: Listener): void {
    const base = LISTENERS.indexOf(listener) * SLOTS;
    const cells = this.#cells;
    Atomics.add(cells, base + REQUESTS, 1);
    const now = Atomics.add(cells, base + IN_FLIGHT, 1) + 1;
    let peak = Atomics.load(cells, base + PEAK);
    while (now > peak) {
      const seen = Atomics.compareExchange(cells, base + PEAK, peak, now);
      if (seen === peak) break;
      peak = seen;
    }
  }

  /** Counts how a request of `listener` ended: once per {@linkcode ServerCounters.start}. */
  end(listener: Listener, outcome: Outcome): void {
    const base = LISTENERS.indexOf(listener) * SLOTS;
    Atomics.sub(this.#cells, base + IN_FLIGHT, 1);
    Atomics.add(this.#cells, base + slotOf(outcome), 1);
  }

  /** Counts an outage of `listener` (see {@linkcode ListenerStats.outages}). */
  outage(listener: Listener): void {
    Atomics.add(this.#cells, LISTENERS.indexOf(listener) * SLOTS + OUTAGES, 1);
  }

  /** A copy of every counter. */
  snapshot(): ServerStats {
    const cells = this.#cells;
    const stats = {} as ServerStats;
    LISTENERS.forEach((name, i) => {
      const base = i * SLOTS;
      const statuses: Record<string, number> = {};
      for (let s = FIRST_STATUS; s < SLOTS; s++) {
        const n = Atomics.load(cells, base + s);
        if (n > 0) statuses[keyOf(s)] = n;
      }
      stats[name] = {
        requests: Atomics.load(cells, base + REQUESTS),
        statuses,
        inFlight: Atomics.load(cells, base + IN_FLIGHT),
        peakInFlight: Atomics.load(cells, base + PEAK),
        outages: Atomics.load(cells, base + OUTAGES),
      };
    });
    return stats;
  }

  /**
   * Zeroes the totals and returns what they were. `inFlight` is a live gauge and
   * is kept; the peak restarts from it.
   */
  reset(): ServerStats {
    const before = this.snapshot();
    const cells = this.#cells;
    LISTENERS.forEach((_, i) => {
      const base = i * SLOTS;
      Atomics.store(cells, base + REQUESTS, 0);
      Atomics.store(cells, base + OUTAGES, 0);
      for (let s = FIRST_STATUS; s < SLOTS; s++) Atomics.store(cells, base + s, 0);
      Atomics.store(cells, base + PEAK, Atomics.load(cells, base + IN_FLIGHT));
    });
    return before;
  }
}
