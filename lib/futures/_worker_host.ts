/**
 * The script every `WorkerPoolExecutor` worker runs (private to
 * lib/worker_pool.ts). The first message is a `WorkerInit` (the task
 * module's URL and the idle timeout); each later one is `[id, taskName,
 * args]`: it calls that export and answers `[kind, payload, id]` (see
 * lib/_worker_protocol.ts), moving the buffers of the result instead of
 * copying them. Tasks do not wait for each other: the pool decides how many
 * are in flight here at once. A worker that has had no task for the idle
 * timeout says so (`IDLE`), and the pool ends it if it is still idle.
 *
 * @module
 */

/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />

import {
  DYING,
  ERROR,
  IDLE,
  LOAD_FAILED,
  OK,
  postMoving,
  serializeError,
  THROWN,
  type WorkerInit,
} from "./_protocol.ts";

type Task = (...args: unknown[]) => unknown;

let tasks: Record<string, unknown> | undefined;
let loading: Promise<Record<string, unknown> | undefined> | undefined;
let moduleUrl = "";
let idleTimeoutMs = Infinity;
let inFlight = 0;
let idleSince = 0;
let idleTimer: AbortSignal | undefined;

// A worker that closes or exits says so first: a Web Worker dies silently otherwise.
const realClose = self.close.bind(self);
self.close = () => {
  self.postMessage([DYING, "a worker called self.close()"]);
  realClose();
};
const realExit = Deno.exit;
Deno.exit = (code?: number): never => {
  self.postMessage([DYING, `a worker called Deno.exit(${code ?? ""})`]);
  return realExit(code);
};

// An error outside any task kills the worker: report it (with its stack) and die.
function die(error: unknown): void {
  const e = error instanceof Error ? error : new Error(String(error));
  self.postMessage([DYING, serializeError(e)]);
  realClose();
}
self.addEventListener("error", (e: ErrorEvent) => {
  e.preventDefault();
  die(e.error ?? e.message);
});
self.addEventListener("unhandledrejection", (e: PromiseRejectionEvent) => {
  e.preventDefault();
  die(e.reason);
});

self.onmessage = (e: MessageEvent) => {
  if (!Array.isArray(e.data)) {
    const init = e.data as WorkerInit;
    moduleUrl = init.module;
    idleTimeoutMs = init.idleTimeoutMs;
    loading = load(moduleUrl);
    return;
  }
  const [id, name, args] = e.data as [number, string, unknown[]];
  inFlight++;
  if (tasks !== undefined) run(tasks, id, name, args);
  else loading!.then((mod) => mod && run(mod, id, name, args));
};

async function load(url: string): Promise<Record<string, unknown> | undefined> {
  try {
    tasks = await import(url);
    return tasks;
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    self.postMessage([LOAD_FAILED, serializeError(e)]);
    return undefined;
  }
}

function run(mod: Record<string, unknown>, id: number, name: string, args: unknown[]): void {
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
    if (idleFor + 1 >= idleTimeoutMs) self.postMessage([IDLE]);
    else armIdleTimer(idleTimeoutMs - idleFor);
  };
}

function reply(id: number, value: unknown): void {
  const error = postMoving(self, [OK, value, id], value);
  if (error !== undefined) postFailure(id, error);
  taskDone();
}

function fail(id: number, error: unknown): void {
  postFailure(id, error);
  taskDone();
}

function postFailure(id: number, error: unknown): void {
  if (error instanceof Error) {
    self.postMessage([ERROR, serializeError(error), id]);
    return;
  }
  try {
    self.postMessage([THROWN, error, id]);
  } catch {
    self.postMessage([THROWN, String(error), id]);
  }
}
