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
 * Only the pool speaks to the pool: the {@linkcode InitMessage}, the one
 * message posted on the worker itself, hands the worker host one end of a
 * private `MessageChannel`; everything else travels on that channel, which no
 * task is ever given. What a task posts with `self.postMessage` reaches no one
 * (the pool does not listen on the worker's own channel), and every message
 * that arrives on the private channel is checked ({@linkcode isToPool}) before
 * the pool acts on it.
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

import { isSerializedError, type SerializedError } from "./_serialize_error.ts";
import { postMoving } from "./_transfer.ts";

/**
 * Pool → worker, the first and only message on the worker's own channel: what
 * to load, when to report being idle (`Infinity`: never), and the host's end
 * of the private channel (transferred) on which everything else travels.
 */
export type InitMessage = readonly [
  kind: "init",
  module: string,
  idleTimeoutMs: number,
  port: MessagePort,
];

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

/** What the pool sends a worker on the private channel. */
export type ToHostOnPort = RunMessage;

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
 * One end of the channel, typed by what may be sent through it: the pool's
 * end of the private channel is a `Port<ToHost>`, the host's a `Port<ToPool>`.
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

/** The tags a worker may send, with the length of each message. */
const TO_POOL_LENGTHS: Record<string, readonly number[]> = {
  ok: [3],
  error: [3],
  thrown: [3],
  dying: [2, 3],
  "load-failed": [2],
  idle: [1],
};

/**
 * Whether `data`, as it arrived on the private channel, is a well-formed
 * {@linkcode ToPool} message: a known tag, the right length, a task id that is
 * a positive safe integer, an error that `deserializeError` can
 * rebuild. (Whether the id names a task in flight is the pool's to check.)
 */
export function isToPool(data: unknown): data is ToPool {
  if (!Array.isArray(data) || typeof data[0] !== "string") return false;
  if (!Object.hasOwn(TO_POOL_LENGTHS, data[0])) return false;
  if (!TO_POOL_LENGTHS[data[0]].includes(data.length)) return false;
  switch (data[0] as ToPool[0]) {
    case "ok":
    case "thrown":
      return isTaskId(data[1]);
    case "error":
      return isTaskId(data[1]) && isSerializedError(data[2]);
    case "dying":
      return typeof data[1] === "string" && (data.length === 2 || isSerializedError(data[2]));
    case "load-failed":
      return isSerializedError(data[1]);
    case "idle":
      return true;
  }
}

function isTaskId(id: unknown): id is number {
  return Number.isSafeInteger(id) && (id as number) > 0;
}
