// WorkerPoolExecutor: CPython's process-pool tests (executor.py, test_process_pool.py,
// test_deadlock.py, test_shutdown.py) ported where they apply to module workers.
import assert from "node:assert/strict";
import { fileURLToPath as fromFileUrl } from "node:url";
import { BrokenWorkerPool, WorkerPoolExecutor } from "../lib/futures/worker_pool.ts";
import {
  asCompleted,
  CancelledError,
  type Future,
  TimeoutError,
  wait,
} from "../lib/futures/future.ts";
import { HOLD } from "./fixtures/pool_tasks.ts";
import { taskPool, TASKS, type Tasks } from "./fixtures/pools.ts";

/** A flag in shared memory that blocked tasks (`blockUntil`) wait on. */
function latch(): { flag: Int32Array; release(): void } {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  return {
    flag,
    release() {
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    },
  };
}

/** Shared state for `hold` tasks: counters, then one gate per task. */
function holds(gates: number): {
  state: Int32Array;
  open(...gates: number[]): void;
  openAll(): void;
  started(n: number): Promise<void>;
} {
  const state = new Int32Array(new SharedArrayBuffer(4 * (HOLD.GATES + gates)));
  const open = (...which: number[]) => {
    for (const g of which) {
      Atomics.store(state, HOLD.GATES + g, 1);
      Atomics.notify(state, HOLD.GATES + g);
    }
  };
  return {
    state,
    open,
    openAll: () => open(...Array.from({ length: gates }, (_, g) => g)),
    /** Resolves once `n` hold tasks have started in the workers. */
    async started(n: number) {
      for (let s; (s = Atomics.load(state, HOLD.STARTED)) < n;) {
        const r = Atomics.waitAsync(state, HOLD.STARTED, s);
        if (r.async) await r.value;
      }
    },
  };
}

const states = (fs: Future<unknown>[]) => fs.map((f) => f.state);

/** Every future settles (none hangs): returns their states. */
async function settled(fs: Future<unknown>[]): Promise<string[]> {
  await wait(fs);
  return fs.map((f) => f.state);
}

Deno.test("submit runs a named export in a worker and returns its result", async () => {
  await using ex = taskPool();
  const f = ex.submit("add", 2, 3);
  assert.equal(f.state, "running");
  const sum: number = await f.result();
  assert.equal(sum, 5);
  assert.equal(String(f), `<Future #${f.id} state=finished returned number>`);
  assert.equal(await ex.submit("double", 21).result(), 42, "async tasks are awaited");
  assert.deepEqual(await ex.submit("echo", { a: [1, "x"] }).result(), { a: [1, "x"] });
});

Deno.test("task names, arguments and results are type-checked", () => {
  // Compile-time only: `deno test` type-checks this function; it is never called.
  const _typeChecks = (ex: WorkerPoolExecutor<Tasks>) => {
    const n: Future<number> = ex.submit("add", 1, 2);
    const s: Future<{ sum: number; length: number }> = ex.submit("sumBytes", new Uint8Array(1));
    // @ts-expect-error: no such task
    ex.submit("nope");
    // @ts-expect-error: a value export is not a task
    ex.submit("notATask");
    // @ts-expect-error: wrong argument type
    ex.submit("add", 1, "2");
    // @ts-expect-error: missing argument
    ex.submit("add", 1);
    // @ts-expect-error: the result is a number, not a string
    const wrong: Future<string> = ex.submit("double", 1);
    return [n, s, wrong];
  };
  assert.equal(typeof _typeChecks, "function");
});

Deno.test("maxWorkers defaults to navigator.hardwareConcurrency and must be >= 1", async () => {
  await using ex = new WorkerPoolExecutor<Tasks>(TASKS);
  assert.equal(ex.maxWorkers, navigator.hardwareConcurrency);
  for (const bad of [0, -1, 2.5]) {
    assert.throws(() => new WorkerPoolExecutor(TASKS, { maxWorkers: bad }), RangeError);
  }
  assert.equal(ex.workersStarted, 0, "no worker before the first submit");
});

