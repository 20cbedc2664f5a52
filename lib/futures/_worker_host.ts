/**
 * The script every `WorkerPoolExecutor` worker runs (private to
 * worker_pool.ts). The messages are those of _protocol.ts: an `init` on the
 * worker's own channel (the task module's URL, the idle timeout, how many
 * calls may run at once and the host's end of the pool's private channel),
 * then, on that private channel, `run` messages with one or more calls. The
 * host runs them in order, at most `tasksPerWorker` at once (the pool may
 * hand it one more than that, queued ahead), and answers with `done`
 * messages: the outcomes of the calls that ended in one turn travel together,
 * each naming its call, the buffers of the values moved rather than copied.
 * A chunk call applies its task to each item in turn. A worker that has had
 * no call for the idle timeout says so (`idle`), and the pool ends it if it
 * is still idle.
 *
 * Only this host speaks to the pool: it takes the private port and the
 * functions it sends with before the task module loads, so a task that posts
 * with `self.postMessage`, replaces `self.onmessage` or `self.postMessage`, or
 * patches `MessagePort.prototype` reaches no one and changes nothing here.
 *
 * @module
 */

/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />

import { Queue } from "./_call_queue.ts";
import type { Call, InitMessage, Outcome, Port, ToHost, ToPool } from "./_protocol.ts";
import { post } from "./_protocol.ts";
import { serializeError } from "./_serialize_error.ts";
import { isThenable } from "./_thenable.ts";

type Task = (...args: unknown[]) => unknown;
type TaskModule = Record<string, unknown>;

// Taken now, before any task code runs: a task may replace the prototype's method later.
const portPostMessage = MessagePort.prototype.postMessage;

/** The pool's end of the conversation: the private port, once `init` has handed it over. */
let pool: Port<ToPool> | undefined;
let tasks: TaskModule | undefined;
let moduleUrl = "";
let idleTimeoutMs = Infinity;
let tasksPerWorker = 1;
/** Calls received and not started, oldest first. */
const waiting = new Queue<Call>();
/** Calls started and not ended. */
let running = 0;
let starting = false;
/** Outcomes not yet sent: they leave together at the end of the turn. */
let outbox: Outcome[] = [];
let idleSince = 0;
let idleTimer: AbortSignal | undefined;

// A worker that closes or exits says so first: a Web Worker dies silently otherwise.
const realClose = self.close.bind(self);
self.close = () => {
  tell(["dying", "a worker called self.close()"]);
  realClose();
};
const realExit = Deno.exit;
Deno.exit = (code?: number): never => {
  tell(["dying", `a worker called Deno.exit(${code ?? ""})`]);
  return realExit(code);
};

// An error outside any task kills the worker: report it (with its stack) and die.
function die(error: unknown): void {
  tell(["dying", "a worker died of an error outside a task", serializeError(asError(error))]);
  realClose();
}

/** Sends `message` to the pool; before `init` there is no one to tell. */
function tell(message: ToPool): unknown {
  return pool === undefined ? undefined : post(pool, message);
}
self.addEventListener("error", (e: ErrorEvent) => {
  e.preventDefault();
  die(e.error ?? e.message);
});
self.addEventListener("unhandledrejection", (e: PromiseRejectionEvent) => {
  e.preventDefault();
  die(e.reason);
});

// The one message on the worker's own channel: take the private port, then stop listening here.
self.onmessage = (e: MessageEvent<InitMessage>) => {
  self.onmessage = null;
  const [, module, idle, perWorker, port] = e.data;
  pool = { postMessage: portPostMessage.bind(port) };
  port.onmessage = (e: MessageEvent<ToHost>) => receive(e.data[1]);
  [moduleUrl, idleTimeoutMs, tasksPerWorker] = [module, idle, perWorker];
  load(moduleUrl);
};

function receive(calls: readonly Call[]): void {
  for (const call of calls) waiting.push(call);
  startCalls();
}

