/**
 * The script every `WorkerPoolExecutor` worker runs (private to
 * lib/worker_pool.ts). The first message is the task module's URL; each
 * later one is `[id, taskName, args]`: it calls that export and answers
 * `[kind, payload, id]` (see lib/_worker_protocol.ts), moving the buffers of
 * the result instead of copying them. Tasks do not wait for each other: the
 * pool decides how many are in flight here at once.
 *
 * @module
 */

/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />

import {
  DYING,
  ERROR,
  LOAD_FAILED,
  OK,
  serializeError,
  THROWN,
  transferables,
} from "./_worker_protocol.ts";

type Task = (...args: unknown[]) => unknown;

let tasks: Record<string, unknown> | undefined;
let loading: Promise<Record<string, unknown> | undefined> | undefined;
let moduleUrl = "";

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
  if (typeof e.data === "string") {
    moduleUrl = e.data;
    loading = load(moduleUrl);
    return;
  }
  const [id, name, args] = e.data as [number, string, unknown[]];
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

function reply(id: number, value: unknown): void {
  try {
    self.postMessage([OK, value, id], transferables(value));
  } catch (error) {
    try {
      self.postMessage([OK, value, id]); // a buffer that cannot be transferred is copied
    } catch {
      fail(id, error);
    }
  }
}

function fail(id: number, error: unknown): void {
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