Deno.test("tasksPerWorker defaults to 1 and must be an integer >= 1", async () => {
  await using ex = taskPool(2);
  assert.equal(ex.tasksPerWorker, 1);
  for (const bad of [0, -1, 1.5, NaN, Infinity]) {
    assert.throws(
      () => new WorkerPoolExecutor(TASKS, { tasksPerWorker: bad }),
      (e) => e instanceof RangeError && /tasksPerWorker must be an integer >= 1/.test(e.message),
    );
  }
});

Deno.test("the task module may be given as a URL string or a file path", async () => {
  await using a = new WorkerPoolExecutor<Tasks>(TASKS.href, { maxWorkers: 1 });
  await using b = new WorkerPoolExecutor<Tasks>(fromFileUrl(TASKS), { maxWorkers: 1 });
  assert.equal(a.taskModule, TASKS.href);
  assert.equal(b.taskModule, TASKS.href);
  assert.equal(await b.submit("add", 1, 1).result(), 2);
});

Deno.test("workers start lazily and are reused", async () => {
  await using ex = taskPool(2);
  const ids = new Set<string>();
  for (let i = 0; i < 5; i++) ids.add((await ex.submit("whoAmI").result()).workerId);
  assert.equal(ids.size, 1, "one task at a time needs one worker");
  assert.equal(ex.workersStarted, 1);
  const many = await Promise.all(
    Array.from({ length: 20 }, () => ex.submit("whoAmI").result()),
  );
  assert.ok(new Set(many.map((r) => r.workerId)).size <= 2);
  assert.equal(ex.workersStarted, 2);
});

/** Resolves once `condition()` holds, checking every 5 ms; fails after `ms`. */
async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

Deno.test("an idle worker ends after idleTimeoutMs; the next task starts a new one", async () => {
  await using ex = taskPool(1, { idleTimeoutMs: 0 });
  assert.equal(await ex.submit("double", 2).result(), 4);
  await until(() => ex.liveWorkers === 0);
  assert.equal(await ex.submit("double", 3).result(), 6);
  assert.equal(ex.workersStarted, 2);
});

Deno.test("only idle workers end: a worker with a task in flight stays", async () => {
  await using ex = taskPool(2, { idleTimeoutMs: 0 });
  const h = holds(1);
  const held = ex.submit("hold", h.state, 0);
  await h.started(1);
  assert.equal(await ex.submit("double", 5).result(), 10); // on the second worker
  assert.equal(ex.liveWorkers, 2);
  await until(() => ex.liveWorkers === 1); // the second one, idle, ends
  assert.equal(held.state, "running");
  h.openAll();
  await held.result();
  await until(() => ex.liveWorkers === 0);
});

Deno.test("at most maxWorkers tasks run at once, in parallel; the rest queue", async () => {
  await using ex = taskPool(2);
  const { flag, release } = latch();
  const fs = [ex.submit("blockUntil", flag), ex.submit("blockUntil", flag)];
  const queued = ex.submit("add", 1, 1);
  assert.deepEqual(fs.map((f) => f.state), ["running", "running"]);
  assert.equal(queued.state, "pending");
  release(); // both workers were blocked at once: they run in parallel
  assert.deepEqual(await Promise.all(fs.map((f) => f.result())), ["released", "released"]);
  assert.equal(await queued.result(), 2);
});

