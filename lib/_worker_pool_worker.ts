/**
 * The script every `WorkerPoolExecutor` worker runs (private to
 * lib/worker_pool.ts). The first message is the task module's URL; each
 * later one is `[taskName, args]`: it calls that export and answers
 * `[kind, payload]` (see lib/_worker_protocol.ts), moving the buffers of the
 * result instead of copying them.
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
  const [name, args] = e.data as [string, unknown[]];
  if (tasks !== undefined) run(tasks, name, args);
  else loading!.then((mod) => mod && run(mod, name, args));
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

function run(mod: Record<string, unknown>, name: string, args: unknown[]): void {
  const fn = mod[name];
  if (typeof fn !== "function") {
    fail(new TypeError(`the task module ${moduleUrl} has no exported function "${name}"`));
    return;
  }
  let r: unknown;
  try {
    r = (fn as Task)(...args);
  } catch (error) {
    fail(error);
    return;
  }
  if (r instanceof Promise || (typeof (r as PromiseLike<unknown>)?.then === "function")) {
    (r as PromiseLike<unknown>).then(reply, fail);
  } else {
    reply(r);
  }
}

function reply(value: unknown): void {
  try {
    self.postMessage([OK, value], transferables(value));
  } catch (error) {
    try {
      self.postMessage([OK, value]); // a buffer that cannot be transferred is copied
    } catch {
      fail(error);
    }
  }
}

function fail(error: unknown): void {
  if (error instanceof Error) {
    self.postMessage([ERROR, serializeError(error)]);
    return;
  }
  try {
    self.postMessage([THROWN, error]);
  } catch {
    self.postMessage([THROWN, String(error)]);
  }
}
