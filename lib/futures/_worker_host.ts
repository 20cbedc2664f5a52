/**
 * The script every `WorkerPoolExecutor` worker runs (private to
 * worker_pool.ts). The messages are those of _protocol.ts: an `init` on the
 * worker's own channel (the task module's URL, the idle timeout and the
 * host's end of the pool's private channel), then, on that private channel, a
 * `run` per task, which calls that export and answers `ok`, `error` or
 * `thrown` with the task's id, moving the buffers of the result instead of
 * copying them. Tasks do not wait for each other: the pool decides how many
 * are in flight here at once. A worker that has had no task for the idle
 * timeout says so (`idle`), and the pool ends it if it is still idle.
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

import { type InitMessage, type Port, post, type ToHostOnPort, type ToPool } from "./_protocol.ts";
import { serializeError } from "./_serialize_error.ts";

type Task = (...args: unknown[]) => unknown;
type TaskModule = Record<string, unknown>;

// Taken now, before any task code runs: a task may replace the prototype's method later.
const portPostMessage = MessagePort.prototype.postMessage;

/** The pool's end of the conversation: the private port, once `init` has handed it over. */
let pool: Port<ToPool> | undefined;
let tasks: TaskModule | undefined;
let loading: Promise<TaskModule | undefined> | undefined;
let moduleUrl = "";
let idleTimeoutMs = Infinity;
let inFlight = 0;
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
  const [, module, idle, port] = e.data;
  pool = { postMessage: portPostMessage.bind(port) };
  port.onmessage = (e: MessageEvent<ToHostOnPort>) => onRun(e.data);
  [moduleUrl, idleTimeoutMs] = [module, idle];
  loading = load(moduleUrl);
};

function onRun(message: ToHostOnPort): void {
  const [, id, task, args] = message;
  inFlight++;
  if (tasks !== undefined) run(tasks, id, task, args);
  else loading?.then((mod) => mod && run(mod, id, task, args));
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

async function load(url: string): Promise<TaskModule | undefined> {
  try {
    tasks = await import(url);
    return tasks;
  } catch (error) {
    tell(["load-failed", serializeError(asError(error))]);
    return undefined;
  }
}

function run(mod: TaskModule, id: number, name: string, args: unknown[]): void {
  const fn = mod[name];
  if (typeof fn !== "function") {
    fail(id, new TypeError(`the task module ${moduleUrl} has no exported function "${name}"`));
    return;
  }
  let r: unknown;
  try {
    r = (fn as Task)(...args);
  } catch (error) {
    fail(id, error);
    return;
  }
  if (r instanceof Promise || (typeof (r as PromiseLike<unknown>)?.then === "function")) {
    (r as PromiseLike<unknown>).then((value) => reply(id, value), (error) => fail(id, error));
  } else {
    reply(id, r);
  }
}

/** A task of this worker has answered: when none is left, the idle clock starts. */
function taskDone(): void {
  if (--inFlight > 0) return;
  idleSince = performance.now();
  if (idleTimer === undefined) armIdleTimer(idleTimeoutMs);
}

function armIdleTimer(ms: number): void {
  if (ms === Infinity) return;
  // One timer at a time, checked when it fires. AbortSignal.timeout rather than setTimeout:
  // Deno 2.9 builds setTimeout's machinery on its first call (~7 ms, measured), which would
  // hold up the task that follows the first one.
  const timer = idleTimer = AbortSignal.timeout(ms);
  timer.onabort = () => {
    idleTimer = undefined;
    if (inFlight > 0) return; // the next taskDone() arms a new one
    const idleFor = performance.now() - idleSince;
    if (idleFor + 1 >= idleTimeoutMs) tell(["idle"]);
    else armIdleTimer(idleTimeoutMs - idleFor);
  };
}

function reply(id: number, value: unknown): void {
  const error = tell(["ok", id, value]);
  if (error !== undefined) postFailure(id, error);
  taskDone();
}

function fail(id: number, error: unknown): void {
  postFailure(id, error);
  taskDone();
}

function postFailure(id: number, error: unknown): void {
  if (error instanceof Error) {
    tell(["error", id, serializeError(error)]);
  } else if (tell(["thrown", id, error]) !== undefined) {
    tell(["thrown", id, String(error)]);
  }
}