Deno.test("tasksPerWorker: each worker has that many tasks in flight at most", async () => {
  const ex = taskPool(2, { tasksPerWorker: 3 });
  const h = holds(10);
  try {
    const fs = Array.from({ length: 10 }, (_, i) => ex.submit("hold", h.state, i));
    assert.deepEqual(states(fs), [...Array(6).fill("running"), ...Array(4).fill("pending")]);
    assert.equal(ex.liveWorkers, 2);
    await h.started(6); // six tasks really are awaiting at once, in two workers
    assert.equal(Atomics.load(h.state, HOLD.IN_FLIGHT), 6);
    assert.deepEqual(states(fs.slice(6)), Array(4).fill("pending"), "the rest still queue");
    h.openAll();
    const rs = await Promise.all(fs.map((f) => f.result()));
    const perWorker = Map.groupBy(rs.slice(0, 6), (r) => r.workerId);
    assert.deepEqual([...perWorker.values()].map((rs) => rs.length), [3, 3], "spread evenly");
    assert.equal(Math.max(...rs.map((r) => r.inWorker)), 3, "never more than 3 in a worker");
    assert.equal(Atomics.load(h.state, HOLD.PEAK), 6, "never more than 2 × 3 in all");
    assert.equal(ex.workersStarted, 2);
  } finally {
    h.openAll();
    await ex.shutdown();
  }
});

Deno.test("tasksPerWorker: queued tasks start in submission order as room frees", async () => {
  const ex = taskPool(1, { tasksPerWorker: 2 });
  const h = holds(6);
  try {
    const fs = Array.from({ length: 6 }, (_, i) => ex.submit("hold", h.state, i));
    h.open(1); // the second task ends first: the first queued one takes its place
    await fs[1].result();
    assert.deepEqual(states(fs), ["running", "finished", "running", ...Array(3).fill("pending")]);
    h.open(0);
    await fs[0].result();
    assert.deepEqual(states(fs.slice(2)), ["running", "running", "pending", "pending"]);
    h.open(5, 4, 3, 2);
    const rs = await Promise.all(fs.map((f) => f.result()));
    assert.deepEqual(rs.map((r) => r.start), [0, 1, 2, 3, 4, 5], "started in FIFO order");
    assert.equal(Math.max(...rs.map((r) => r.inWorker)), 2);
  } finally {
    h.openAll();
    await ex.shutdown();
  }
});

Deno.test("map yields in input order; accepts async iterables; timeout from the call", async () => {
  await using ex = taskPool(2);
  const out: number[] = [];
  for await (const r of ex.map("double", [5, 4, 3, 2, 1])) out.push(r);
  assert.deepEqual(out, [10, 8, 6, 4, 2]);

  async function* items() {
    yield 1;
    yield 2;
  }
  const out2: number[] = [];
  for await (const r of ex.map("double", items())) out2.push(r);
  assert.deepEqual(out2, [2, 4]);

  const { flag, release } = latch();
  const got: string[] = [];
  try {
    await assert.rejects(async () => {
      for await (const r of ex.map("blockUntil", [flag], { timeoutMs: 30 })) got.push(r);
    }, TimeoutError);
  } finally {
    release();
  }
  assert.equal(got.length, 0);
});

Deno.test("map re-raises a task's error when iteration reaches it", async () => {
  await using ex = taskPool(2);
  const out: unknown[] = [];
  await assert.rejects(async () => {
    for await (const r of ex.map("echo", ["a", "b"])) out.push(r);
    for await (const r of ex.map("throwTypeError", ["boom"])) out.push(r);
  }, (e) => e instanceof TypeError && e.message === "boom");
  assert.deepEqual(out, ["a", "b"]);
});

Deno.test("asCompleted over worker futures", async () => {
  await using ex = taskPool(2);
  const fs = [1, 2, 3, 4].map((n) => ex.submit("double", n));
  const got: number[] = [];
  for await (const f of asCompleted(fs, 10_000)) got.push(await f.result());
  assert.deepEqual(got.sort(), [2, 4, 6, 8]);
});

Deno.test("a task's error crosses with its name, message and the worker's stack", async () => {
  await using ex = taskPool(1);
  const f = ex.submit("throwTypeError", "bad input");
  const error = await f.exception();
  assert.ok(error instanceof TypeError, "a built-in error class is rebuilt");
  assert.equal(error.message, "bad input");
  assert.match(error.stack!, /throwTypeError .*pool_tasks\.ts:\d+/, "the worker's stack");
  assert.equal(String(f), `<Future #${f.id} state=finished raised TypeError>`);

  const custom = await ex.submit("throwCustom", "custom").exception() as Error & { code: string };
  assert.equal(custom.name, "CustomError");
  assert.equal(custom.message, "custom");
  assert.equal(custom.code, "E_CUSTOM", "own properties cross too");
  assert.match(custom.stack!, /pool_tasks\.ts/);

  await assert.rejects(ex.submit("throwString", "plain").result(), (e) => e === "plain");
  assert.equal(await ex.submit("add", 1, 2).result(), 3, "the worker survives its tasks' errors");
});

