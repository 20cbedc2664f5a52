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
 * Pool → worker: one {@linkcode InitMessage} on the worker itself, then, on
 * the private channel ({@linkcode ToHost}), {@linkcode RunMessage}s, each with
 * one or more {@linkcode Call}s (the calls the pool hands a worker at one time
 * travel together).
 * Worker → pool ({@linkcode ToPool}): {@linkcode DoneMessage}s, each with the
 * {@linkcode Outcome}s of the calls that ended in one turn of the worker's
 * event loop, naming each call by its id; {@linkcode DyingMessage},
 * {@linkcode LoadFailedMessage} and {@linkcode IdleMessage} concern the whole
 * worker.
 *
 * @module
 */

import { isSerializedError, type SerializedError } from "./_serialize_error.ts";
import { postWith, transferables } from "./_transfer.ts";

/**
 * Pool → worker, the first and only message on the worker's own channel: what
 * to load, when to report being idle (`Infinity`: never), how many calls may
 * run at once, and the host's end of the private channel (transferred) on
 * which everything else travels.
 */
export type InitMessage = readonly [
  kind: "init",
  module: string,
  idleTimeoutMs: number,
  tasksPerWorker: number,
  port: MessagePort,
];

/**
 * A call: the task module's export `task` with `args` (their whole buffers
 * move) — or, for a chunk, `task` applied to each of `args` in turn.
 */
export type Call = readonly [id: number, task: string, args: unknown[], chunk: boolean];

/** Pool → worker: run these calls, in order, at most `tasksPerWorker` at once. */
export type RunMessage = readonly [kind: "run", calls: readonly Call[]];

/**
 * How a call ended: its value (a chunk's: the values of its items; whole
 * buffers move), an Error to rebuild with `deserializeError`, or a thrown
 * value that is not an Error (its string form if it cannot be cloned). A
 * chunk that fails at one item carries the values of the items before it.
 */
export type Outcome =
  | readonly [id: number, kind: "ok", value: unknown]
  | readonly [id: number, kind: "error", error: SerializedError, before?: unknown[]]
  | readonly [id: number, kind: "thrown", value: unknown, before?: unknown[]];

/** Worker → pool: the outcomes of the calls that ended in one turn, in the order they ended. */
export type DoneMessage = readonly [kind: "done", outcomes: readonly Outcome[]];

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
export type ToHost = RunMessage;

/** What a worker sends the pool. */
export type ToPool = DoneMessage | DyingMessage | LoadFailedMessage | IdleMessage;

/**
 * One end of the private channel, typed by what may be sent through it: the
 * pool's end is a `Port<ToHost>`, the host's a `Port<ToPool>`.
 */
export interface Port<M extends ToHost | ToPool> {
  /** The structured-clone `postMessage`, moving the buffers in `transfer`. */
  postMessage(message: M, transfer?: Transferable[]): void;
}

/**
 * Sends `message` through `port`, moving the whole buffers of its payload
 * (the calls' arguments, the outcomes' values) and copying them if they
 * cannot move.
 *
 * @returns the error if the message cannot be sent even as a copy, else undefined
 */
export function post<M extends ToHost | ToPool>(port: Port<M>, message: M): unknown {
  return postWith(port, message, payloadTransfer(message));
}

const NONE: Transferable[] = [];

/** The buffers of a message's payload: what `post` moves. */
function payloadTransfer(message: ToHost | ToPool): Transferable[] {
  switch (message[0]) {
    case "run":
    case "done":
      return gather(message[1], 2);
    default:
      return NONE;
  }
}

/**
 * The transferables of element `at` of each entry (calls' args, outcomes' values), each
 * once: a buffer listed twice would make the transfer fail.
 */
function gather(entries: readonly (readonly unknown[])[], at: number): Transferable[] {
  let first = NONE;
  let all: Set<Transferable> | undefined; // only once a second entry has buffers
  for (const entry of entries) {
    const found = transferables(entry[at]);
    if (found.length === 0) continue;
    if (first.length === 0) {
      first = found;
      continue;
    }
    all ??= new Set(first);
    for (const buffer of found) all.add(buffer);
  }
  return all === undefined ? first : [...all];
}

/**
 * Whether `data`, as it arrived on the private channel, is a well-formed
 * {@linkcode ToPool} message: a known tag, the right length, outcomes whose
 * ids are positive safe integers, errors that `deserializeError` can
 * rebuild. (Whether an id names a call in flight is the pool's to check.)
 */
export function isToPool(data: unknown): data is ToPool {
  if (!Array.isArray(data)) return false;
  switch (data[0]) {
    case "done":
      return data.length === 2 && Array.isArray(data[1]) && data[1].length > 0 &&
        data[1].every(isOutcome);
    case "dying":
      return typeof data[1] === "string" &&
        (data.length === 2 || (data.length === 3 && isSerializedError(data[2])));
    case "load-failed":
      return data.length === 2 && isSerializedError(data[1]);
    case "idle":
      return data.length === 1;
    default:
      return false;
  }
}

function isOutcome(outcome: unknown): outcome is Outcome {
  if (!Array.isArray(outcome) || !isCallId(outcome[0])) return false;
  const n = outcome.length;
  switch (outcome[1]) {
    case "ok":
      return n === 3;
    case "error":
      return (n === 3 || (n === 4 && Array.isArray(outcome[3]))) && isSerializedError(outcome[2]);
    case "thrown":
      return n === 3 || (n === 4 && Array.isArray(outcome[3]));
    default:
      return false;
  }
}

function isCallId(id: unknown): id is number {
  return Number.isSafeInteger(id) && (id as number) > 0;
}
