// lib/futures/mod.ts, the one public entry: every name of DESIGN.md's API, the one error
// family (CPython's concurrent.futures.Error and its subclasses), and the Executor interface
// that both pools implement.
import assert from "node:assert/strict";
import * as futures from "../lib/futures/mod.ts";
import {
  AsyncPoolExecutor,
  BrokenExecutor,
  BrokenWorkerPool,
  CancelledError,
  type Executor,
  FuturesError,
  InvalidStateError,
  type TaskName,
  TimeoutError,
  WorkerPoolExecutor,
} from "../lib/futures/mod.ts";
import * as future from "../lib/futures/future.ts";
import * as workerPool from "../lib/futures/worker_pool.ts";

type Tasks = typeof import("./fixtures/pool_tasks.ts");

Deno.test("mod.ts exports every runtime name of the API", () => {
  assert.deepEqual(Object.keys(futures).sort(), [
    "ALL_COMPLETED",
    "AsyncPoolExecutor",
    "BoundedSemaphore",
    "BrokenExecutor",
    "BrokenWorkerPool",
    "CancelledError",
    "FIRST_COMPLETED",
    "FIRST_EXCEPTION",
    "Future",
    "FuturesError",
    "InvalidStateError",
    "Semaphore",
    "TimeoutError",
    "WorkerPoolExecutor",
    "asCompleted",
    "asSettled",
    "wait",
  ]);
});

Deno.test("future.ts and worker_pool.ts still export what they did, the same objects", () => {
  for (const name of ["CancelledError", "TimeoutError", "InvalidStateError", "Future", "wait"]) {
    assert.equal(future[name as keyof typeof future], futures[name as keyof typeof futures], name);
  }
  assert.equal(workerPool.BrokenWorkerPool, BrokenWorkerPool);
  assert.equal(workerPool.WorkerPoolExecutor, WorkerPoolExecutor);
});

Deno.test("one error family: each is a FuturesError named after its class", () => {
  const cases: Array<[Error, string, Array<new (...args: never[]) => Error>]> = [
    [new FuturesError("x"), "FuturesError", [Error]],
    [new CancelledError(), "CancelledError", [FuturesError]],
    [new TimeoutError(), "TimeoutError", [FuturesError]],
    [new InvalidStateError("x"), "InvalidStateError", [FuturesError]],
    [new BrokenExecutor("x"), "BrokenExecutor", [FuturesError]],
    [new BrokenWorkerPool("x"), "BrokenWorkerPool", [BrokenExecutor, FuturesError]],
  ];
  for (const [error, name, bases] of cases) {
    assert.equal(error.name, name);
    assert.ok(error.stack!.startsWith(`${name}: `), `${name}'s stack names it`);
    for (const base of bases) assert.ok(error instanceof base, `${name} is a ${base.name}`);
  }
  assert.equal(new CancelledError().message, "the future was cancelled");
  assert.equal(new TimeoutError().message, "timed out");
  const cause = new Error("why");
  assert.equal(new BrokenWorkerPool("broken", { cause }).cause, cause);
});

Deno.test("both pools are Executors, generic over what they run", async () => {
  // Compile-time: each pool is assignable to the interface of its target.
  const fns: Executor<(...args: never[]) => unknown> = new AsyncPoolExecutor(2);
  const tasks: Executor<TaskName<Tasks>> = new WorkerPoolExecutor<Tasks>(
    new URL("./fixtures/pool_tasks.ts", import.meta.url),
    { maxWorkers: 1 },
  );
  const any: Executor[] = [fns, tasks];
  // Through the interface, submit and map reach each pool's own.
  assert.equal(await fns.submit((a: number, b: number) => a + b, 2, 3).result(), 5);
  assert.equal(await tasks.submit("add", 2, 3).result(), 5);
  assert.deepEqual(await Array.fromAsync(tasks.map("double", [1, 2])), [2, 4]);
  assert.deepEqual(await Array.fromAsync(fns.map((n: number) => n * 3, [1, 2])), [3, 6]);
  await Promise.all(any.map((ex) => ex.shutdown()));
  assert.deepEqual(any.map((ex) => ex.maxWorkers), [2, 1]);
});