Deno.test("an unknown task name fails the future with a TypeError", async () => {
  // deno-lint-ignore no-explicit-any
  await using ex = new WorkerPoolExecutor<any>(TASKS, { maxWorkers: 1 });
  await assert.rejects(
    ex.submit("noSuchTask").result(),
    (e) => e instanceof TypeError && /no exported function "noSuchTask"/.test(e.message),
  );
  await assert.rejects(ex.submit("notATask").result(), TypeError);
  assert.throws(() => ex.submit(42 as unknown as string), TypeError);
  assert.equal(await ex.submit("add", 2, 2).result(), 4);
});

Deno.test("values that cannot be cloned fail the future, not the pool", async () => {
  await using ex = taskPool(1);
  await assert.rejects(ex.submit("returnFunction").result(), /could not be cloned|DataClone/i);
  const f = ex.submit("echo", (() => 1) as unknown as number);
  await assert.rejects(f.result(), /could not be cloned|DataClone/i);
  assert.equal(await ex.submit("add", 1, 1).result(), 2);
});

Deno.test("calls queued behind calls that cannot be sent still run", async () => {
  await using ex = taskPool(1);
  const first = ex.submit("double", 1);
  const unsendable = [1, 2].map(() => ex.submit("echo", (() => 1) as unknown as number));
  const last = ex.submit("add", 2, 3);
  assert.equal(await first.result(), 2);
  for (const f of unsendable) await assert.rejects(f.result(), /could not be cloned|DataClone/i);
  assert.equal(await last.result(), 5, "the worker is refilled after the failed sends");
});

Deno.test("buffers move without copying: arguments and results are transferred", async () => {
  await using ex = taskPool(1);
  const bytes = new Uint8Array([1, 2, 3, 4]);
  const f = ex.submit("sumBytes", bytes);
  assert.equal(bytes.byteLength, 0, "the caller's buffer was transferred (detached)");
  assert.deepEqual(await f.result(), { sum: 10, length: 4 });

  const big = new Uint8Array(1024);
  const part = big.subarray(0, 10);
  part.fill(2);
  assert.deepEqual(await ex.submit("sumBytes", part).result(), { sum: 20, length: 10 });
  assert.equal(big.byteLength, 1024, "a view of part of a buffer is copied, not detached");

  const buf: ArrayBuffer = await ex.submit("makeBuffer", 1 << 20, 9).result();
  assert.equal(buf.byteLength, 1 << 20);
  assert.equal(new Uint8Array(buf)[12345], 9);
});

Deno.test("a cancelled queued task never runs in a worker", async () => {
  await using ex = taskPool(1);
  const { flag, release } = latch();
  const blocked = ex.submit("blockUntil", flag);
  const cancelled = ex.submit("whoAmI");
  const next = ex.submit("whoAmI");
  assert.equal(blocked.cancel(), false, "running: cannot cancel");
  assert.equal(cancelled.cancel(), true);
  release();
  assert.equal((await next.result()).calls, 1, "the cancelled call did not run");
  await assert.rejects(cancelled.result(), CancelledError);
});

Deno.test("leaving a map loop early cancels the tasks not started", async () => {
  await using ex = taskPool(1);
  const h = holds(5);
  h.open(0); // task 0 finishes; task 1 starts when it does and holds until gate 1 opens
  const items = Array.from({ length: 5 }, (_, gate) => ({ state: h.state, gate }));
  for await (const r of ex.map("holdItem", items)) {
    assert.equal(r.start, 0);
    break;
  }
  h.openAll();
  await ex.submit("echo", "after").result(); // FIFO on one worker: runs after any task 2–4
  // When task 0's result came back, the worker got task 1 and task 2 queued ahead of it
  // (running already: CPython's EXTRA_QUEUED_CALLS); tasks 3 and 4 were still pending.
  assert.equal(Atomics.load(h.state, HOLD.STARTED), 3, "tasks 3–4 were cancelled, never run");
});

