/**
 * What a listener does to one request before answering it: fail it (which error?) and delay it
 * (how long?). {@linkcode decideFault} is the whole decision, a pure function of the listener,
 * its settings and a source of random numbers, so that `--seed` replays it exactly.
 *
 * @example
 * ```ts
 * import { decideFault } from "./faults.ts";
 * import { seededRandom } from "./random.ts";
 * const settings = { delay: [0.5, 0.5], errorRate: 0.25, delayRate: 0.5, errorStatus: [503] } as const;
 * console.log(decideFault("LOCAL", settings, seededRandom(1))); // { error: undefined, delay: 0 }
 * console.log(decideFault("DELAY", settings, seededRandom(1))); // { error: undefined, delay: 0.5 }
 * ```
 *
 * @module
 */

import type { ErrorStatus } from "./options.ts";
import type { Listener } from "./stats.ts";

/** The fault knobs of the server (the options of the same names). */
export interface FaultSettings {
  /** Delay range in seconds, `[min, max]` (equal for a fixed delay). */
  readonly delay: readonly [number, number];
  /** ERROR: share of requests that fail. */
  readonly errorRate: number;
  /** ERROR: share of requests that are delayed. */
  readonly delayRate: number;
  /** ERROR: the errors to pick from. */
  readonly errorStatus: readonly ErrorStatus[];
}

/** The fault decided for one request. */
export interface Fault {
  /** The injected error, or undefined to answer from the routes. */
  readonly error: ErrorStatus | undefined;
  /** Seconds to wait before answering (0: at once). */
  readonly delay: number;
}

/** No error, no delay: LOCAL's fault for every request. */
export const NO_FAULT: Fault = Object.freeze({ error: undefined, delay: 0 });

/**
 * Decides the fault of one request of `listener`:
 *
 * - LOCAL: none, and no random number is drawn;
 * - DELAY: the delay, drawn from the range (nothing is drawn for a fixed delay);
 * - ERROR: three draws in this order — fails?, which error?, delayed? — then the delay as for
 *   DELAY. All of them are drawn whatever their outcome, so each request of a seeded server
 *   takes the same numbers from the sequence.
 */
export function decideFault(
  listener: Listener,
  settings: FaultSettings,
  random: () => number,
): Fault {
  if (listener === "LOCAL") return NO_FAULT;
  if (listener === "DELAY") return { error: undefined, delay: drawDelay(settings.delay, random) };
  const { errorRate, delayRate, errorStatus } = settings;
  const failing = random() < errorRate;
  const pick = random();
  const delayed = random() < delayRate;
  const delay = drawDelay(settings.delay, random);
  return {
    error: failing ? errorStatus[Math.floor(pick * errorStatus.length)] : undefined,
    delay: delayed ? delay : 0,
  };
}

function drawDelay([min, max]: readonly [number, number], random: () => number): number {
  return min === max ? min : min + random() * (max - min);
}
