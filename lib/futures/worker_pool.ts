/**
 * {@linkcode WorkerPoolExecutor}: run the named exports of a task module in a
 * pool of module Web Workers — real parallelism for CPU work, what Python's
 * `ProcessPoolExecutor` is for. Workers start lazily, up to `maxWorkers`,
 * and are reused; each runs one task at a time, like a Python process,
 * unless `tasksPerWorker` lets async I/O tasks overlap in its event loop;
 * queued tasks start in submission order.
 *
 * - Types: `new WorkerPoolExecutor<typeof import("./tasks.ts")>(url)` checks
 *   the task name, its arguments and its result type at `submit`.
 * - Data crosses by structured clone. `ArrayBuffer`s, and typed arrays or
 *   DataViews that span their whole buffer, are *transferred* (moved, not
 *   copied) both ways: after `submit`, the caller's buffers passed as
 *   arguments are detached (pass `buf.slice()` to keep a copy).
 * - A task's error reaches the caller with the same name, message and the
 *   worker's stack (built-in error classes are rebuilt as such; other names
 *   become an `Error` with that `name`).
 * - A worker that dies — an uncaught error or unhandled rejection outside a
 *   task, `self.close()`, `Deno.exit()`, a task module that fails to load —
 *   breaks the pool: every unfinished future fails with
 *   {@linkcode BrokenWorkerPool} and later submits throw it. (A worker that
 *   runs out of memory takes the whole Deno process down: V8 cannot confine
 *   that to one worker.)
 * - Dispatch: the calls handed to a worker at one time travel in one
 *   message, and a worker sends the outcomes of one turn together. With one
 *   task per worker, a worker that reports while calls wait gets its next
 *   call and one queued ahead of it (CPython's `EXTRA_QUEUED_CALLS`), so it
 *   never waits a round trip for work: a call queued ahead is already
 *   `running` and can no longer be cancelled. `submit` never queues ahead: a
 *   call submitted while every worker is busy stays `pending` in the pool.
 *   `map` with `chunksize` sends many items per message and call.
 * - Only the pool speaks to the pool: it talks to each worker's host over a
 *   private `MessageChannel` that no task is given. What a task posts with
 *   `self.postMessage` reaches no one; replacing `self.onmessage` or
 *   `self.postMessage` changes nothing; a malformed message on the private
 *   channel breaks the pool with a {@linkcode BrokenWorkerPool} that shows
 *   what arrived — nothing is thrown at the caller.
 * - Stopping now: {@linkcode WorkerPoolExecutor.terminateWorkers} (CPython
 *   3.14's `terminate_workers`) terminates every worker, fails the running
 *   futures, cancels the queued ones and breaks the pool, at once; the process
 *   can then exit even if a task was in an endless loop (whose thread Deno
 *   2.9.6 cannot stop: it runs on until the process exits; see there).
 * - Cost: an idle worker holds 8–9 MB of resident memory and takes tens of
 *   milliseconds to start (see {@linkcode WorkerPoolOptions.maxWorkers}).
 * - Permissions: workers inherit the process's permissions and must read
 *   their module files — lib/futures/ (the worker's bootstrap and its
 *   imports) and the task module's folder (with that module's imports): run
 *   with `--allow-read=lib/futures,<the task module's folder>`.
 * - Exit: `shutdown()` (or `await using`) terminates the workers once their
 *   tasks are done. A pool you forget to shut down ends each worker once it
 *   has been idle for `idleTimeoutMs` (default 1000 ms), so the process still
 *   exits on its own. A task that never ends keeps its worker, and so the
 *   process, alive (`shutdown()` waits for it, as CPython's does).
 *
 * @example
 * ```ts ignore
 * // tasks.ts: export function sha(size: number): string { ... }
 * import { asCompleted, WorkerPoolExecutor } from "./mod.ts";
 *
 * await using ex = new WorkerPoolExecutor<typeof import("./tasks.ts")>(
 *   new URL("./tasks.ts", import.meta.url),
 * );
 * const fs = Array.from({ length: 8 }, () => ex.submit("sha", 1024)); // Future<string>[]
 * for await (const f of asCompleted(fs)) console.log(await f.result());
 * ```
 *
 * @module
 */