// --- breakage (test_process_pool.py test_killed_child, test_deadlock.py) ---

async function assertBroken(
  ex: WorkerPoolExecutor<Tasks>,
  fs: Future<unknown>[],
  reason: RegExp,
): Promise<void> {
  const states = await settled(fs);
  assert.ok(states.every((s) => s === "finished"), `all settled: ${states}`);
  for (const f of fs) {
    const e = await f.exception();
    assert.ok(e instanceof BrokenWorkerPool, `${f} failed with BrokenWorkerPool: ${e}`);
    assert.match((e as Error).message, reason);
  }
  assert.ok(ex.broken instanceof BrokenWorkerPool);
  assert.throws(() => ex.submit("add", 1, 1), BrokenWorkerPool);
  await ex.shutdown(); // does not hang on a broken pool
}

Deno.test("a worker calling self.close() breaks the pool: every unfinished future fails", async () => {
  const ex = taskPool(2);
  const { flag, release } = latch();
  try {
    const blocked = ex.submit("blockUntil", flag); // busy in the other worker
    const closing = ex.submit("closeSelf");
    const queued = [ex.submit("add", 1, 2), ex.submit("echo", "x")];
    await assertBroken(ex, [blocked, closing, ...queued], /self\.close\(\)/);
  } finally {
    release();
    await ex.shutdown();
  }
});

Deno.test("a worker dying with several tasks in flight fails them all", async () => {
  const ex = taskPool(1, { tasksPerWorker: 3 });
  const h = holds(2);
  try {
    const fs: Future<unknown>[] = [0, 1].map((i) => ex.submit("hold", h.state, i));
    fs.push(ex.submit("closeSelf"), ex.submit("add", 1, 2));
    assert.deepEqual(states(fs), ["running", "running", "running", "pending"]);
    await h.started(2); // both holds are awaiting in the worker when it closes
    await assertBroken(ex, fs, /self\.close\(\)/);
  } finally {
    h.openAll();
    await ex.shutdown();
  }
});

Deno.test("a worker calling Deno.exit() breaks the pool", async () => {
  const ex = taskPool(1);
  const exiting = ex.submit("exitWorker");
  const queued = ex.submit("add", 1, 2);
  await assertBroken(ex, [exiting, queued], /Deno\.exit\(3\)/);
});

/** Runs `task`, which kills its worker outside any task, then one more task: that one breaks. */
async function brokenAfter(
  task: "crashLater" | "rejectUnhandled",
  reason: RegExp,
): Promise<{ ex: WorkerPoolExecutor<Tasks>; e: BrokenWorkerPool }> {
  const ex = taskPool(1);
  const first = ex.submit(task);
  const next = ex.submit("add", 1, 2);
  await wait<unknown>([first, next]);
  const e = await next.exception();
  assert.ok(e instanceof BrokenWorkerPool, String(e));
  assert.match(e.message, reason);
  return { ex, e };
}

Deno.test("an uncaught error outside a task breaks the pool", async () => {
  const { ex, e } = await brokenAfter("crashLater", /crash outside a task/);
  assert.match((e.cause as Error).stack!, /pool_tasks\.ts/, "the worker's stack");
  assert.throws(() => ex.submit("add", 1, 1), BrokenWorkerPool);
  await ex.shutdown();
});

Deno.test("an unhandled rejection in a worker breaks the pool", async () => {
  const { ex } = await brokenAfter("rejectUnhandled", /unhandled rejection in a worker/);
  await ex.shutdown();
});

