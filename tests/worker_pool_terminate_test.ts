// WorkerPoolExecutor.terminateWorkers / killWorkers: CPython 3.14's
// test_process_pool.py (test_terminate_workers, test_kill_workers) ported to
// module workers, with tasks that never end.
import assert from "node:assert/strict";
import { fileURLToPath as fromFileUrl } from "node:url";
import {
  BrokenWorkerPool,
  CancelledError,
  type Future,
  WorkerPoolExecutor,
} from "../lib/futures/mod.ts";
import { taskPool, type Tasks } from "./fixtures/pools.ts";

/** A pool of two workers that never end on their own, busy with two never-settling tasks. */
async function hangingPool(): Promise<{
  ex: WorkerPoolExecutor<Tasks>;
  running: Future<never>[];
  queued: Future<number>;
}> {
  const ex = taskPool(2, { idleTimeoutMs: Infinity });
  const flags = new Int32Array(new SharedArrayBuffer(8));
  const running = [ex.submit("neverSettle", flags, 0), ex.submit("neverSettle", flags, 1)];
  const queued = ex.submit("add", 1, 2);
  for (const i of [0, 1]) {
    const started = Atomics.waitAsync(flags, i, 0);
    if (started.async) await started.value;
  }
  return { ex, running, queued };
}

/** Awaits the futures' errors; returns them and how long that took from `t0`. */
async function failures(fs: Future<unknown>[], t0: number): Promise<[unknown[], number]> {
  const errors = await Promise.all(fs.map((f) => f.exception()));
  return [errors, performance.now() - t0];
}

Deno.test("terminateWorkers: running tasks fail at once, queued ones are cancelled, submits throw", async () => {
  const { ex, running, queued } = await hangingPool();
  let shutDown = false;
  const closed = ex.shutdown().then(() => shutDown = true);
  assert.deepEqual(running.map((f) => f.state), ["running", "running"]);
  assert.equal(queued.state, "pending");
  // One event-loop turn: had shutdown() resolved, its callback would have run by now.
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(shutDown, false, "shutdown() waits for tasks that never end");

  const t0 = performance.now();
  await ex.terminateWorkers();
  const [errors, ms] = await failures(running, t0);
  assert.ok(ms < 1000, `the running futures failed ${ms.toFixed(1)} ms after terminateWorkers()`);
  for (const e of errors) {
    assert.ok(e instanceof BrokenWorkerPool, String(e));
    assert.match(e.message, /the workers were terminated by terminateWorkers\(\)/);
  }
  assert.equal(queued.state, "cancelled");
  await assert.rejects(queued.result(), CancelledError);
  assert.throws(() => ex.submit("add", 1, 1), BrokenWorkerPool);
  assert.equal(ex.liveWorkers, 0);
  await closed; // a pending shutdown() resolves once the workers are gone
  assert.equal(shutDown, true);
});

Deno.test("killWorkers does the same, and says the workers were killed", async () => {
  const { ex, running, queued } = await hangingPool();
  const t0 = performance.now();
  await ex.killWorkers();
  const [errors, ms] = await failures(running, t0);
  assert.ok(ms < 1000, `failed ${ms.toFixed(1)} ms after killWorkers()`);
  for (const e of errors) {
    assert.ok(e instanceof BrokenWorkerPool && /killed by killWorkers\(\)/.test(e.message));
  }
  assert.equal(queued.state, "cancelled");
  assert.throws(() => ex.submit("add", 1, 1), /killed by killWorkers/);
});

Deno.test("terminateWorkers on an idle pool breaks it; calling it again keeps the first reason", async () => {
  const ex = taskPool(1);
  assert.equal(await ex.submit("add", 2, 2).result(), 4);
  await ex.terminateWorkers();
  assert.ok(ex.broken instanceof BrokenWorkerPool);
  assert.match(ex.broken.message, /terminated by terminateWorkers/);
  await ex.killWorkers();
  assert.match(ex.broken.message, /terminated by terminateWorkers/, "not overwritten");
  assert.throws(() => ex.submit("add", 1, 1), BrokenWorkerPool);
  await ex.shutdown(); // resolves at once on a broken pool
  assert.equal(ex.liveWorkers, 0);
});

// --- in a subprocess: whether the process can then exit ---

interface Report {
  running: string[];
  queued: string;
  submit: string;
  settledMs: number;
  liveWorkers: number;
  spunAfter: number;
  printedAt: number;
}

/** Starts tests/fixtures/pool_terminate.ts, reading only lib/futures and the fixtures. */
function spawnFixture(...args: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read=lib/futures,tests/fixtures",
      "tests/fixtures/pool_terminate.ts",
      ...args,
    ],
    cwd: fromFileUrl(new URL("../", import.meta.url)),
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(20_000), // a hang fails the test instead of blocking it
  }).spawn();
}

/** The fixture's one JSON line, read as soon as it is printed. */
async function readReport(child: Deno.ChildProcess): Promise<Report> {
  let text = "";
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    while (!text.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
  } finally {
    await reader.cancel();
  }
  assert.ok(text.includes("\n"), `the fixture printed no report: ${JSON.stringify(text)}`);
  return JSON.parse(text);
}

function assertTerminated(report: Report): void {
  assert.equal(report.running.length, 2);
  for (const line of report.running) {
    assert.match(line, /^BrokenWorkerPool: the workers were terminated by terminateWorkers\(\)/);
  }
  assert.ok(report.settledMs < 1000, `the futures failed after ${report.settledMs} ms`);
  assert.equal(report.queued, "cancelled");
  assert.equal(report.submit, "BrokenWorkerPool");
  assert.equal(report.liveWorkers, 0);
}

Deno.test("after terminateWorkers ends never-settling tasks, the process exits on its own", async () => {
  const child = spawnFixture("hang");
  const [report, status, stderr] = await Promise.all([
    readReport(child),
    child.status,
    new Response(child.stderr).text(),
  ]);
  const exitedAt = Date.now();
  assert.equal(stderr, "");
  assertTerminated(report);
  assert.equal(status.code, 0);
  const lag = exitedAt - report.printedAt;
  assert.ok(lag < 2000, `the process exited ${lag} ms after its report`);
});

/** Runs the fixture in `mode` to its end: its report, and how long after the report it exited. */
async function runToExit(mode: string): Promise<{ report: Report; exitLagMs: number }> {
  const child = spawnFixture(mode);
  const [report, status, stderr] = await Promise.all([
    readReport(child),
    child.status,
    new Response(child.stderr).text(),
  ]);
  const exitLagMs = Date.now() - report.printedAt;
  assert.equal(stderr, "");
  assert.equal(status.code, 0);
  assertTerminated(report);
  return { report, exitLagMs };
}

Deno.test("after terminateWorkers stops an endless loop's task, the process exits on its own", async () => {
  const { report, exitLagMs } = await runToExit("spin");
  assert.ok(exitLagMs < 2000, `the process exited ${exitLagMs} ms after its report`);
  // Deno 2.9.6's Worker.terminate() does not interrupt a thread busy in synchronous code: the
  // loop goes on counting until the process exits (the pool unrefs the worker so that the
  // process can exit). Once Deno stops such a thread, this fails: then update the docs of
  // WorkerPoolExecutor.terminateWorkers and the README, which say the thread runs on.
  assert.ok(report.spunAfter > 0, "the endless loop was still running after terminateWorkers()");
});

Deno.test("after terminateWorkers stops a task blocked in Atomics.wait, the process exits on its own", async () => {
  const { exitLagMs } = await runToExit("block");
  assert.ok(exitLagMs < 2000, `the process exited ${exitLagMs} ms after its report`);
});