import { Future } from "./future.ts";
import { BrokenExecutor } from "./errors.ts";
import type { Executor, MapOptions, ShutdownOptions } from "./executor.ts";
import { type Call as QueuedCall, CallQueue } from "./_call_queue.ts";
import type { ExecutorObserver, ObserverOptions } from "./observer.ts";
import { Observed } from "./_observed.ts";
import { checkMapOptions, ChunkFailure, mapResults } from "./_map.ts";
import {
  type Call,
  type InitMessage,
  isToPool,
  type Outcome,
  type Port,
  post,
  type ToHost,
  type ToPool,
} from "./_protocol.ts";
import { deserializeError } from "./_serialize_error.ts";

/** Any function: what a task module's exports must be to be tasks. */
// deno-lint-ignore no-explicit-any
export type TaskFunction = (...args: any[]) => any;

/** The names of the exports of `M` that are functions: the tasks a pool can run. */
export type TaskName<M> =
  & { [K in keyof M]: M[K] extends TaskFunction ? K : never }[keyof M]
  & string;
/** The parameters of task `K` of module `M`. */
export type TaskArgs<M, K extends keyof M> = M[K] extends (...args: infer A) => unknown ? A
  : never;
/** What task `K` of module `M` resolves to. */
export type TaskResult<M, K extends keyof M> = M[K] extends (...args: never[]) => infer R
  ? Awaited<R>
  : never;

/**
 * The pool can no longer run tasks because a worker died or its workers were
 * terminated (Python's `BrokenProcessPool`). `cause` says why, when known.
 */
export class BrokenWorkerPool extends BrokenExecutor {
  /** Always `"BrokenWorkerPool"`. */
  override name = "BrokenWorkerPool";
}

/** Options of {@linkcode WorkerPoolExecutor}. */
export interface WorkerPoolOptions extends ObserverOptions {
  /**
   * The most workers; default `navigator.hardwareConcurrency`. Each worker is
   * a thread with its own V8 isolate: measured in Deno 2.9.6 on 2 cores
   * (bench/worker_cost.ts), an idle worker adds 7.7–9.0 MB of resident memory
   * (the first one 17.6 MB) and takes 16–70 ms of wall time to start, so
   * more workers than CPUs only pay off for tasks that wait (see
   * {@linkcode WorkerPoolOptions.tasksPerWorker} for those). The pool sets no
   * upper bound: 512 workers cost about 4 GB.
   */
  maxWorkers?: number;
  /**
   * The most tasks each worker has in flight at once; default 1, Python's
   * one task per process. A worker is an event loop: while one task awaits
   * I/O (`fetch`, files, timers) the worker can run others, so for async
   * I/O tasks a few workers with several tasks each do the work of many
   * workers (`flags:processpool` runs its 20 downloads at once on one worker
   * per CPU). CPU-bound tasks gain nothing: they hold the worker's thread
   * and run one after another anyway, while the tasks queued behind them in
   * that worker already count as `running` and can no longer be cancelled.
   * At most `maxWorkers × tasksPerWorker` tasks are in flight; a new task
   * goes to an idle worker, else to a new worker while fewer than
   * `maxWorkers` run, else to the least-loaded one with room, else waits.
   */
  tasksPerWorker?: number;
  /**
   * Terminate a worker once it has had no task for this long (workers
   * restart on demand), so that a pool never shut down does not keep the
   * process alive. Default 1000; `Infinity` keeps them until shutdown.
   */
  idleTimeoutMs?: number;
}

const BOOTSTRAP = new URL("./_worker_host.ts", import.meta.url).href;

/**
 * `MessagePort`'s own `postMessage`, taken when this module loads: the pool
 * posts through it, so a later wrapper does not sit on its path. Deno's
 * `node:worker_threads` wraps it once loaded (piscina loads it), which cost
 * the pool 20–30 % per task in 10,000 round trips (measured, Deno 2.9.6).
 */