/** Starts waiting calls while fewer than `tasksPerWorker` run (once the module is loaded). */
function startCalls(): void {
  if (starting || tasks === undefined) return;
  starting = true; // a call that ends at once comes back here: this loop goes on instead
  while (running < tasksPerWorker) {
    const call = waiting.shift();
    if (call === undefined) break;
    running++;
    if (call[3]) runChunk(tasks, call);
    else runOne(tasks, call);
  }
  starting = false;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

async function load(url: string): Promise<void> {
  try {
    tasks = await import(url);
  } catch (error) {
    tell(["load-failed", serializeError(asError(error))]);
    return;
  }
  startCalls();
}

function taskOf(mod: TaskModule, name: string): Task {
  const fn = mod[name];
  if (typeof fn !== "function") {
    throw new TypeError(`the task module ${moduleUrl} has no exported function "${name}"`);
  }
  return fn as Task;
}

function runOne(mod: TaskModule, [id, name, args]: Call): void {
  let r: unknown;
  try {
    r = taskOf(mod, name)(...args);
  } catch (error) {
    end(failure(id, error));
    return;
  }
  if (isThenable(r)) {
    r.then((value) => end([id, "ok", value]), (error) => end(failure(id, error)));
  } else {
    end([id, "ok", r]);
  }
}

/** A chunk: the task on each item in turn (awaiting those that return a promise). */
function runChunk(mod: TaskModule, [id, name, items]: Call): void {
  const values: unknown[] = [];
  let fn: Task;
  try {
    fn = taskOf(mod, name);
  } catch (error) {
    end(failure(id, error, values));
    return;
  }
  const from = (start: number): void => {
    for (let i = start; i < items.length; i++) {
      let r: unknown;
      try {
        r = fn(items[i]);
      } catch (error) {
        end(failure(id, error, values));
        return;
      }
      if (isThenable(r)) {
        r.then((value) => {
          values.push(value);
          from(i + 1);
        }, (error) => end(failure(id, error, values)));
        return;
      }
      values.push(r);
    }
    end([id, "ok", values]);
  };
  from(0);
}

function failure(id: number, error: unknown, before?: unknown[]): Outcome {
  const [kind, value] = error instanceof Error
    ? ["error", serializeError(error)] as const
    : ["thrown", error] as const;
  return (before === undefined ? [id, kind, value] : [id, kind, value, before]) as Outcome;
}

/** A call ended: its outcome leaves with the others of this turn; the next waiting call starts. */
function end(outcome: Outcome): void {
  if (outbox.length === 0) queueMicrotask(flush);
  outbox.push(outcome);
  running--;
  if (running === 0 && waiting.size === 0) {
    idleSince = performance.now();
    if (idleTimer === undefined) armIdleTimer(idleTimeoutMs);
  }
  startCalls();
}

/**
 * Sends the outcomes of this turn in one message. If it cannot be sent (a
 * value that cannot be cloned), each goes alone, and one that still cannot
 * goes as its string form if it is a thrown value, else fails its call with
 * the clone error.
 */
function flush(): void {
  const outcomes = outbox;
  outbox = [];
  const error = tell(["done", outcomes]);
  if (error === undefined) return;
  for (const outcome of outcomes) {
    const alone = outcomes.length === 1 ? error : tell(["done", [outcome]]);
    if (alone === undefined) continue;
    const [id, kind, value, before] = outcome;
    if (kind === "thrown") {
      const text = String(value);
      const stringed =
        (before === undefined ? [id, kind, text] : [id, kind, text, before]) as Outcome;
      if (tell(["done", [stringed]]) === undefined) continue;
    }
    tell(["done", [failure(id, alone)]]);
  }
}

function armIdleTimer(ms: number): void {
  if (ms === Infinity) return;
  // One timer at a time, checked when it fires. AbortSignal.timeout rather than setTimeout:
  // Deno 2.9 builds setTimeout's machinery on its first call (~7 ms, measured), which would
  // hold up the task that follows the first one.
  const timer = idleTimer = AbortSignal.timeout(ms);
  timer.onabort = () => {
    idleTimer = undefined;
    if (running > 0 || waiting.size > 0) return; // the next call to end arms a new one
    const idleFor = performance.now() - idleSince;
    if (idleFor + 1 >= idleTimeoutMs) tell(["idle"]);
    else armIdleTimer(idleTimeoutMs - idleFor);
  };
}