Deno.test("a task module that fails to load breaks the pool with the cause", async () => {
  const ex = new WorkerPoolExecutor<Tasks>(
    new URL("./fixtures/pool_load_error.ts", import.meta.url),
    { maxWorkers: 2 },
  );
  const fs = [ex.submit("add", 1, 2), ex.submit("add", 3, 4), ex.submit("add", 5, 6)];
  await assertBroken(ex, fs, /failed to load: this task module fails to load/);
  assert.match(String((ex.broken!.cause as Error).message), /fails to load/);

  const missing = new WorkerPoolExecutor<Tasks>(
    new URL("./fixtures/no_such_module.ts", import.meta.url),
    { maxWorkers: 1 },
  );
  await assertBroken(missing, [missing.submit("add", 1, 2)], /failed to load/);
});

// --- shutdown (test_shutdown.py) ---

Deno.test("submit after shutdown throws; shutdown twice is fine", async () => {
  const ex = taskPool(1);
  assert.equal(await ex.submit("add", 1, 1).result(), 2);
  await ex.shutdown();
  assert.throws(() => ex.submit("add", 1, 1), /cannot schedule new futures after shutdown/);
  await ex.shutdown();
});

Deno.test("shutdown waits for running and queued tasks, then ends the workers", async () => {
  const ex = taskPool(2);
  const fs = Array.from({ length: 6 }, (_, i) => ex.submit("double", i));
  assert.equal(ex.liveWorkers, 2);
  await ex.shutdown();
  assert.equal(ex.liveWorkers, 0);
  assert.deepEqual(fs.map((f) => f.state), Array(6).fill("finished"));
  assert.deepEqual(await Promise.all(fs.map((f) => f.result())), [0, 2, 4, 6, 8, 10]);
});

Deno.test("shutdown({ cancelFutures }) cancels the tasks not started", async () => {
  const ex = taskPool(1);
  const { flag, release } = latch();
  const running = ex.submit("blockUntil", flag);
  const queued = [ex.submit("add", 1, 1), ex.submit("add", 2, 2)];
  const done = ex.shutdown({ cancelFutures: true });
  assert.deepEqual(queued.map((f) => f.state), ["cancelled", "cancelled"]);
  release();
  await done;
  assert.equal(await running.result(), "released");
  await assert.rejects(queued[0].result(), CancelledError);
});

Deno.test("shutdown({ wait: false }) returns at once; tasks still finish", async () => {
  const ex = taskPool(1);
  const { flag, release } = latch();
  const f = ex.submit("blockUntil", flag);
  const g = ex.submit("add", 20, 22);
  await ex.shutdown({ wait: false });
  assert.equal(f.state, "running");
  release();
  assert.equal(await g.result(), 42);
  assert.equal(await f.result(), "released");
});

Deno.test("await using shuts the pool down at scope exit", async () => {
  let ex: WorkerPoolExecutor<Tasks>;
  let f: Future<number>;
  {
    await using p = taskPool(1);
    ex = p;
    f = p.submit("double", 4);
  }
  assert.equal(f.state, "finished");
  assert.throws(() => ex.submit("add", 1, 1), /after shutdown/);
});

// --- process exit (no Deno.exit needed) ---

async function runFixture(arg: string): Promise<{ code: number; stdout: string }> {
  const root = fromFileUrl(new URL("../", import.meta.url));
  const cmd = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read=lib,tests/fixtures", "tests/fixtures/pool_exit.ts", arg],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(20_000), // a hang fails the test instead of blocking it
  });
  const { code, stdout, stderr } = await cmd.output();
  const err = new TextDecoder().decode(stderr);
  assert.equal(err.includes("error"), false, err);
  return { code, stdout: new TextDecoder().decode(stdout) };
}

Deno.test("a process using a pool exits on its own after shutdown", async () => {
  const { code, stdout } = await runFixture("shutdown");
  assert.equal(code, 0);
  assert.equal(stdout.trim(), "[2,4,6]");
});

Deno.test("a process that forgets shutdown still exits (idle workers end)", async () => {
  const { code, stdout } = await runFixture("forget");
  assert.equal(code, 0);
  assert.equal(stdout.trim(), "[2,4,6]");
});