const portPostMessage = MessagePort.prototype.postMessage;

/** One worker, the pool's end of its private channel, and the futures of its tasks by id. */
interface Slot {
  readonly worker: Worker;
  /** The pool's end of the private channel to the worker's host. */
  readonly channel: MessagePort;
  /** The same end, typed by what the pool may send on it. */
  readonly port: Port<ToHost>;
  /** The calls the worker has and has not answered (running, or queued ahead in it), by id. */
  readonly tasks: Map<number, Future<unknown>>;
  /** The worker's number (1 for the first started): its lane is this less one. */
  readonly number: number;
  /** Observed: the call queued ahead in the worker, to be heard starting when the one before ends. */
  queuedAhead?: Observed;
}

/**
 * The life of a pool: `open` → `shutting-down` (`shutdown()` called; the
 * running and queued tasks finish) → `closed` (the workers are ended); or, from
 * any of them, `broken` (a worker died, or the workers were terminated): every
 * unfinished future has failed and submits throw {@linkcode BrokenWorkerPool}.
 */
type PoolState = "open" | "shutting-down" | "closed" | "broken";

/**
 * An executor running the exported functions of `taskModule` in module Web
 * Workers, at most `maxWorkers` at a time, each with up to `tasksPerWorker`
 * tasks in flight (see the module doc for data transfer, errors, breakage and
 * permissions).
 *
 * @typeParam M the task module's type: `typeof import("./tasks.ts")`
 *
 * @example
 * ```ts ignore
 * import { WorkerPoolExecutor } from "./mod.ts";
 *
 * await using ex = new WorkerPoolExecutor<typeof import("../cpu/arcfour.ts")>(
 *   new URL("../cpu/arcfour.ts", import.meta.url),
 *   { maxWorkers: 2 },
 * );
 * const f = ex.submit("arcfourTest", 1024, new Uint8Array([1, 2, 3]));
 * console.log(String(f), await f.result());
 * for await (const r of ex.map("arcfourTest", [1, 2, 3])) console.log(r);
 * ```
 *
 * @example Async I/O tasks: 2 workers, 20 downloads in flight at once
 * ```ts ignore
 * import { POP20_CC } from "../flags/country_codes.ts";
 *
 * await using ex = new WorkerPoolExecutor<typeof import("../flags/series1_tasks.ts")>(
 *   new URL("../flags/series1_tasks.ts", import.meta.url),
 *   { maxWorkers: 2, tasksPerWorker: 10 },
 * );
 * const codes = await Array.fromAsync(ex.map("downloadOne", POP20_CC));
 * ```
 */
export class WorkerPoolExecutor<M = Record<string, TaskFunction>> implements Executor<TaskName<M>> {
  /** The most workers this pool starts. */
  readonly maxWorkers: number;
  /** The most tasks in flight in one worker (see {@linkcode WorkerPoolOptions.tasksPerWorker}). */
  readonly tasksPerWorker: number;
  /** The task module's URL, as the workers import it. */
  readonly taskModule: string;
  readonly #idleTimeoutMs: number;
  #state: PoolState = "open";
  /** Why the pool broke: set when the state becomes `broken`. */
  #broken: BrokenWorkerPool | undefined = undefined;
  #slots: Slot[] = [];
  /** Tasks waiting for a worker, oldest first. */
  #queue = new CallQueue<string>();
  /** Tasks sent to a worker and not answered yet, all workers together. */
  #inFlight = 0;
  #lastId = 0;
  /** The `shutdown()` calls waiting for the pool to close. */
  #closing: Array<() => void> = [];
  #spawned = 0;
  readonly #observer: ExecutorObserver | undefined;

