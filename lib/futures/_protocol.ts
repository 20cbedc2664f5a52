/**
 * The messages a `WorkerPoolExecutor` and its workers exchange, one tagged
 * union per direction, and {@linkcode post}, through which every message of
 * either side goes. Private to worker_pool.ts and _worker_host.ts.
 *
 * Each message is a labelled tuple whose first element is its tag: the
 * compiler narrows on `message[0]` as on an object's `kind`, and a tuple
 * crosses threads faster than an object (whose keys structured clone writes
 * and reads with every message): 10,000 echo round trips took ~2 µs more per
 * task with `{ kind, id, value }` objects (bench/piscina_compare.ts).
 *
 * Pool → worker ({@linkcode ToHost}): one {@linkcode InitMessage}, then a
 * {@linkcode RunMessage} per task.
 * Worker → pool ({@linkcode ToPool}): a task's outcome ({@linkcode OkMessage},
 * {@linkcode ErrorMessage}, {@linkcode ThrownMessage}) names the task by its
 * id, since a worker may have several in flight; {@linkcode DyingMessage},
 * {@linkcode LoadFailedMessage} and {@linkcode IdleMessage} concern the whole
 * worker.
 *
 * @module
 */

import type { SerializedError } from "./_serialize_error.ts";
import { postMoving } from "./_transfer.ts";

/** Pool → worker, the first message: what to load, and when to report being idle (`Infinity`: never). */
export type InitMessage = readonly [kind: "init", module: string, idleTimeoutMs: number];

/** Pool → worker: call the task module's export `task` with `args` (their whole buffers move). */
export type RunMessage = readonly [kind: "run", id: number, task: string, args: unknown[]];

/** Worker → pool: task `id` returned `value` (its whole buffers move). */
export type OkMessage = readonly [kind: "ok", id: number, value: unknown];

/** Worker → pool: task `id` threw an Error, to rebuild with `deserializeError`. */
export type ErrorMessage = readonly [kind: "error", id: number, error: SerializedError];

/** Worker → pool: task `id` threw a value that is not an Error (its string form if it cannot be cloned). */
export type ThrownMessage = readonly [kind: "thrown", id: number, value: unknown];

/**
 * Worker → pool: the worker is about to die (`self.close()`, `Deno.exit()`, an
 * error outside a task): why, in words, and the error that kills it, if one does.
 */
export type DyingMessage = readonly [kind: "dying", reason: string, error?: SerializedError];

/** Worker → pool: the task module failed to load; the import's error. */
export type LoadFailedMessage = readonly [kind: "load-failed", error: SerializedError];

/** Worker → pool: no task has run here for the idle timeout; the pool may end this worker. */
export type IdleMessage = readonly [kind: "idle"];

/** What the pool sends a worker. */
export type ToHost = InitMessage | RunMessage;

/** What a worker sends the pool. */
export type ToPool =
  | OkMessage
  | ErrorMessage
  | ThrownMessage
  | DyingMessage
  | LoadFailedMessage
  | IdleMessage;

/** A task's outcome, as the pool settles its future with it. */
export type TaskOutcome = OkMessage | ErrorMessage | ThrownMessage;

/**
 * One end of the channel, typed by what may be sent through it: a `Worker`
 * is a `Port<ToHost>`, a worker's `self` a `Port<ToPool>`.
 */
export interface Port<M extends ToHost | ToPool> {
  /** The structured-clone `postMessage`, moving the buffers in `transfer`. */
  postMessage(message: M, transfer?: Transferable[]): void;
}

/**
 * Sends `message` through `port`, moving the whole buffers of its payload
 * (a task's arguments, a task's value) and copying them if they cannot move.
 *
 * @returns the error if the message cannot be sent even as a copy, else undefined
 */
export function post<M extends ToHost | ToPool>(port: Port<M>, message: M): unknown {
  return postMoving(port, message, payloadOf(message));
}

/** The part of a message that may hold buffers to move. */
function payloadOf(message: ToHost | ToPool): unknown {
  switch (message[0]) {
    case "run":
      return message[3];
    case "ok":
    case "thrown":
      return message[2];
    default:
      return undefined;
  }
}