  /**
   * Make a pool for the tasks of `taskModule`; no worker starts before the first submit.
   *
   * @param taskModule the module whose exports are the tasks: a URL (best:
   * `new URL("./tasks.ts", import.meta.url)`), a URL string, or a file path
   * (relative paths resolve against the current directory)
   * @param opts.maxWorkers the most workers; default `navigator.hardwareConcurrency`
   * @param opts.tasksPerWorker the most tasks in flight per worker; default 1
   * @throws {RangeError} if `maxWorkers` or `tasksPerWorker` is not an integer ≥ 1
   */
  constructor(taskModule: URL | string, opts: WorkerPoolOptions = {}) {
    const maxWorkers = opts.maxWorkers ?? navigator.hardwareConcurrency ?? 1;
    if (!Number.isInteger(maxWorkers) || maxWorkers < 1) {
      throw new RangeError(`maxWorkers must be an integer >= 1, got ${maxWorkers}`);
    }
    const tasksPerWorker = opts.tasksPerWorker ?? 1;
    if (!Number.isInteger(tasksPerWorker) || tasksPerWorker < 1) {
      throw new RangeError(`tasksPerWorker must be an integer >= 1, got ${tasksPerWorker}`);
    }
    const idle = opts.idleTimeoutMs ?? 1000;
    if (!(idle >= 0)) throw new RangeError(`idleTimeoutMs must be >= 0, got ${idle}`);
    this.maxWorkers = maxWorkers;
    this.tasksPerWorker = tasksPerWorker;
    this.#idleTimeoutMs = idle;
    this.#observer = opts.observer;
    this.taskModule = resolveModule(taskModule);
  }

  /**
   * Run `task(...args)` in a worker: now if one has room (the future is then
   * `running`), else when one has, in submission order. The arguments'
   * whole buffers are transferred (see the module doc).
   *
   * An unknown task name fails the future with a `TypeError`; arguments that
   * cannot be cloned fail it with a `DataCloneError`.
   *
   * @throws {BrokenWorkerPool} if the pool is broken (or its workers were terminated)
   * @throws {Error} after `shutdown`
   */
  submit<K extends TaskName<M>>(task: K, ...args: TaskArgs<M, K>): Future<TaskResult<M, K>> {
    this.#checkOpen();
    if (typeof task !== "string") throw new TypeError("submit: the task name must be a string");
    return this.#submitCall(task, args, false);
  }

  /** Runs `call` now on a worker with room, else queues it behind the others. */
  #dispatch(call: QueuedCall<string>): void {
    // While calls queue, every worker is full: the new one queues behind them.
    const slot = this.#queue.size === 0 ? this.#pick() : undefined;
    if (slot === undefined) {
      this.#queue.push(call);
      return;
    }
    const sent = this.#take(slot, call);
    if (sent !== undefined) this.#send(slot, [sent]);
  }

  /**
   * Python's `executor.map`: `task(item)` for every item, results in input
   * order. A task's error — or the input's — is thrown when iteration
   * reaches it; leaving the loop early cancels the calls not yet started and
   * stops reading the input.
   *
   * Without `buffersize`, every call is submitted at once (an async iterable
   * is read in the background, as fast as it yields); with it, at most that
   * many calls are submitted and not yet yielded, and the input is read as
   * results are taken: an endless generator works in flat memory.
   *
   * With `chunksize` N > 1, the items travel in chunks of N: one message and
   * one call per chunk, the worker applying the task to each item in turn
   * (awaiting those that return a promise). That is what makes many small
   * tasks cheap. If an item fails, the values of the items before it are
   * still yielded, then its error is thrown; the items after it in its chunk
   * do not run. `buffersize` then counts chunks.
   *
   * @param opts.timeoutMs a deadline counted from this call: a result not
   * ready by then throws a `TimeoutError`
   * @param opts.buffersize the most calls (chunks) submitted ahead of the results taken
   * @param opts.chunksize the items per call and message (default 1)
   * @throws {RangeError} if an option is not valid
   * @throws {BrokenWorkerPool} if the pool is broken
   * @throws {Error} after `shutdown`
   *
   * @example A million small tasks, a thousand per message
   * ```ts ignore
   * let sum = 0;
   * for await (const n of ex.map("double", range(1_000_000), { chunksize: 1000 })) sum += n;
   * ```
   */
  map<K extends TaskName<M>>(
    task: K,
    items: Iterable<TaskArgs<M, K>[0]> | AsyncIterable<TaskArgs<M, K>[0]>,
    opts: MapOptions = {},
  ): AsyncGenerator<TaskResult<M, K>, void, unknown> {
    const checked = checkMapOptions(opts);
    this.#checkOpen();
    if (typeof task !== "string") throw new TypeError("map: the task name must be a string");
    type Item = TaskArgs<M, K>[0];
    type Result = TaskResult<M, K>;
    return mapResults<Item, Result>(
      checked.chunksize === 1
        ? { chunked: false, submit: (item) => this.#checkedCall<Result>(task, [item], false) }
        : { chunked: true, submit: (chunk) => this.#checkedCall<Result[]>(task, chunk, true) },
      items,
      checked,
    );
  }

  /** A call of `map`, as its items come: refused once the pool is shut down or broken. */
  #checkedCall<R>(target: string, args: unknown[], chunk: boolean): Future<R> {
    this.#checkOpen();
    return this.#submitCall(target, args, chunk);
  }

  /**
   * Dispatches one call of `target` with `args` (a chunk call: on each of them), with its
   * record when the pool is observed; returns its future.
   */
  #submitCall<R>(target: string, args: unknown[], chunk: boolean): Future<R> {
    const future = new Future<R>();
    const observer = this.#observer;
    this.#dispatch(
      observer === undefined
        ? { future, target, args, chunk }
        : { future, target, args, chunk, record: new Observed(observer, future, target, args) },
    );
    return future;
  }

  #checkOpen(): void {
    if (this.#broken !== undefined) throw again(this.#broken);
    if (this.#state !== "open") throw new Error("cannot schedule new futures after shutdown");
  }

  /** The number of workers started so far (restarts included). */
  get workersStarted(): number {
    return this.#spawned;
  }

  /** The number of workers alive now (0 before the first submit and after shutdown). */
  get liveWorkers(): number {
    return this.#slots.length;
  }

  /** The reason the pool broke, or undefined while it works. */
  get broken(): BrokenWorkerPool | undefined {
    return this.#broken;
  }

  /**
   * Stop accepting tasks; terminate the workers once running and queued
   * tasks are done. With `wait` (default true) the promise resolves then;
   * `cancelFutures` first cancels every task not yet started.
   *
   * A task that never ends (an endless loop, a promise that never settles)
   * keeps this promise waiting forever, as CPython's `shutdown(wait=True)`
   * does; with `wait: false` the promise resolves, but the task's worker still
   * keeps the process alive. {@linkcode terminateWorkers} fails such a task,
   * resolves this promise and lets the process exit (see there what Deno
   * 2.9.6 does to its thread).
   */
  shutdown(opts: ShutdownOptions = {}): Promise<void> {
    if (this.#state === "open") this.#state = "shutting-down";
    if (opts.cancelFutures) this.#queue.cancelAll();
    const closed = opts.wait === false || this.#state !== "shutting-down"
      ? Promise.resolve()
      : new Promise<void>((resolve) => this.#closing.push(resolve));
    this.#closeIfDrained();
    return closed;
  }

  /**
   * Stop every worker now, even in the middle of a task that never ends
   * (CPython 3.14's `terminate_workers`): the tasks not started are
   * cancelled, the running ones fail at once with a
   * {@linkcode BrokenWorkerPool} saying the workers were terminated, a
   * pending `shutdown()` resolves, and the pool is broken: later submits
   * throw. Resolves at once.
   *
   * Deno has no signals for workers: this and {@linkcode killWorkers} both
   * call `Worker.terminate()` on every worker and stop it from keeping the
   * process alive. In Deno 2.9.6 that ends at once a worker whose event loop
   * has control — idle, or awaiting something (a promise that never settles
   * included). A worker busy in synchronous code (an endless loop, a blocking
   * `Atomics.wait`) is not interrupted by any API of Deno 2.9.6 (nor by
   * `node:worker_threads`' `terminate()`): its future fails at once, the pool
   * forgets it and the process can exit, but until then its thread runs on,
   * keeping a CPU busy.
   *
   * @example
   * ```ts ignore
   * const f = ex.submit("neverSettles");
   * await ex.terminateWorkers();
   * await f.result(); // rejects: BrokenWorkerPool: the workers were terminated by terminateWorkers(); ...
   * ```
   */
  terminateWorkers(): Promise<void> {
    return this.#forceShutdown("terminated by terminateWorkers()");
  }

  /**
   * CPython 3.14's `kill_workers`: in Deno the same as
   * {@linkcode terminateWorkers} (there is no signal to choose), apart from
   * the message of the {@linkcode BrokenWorkerPool}.
   */
  killWorkers(): Promise<void> {
    return this.#forceShutdown("killed by killWorkers()");
  }

  /** `await using ex = new WorkerPoolExecutor(...)`: shuts down and waits, like Python's `with`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown({ wait: true });
  }

  /**
   * The worker for a new task: an idle one, else a new one while fewer than
   * `maxWorkers` run, else the least loaded with room; undefined if all are full.
   */
  #pick(): Slot | undefined {
    let best: Slot | undefined;
    for (const slot of this.#slots) {
      if (slot.tasks.size === 0) return slot;
      if (best === undefined || slot.tasks.size < best.tasks.size) best = slot;
    }
    if (this.#slots.length < this.maxWorkers) return this.#spawn();
    return best !== undefined && best.tasks.size < this.tasksPerWorker ? best : undefined;
  }

  #spawn(): Slot {
    const n = ++this.#spawned;
    const worker = new Worker(BOOTSTRAP, { type: "module", name: `WorkerPoolExecutor-${n}` });
    const { port1: channel, port2 } = new MessageChannel();
    const port = { postMessage: portPostMessage.bind(channel) };
    const slot: Slot = { worker, channel, port, tasks: new Map(), number: n };
    // Only the private channel is heard: what a task posts on the worker itself reaches no one.
    channel.onmessage = (e: MessageEvent<unknown>) => this.#onMessage(slot, e.data);
    channel.onmessageerror = () => {
      const error = new Error("a task result could not be deserialized");
      // The message is lost, and with it the task id: only a lone task is surely its owner.
      const lone = slot.tasks.size === 1 ? slot.tasks.keys().next().value : undefined;
      if (lone === undefined) {
        this.#break(error.message, error);
      } else {
        this.#finish(slot, [lone, "thrown", error]);
        this.#next(slot);
      }
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      const where = e.filename ? ` (${e.filename}:${e.lineno}:${e.colno})` : "";
      this.#break(`a worker died: ${e.message}${where}`, e.error ?? new Error(e.message));
    };
    const init: InitMessage = [
      "init",
      this.taskModule,
      this.#idleTimeoutMs,
      this.tasksPerWorker,
      port2,
    ];
    worker.postMessage(init, [port2]);
    this.#slots.push(slot);
    return slot;
  }

  /**
   * The call as `slot` will receive it, its future now `running`; undefined
   * if the future was cancelled while it waited (the call never runs).
   */
  #take(slot: Slot, { future, target, args, chunk, record }: QueuedCall<string>): Call | undefined {
    if (!future.setRunningOrNotifyCancel()) return undefined;
    if (record !== undefined) {
      if (this.tasksPerWorker === 1 && slot.tasks.size > 0) slot.queuedAhead = record;
      else record.start(slot.number - 1);
    }
    const id = ++this.#lastId;
    slot.tasks.set(id, future);
    this.#inFlight++;
    return [id, target, args, chunk === true];
  }

  /**
   * Sends `calls` to `slot` in one message; if it cannot be sent, each goes
   * alone, and one that still cannot fails its future.
   *
   * @returns whether every call went out
   */
  #send(slot: Slot, calls: Call[]): boolean {
    let error = post(slot.port, ["run", calls]);
    if (error === undefined) return true;
    let all = true;
    for (const call of calls) {
      if (calls.length > 1) error = post(slot.port, ["run", [call]]);
      if (error === undefined) continue;
      all = false;
      this.#finish(slot, [call[0], "thrown", error]);
    }
    return all;
  }

  #onMessage(slot: Slot, data: unknown): void {
    if (this.#state === "broken") return;
    if (!isToPool(data) || !this.#expected(slot, data)) {
      this.#break(`a worker sent the pool a malformed message: ${describe(data)}`);
      return;
    }
    const message = data;
    switch (message[0]) {
      case "done":
        for (const outcome of message[1]) {
          this.#finish(slot, outcome);
          if (this.#broken !== undefined) return; // a done-callback may have broken the pool
        }
        this.#next(slot);
        return;
      case "dying": {
        const [, reason, error] = message;
        if (error === undefined) {
          this.#break(reason);
        } else {
          const cause = deserializeError(error);
          this.#break(`${reason}: ${cause}`, cause);
        }
        return;
      }
      case "load-failed": {
        const cause = deserializeError(message[1]);
        this.#break(`the task module ${this.taskModule} failed to load: ${cause.message}`, cause);
        return;
      }
      case "idle":
        // Still idle (no task was sent since it spoke): end it; a later task starts a new one.
        if (slot.tasks.size === 0) this.#retire(slot);
        return;
      default:
        message satisfies never;
    }
  }

  /** Whether a well-formed message fits this worker: each outcome names a distinct call of its own. */
  #expected(slot: Slot, message: ToPool): boolean {
    if (message[0] !== "done") return true;
    const outcomes = message[1];
    if (outcomes.length > 16) {
      const ids = new Set(outcomes.map((outcome) => outcome[0]));
      return ids.size === outcomes.length && [...ids].every((id) => slot.tasks.has(id));
    }
    for (let i = 0; i < outcomes.length; i++) {
      const id = outcomes[i][0];
      if (!slot.tasks.has(id)) return false;
      for (let j = 0; j < i; j++) if (outcomes[j][0] === id) return false;
    }
    return true;
  }

  #finish(slot: Slot, outcome: Outcome): void {
    const id = outcome[0];
    const f = slot.tasks.get(id)!;
    // The call counts until its done-callbacks ran: one calling shutdown() must not end the workers.
    if (outcome[1] === "ok") {
      f.setResult(outcome[2]);
    } else {
      const error = outcome[1] === "error" ? deserializeError(outcome[2]) : outcome[2];
      f.setException(outcome[3] === undefined ? error : new ChunkFailure(outcome[3], error));
    }
    if (this.#state === "broken") return; // a done-callback may have broken the pool
    slot.tasks.delete(id);
    this.#inFlight--;
    const ahead = slot.queuedAhead;
    if (ahead !== undefined) {
      // The worker has moved on to the call queued ahead, unless that call is the one ending.
      if (ahead.future !== f) ahead.start(slot.number - 1);
      slot.queuedAhead = undefined;
    }
  }

  /**
   * Refill `slot` from the queue, in order, in one message: up to
   * `tasksPerWorker` calls — or, with one task per worker, two: the one it
   * runs next and one queued ahead in it, so that it never waits a round trip
   * for its next call (CPython's `EXTRA_QUEUED_CALLS`). A call queued ahead is
   * already `running`: it can no longer be cancelled.
   */
  #next(slot: Slot): void {
    const limit = this.tasksPerWorker === 1 ? 2 : this.tasksPerWorker;
    // A call that cannot be sent fails at once and frees its room: take more until all went out.
    for (;;) {
      const calls: Call[] = [];
      while (slot.tasks.size < limit) {
        const queued = this.#queue.shift();
        if (queued === undefined) break;
        const call = this.#take(slot, queued);
        if (call !== undefined) calls.push(call);
      }
      if (calls.length === 0 || this.#send(slot, calls) || this.#state === "broken") break;
    }
    this.#closeIfDrained();
  }

  /** Shutting down, with no task left in flight: end the workers, resolve the waiters. */
  #closeIfDrained(): void {
    if (this.#state !== "shutting-down" || this.#inFlight > 0) return;
    this.#state = "closed";
    this.#terminateAll();
    this.#resolveClosing();
  }

  #resolveClosing(): void {
    const closing = this.#closing;
    this.#closing = [];
    for (const resolve of closing) resolve();
  }

  #retire(slot: Slot): void {
    end(slot);
    this.#slots = this.#slots.filter((s) => s !== slot);
  }

  #terminateAll(): void {
    for (const slot of this.#slots) end(slot);
    this.#slots = [];
  }

  /** CPython's `_force_shutdown`: cancel what waits, then end the workers under what runs. */
  #forceShutdown(how: string): Promise<void> {
    if (this.#state !== "broken") {
      this.#queue.cancelAll();
      this.#break(`the workers were ${how}`);
    }
    return Promise.resolve();
  }

  #break(reason: string, cause?: unknown): void {
    if (this.#state === "broken") return;
    this.#state = "broken";
    const broken = this.#broken = new BrokenWorkerPool(
      `${reason}; the pool is broken and every unfinished future fails`,
      cause === undefined ? undefined : { cause },
    );
    const slots = this.#slots;
    this.#terminateAll();
    const failing: Future<unknown>[] = [];
    for (const slot of slots) {
      failing.push(...slot.tasks.values());
      slot.tasks.clear();
    }
    for (const call of this.#queue.drain()) failing.push(call.future);
    this.#inFlight = 0;
    for (const f of failing) {
      if (!f.done()) f.setException(again(broken));
    }
    this.#resolveClosing();
  }
}

/**
 * Ends a worker and closes the pool's end of its private channel (an open
 * port keeps a process alive), and lets the process exit without the worker.
 */
function end(slot: Slot): void {
  slot.worker.terminate();
  slot.channel.close();
  unref(slot.worker);
}

/**
 * Deno's own way to stop a `Worker` from keeping the process alive: `Worker`
 * has one method keyed by an unnamed symbol, `[ref](false)`, which unrefs the
 * two operations that wait for the worker's messages and control events. In
 * Deno 2.9.6 `terminate()` does not stop a thread busy in synchronous code
 * (an endless loop, a blocking `Atomics.wait`), and those operations then wait
 * forever and keep the process alive; unrefed, they no longer do. It is
 * internal: if a Deno release drops it, this does nothing (and
 * tests/worker_pool_terminate_test.ts says so).
 */
const unref: (worker: Worker) => void = (() => {
  const proto = Worker.prototype as unknown as Record<symbol, unknown>;
  const keys = Object.getOwnPropertySymbols(proto).filter((key) =>
    key.description === undefined && typeof proto[key] === "function"
  );
  if (keys.length !== 1) return () => {};
  const key = keys[0];
  return (worker) => (worker as unknown as Record<symbol, (ref: boolean) => void>)[key](false);
})();

/** What arrived, for an error message: its inspected form, cut to a line. */
function describe(data: unknown): string {
  const text = Deno.inspect(data, { depth: 3, breakLength: Infinity, strAbbreviateSize: 80 });
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** A fresh error for each future and submit, like `broken` (a thrown error is often annotated). */
function again(broken: BrokenWorkerPool): BrokenWorkerPool {
  return new BrokenWorkerPool(broken.message, { cause: broken.cause });
}

function resolveModule(taskModule: URL | string): string {
  if (taskModule instanceof URL) return taskModule.href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(taskModule) && !/^[a-z]:[\\/]/i.test(taskModule)) {
    return new URL(taskModule).href;
  }
  if (taskModule.startsWith("/")) return new URL(`file://${taskModule}`).href;
  return new URL(taskModule, `file://${Deno.cwd()}/`).href;
}
