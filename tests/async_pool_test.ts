// AsyncPoolExecutor: CPython's executor tests (test_thread_pool.py, executor.py,
// test_shutdown.py, test_as_completed.py, test_wait.py) ported where they apply.
import assert from "node:assert/strict";
import { AsyncPoolExecutor } from "../lib/futures/async_pool.ts";
import {
  asCompleted,
  CancelledError,
  FIRST_EXCEPTION,
  type Future,
  TimeoutError,
  wait,
} from "../lib/futures/future.ts";

/** A task that finishes when the test says so; records how many run at once. */
class Gate {
  readonly #open = Promise.withResolvers<void>();
  started = 0;
  running = 0;
  peak = 0;
  readonly order: number[] = [];
  readonly #allStarted = new Map<number, PromiseWithResolvers<void>>();

  task = async (n: number): Promise<number> => {
    this.started++;
    this.order.push(n);
    this.running++;
    this.peak = Math.max(this.peak, this.running);
    this.#allStarted.get(this.started)?.resolve();
    try {
      await this.#open.promise;
      return n;
    } finally {
      this.running--;
    }
  };

  /** Resolves when `count` calls have started. */
  startedCount(count: number): Promise<void> {
    if (this.started >= count) return Promise.resolve();
    const d = Promise.withResolvers<void>();
    this.#allStarted.set(count, d);
    return d.promise;
  }

  open(): void {
    this.#open.resolve();
  }
}

Deno.test("maxWorkers defaults to 32 and must be an integer >= 1", async () => {
  await using ex = new AsyncPoolExecutor();
  assert.equal(ex.maxWorkers, 32);
  assert.equal(new AsyncPoolExecutor(1).maxWorkers, 1);
  for (const bad of [0, -1, 1.5, NaN]) {
    assert.throws(() => new AsyncPoolExecutor(bad), RangeError, String(bad));
  }
});

Deno.test("submit starts a call at once when a slot is free, else queues it (seed output)", async () => {
  const gate = new Gate();
  await using ex = new AsyncPoolExecutor(3);
  const lines: string[] = [];
  const fs: Future<number>[] = [];
  for (const [i, cc] of ["BR", "CN", "ID", "IN", "US"].entries()) {
    const f = ex.submit(gate.task, i);
    fs.push(f);
    lines.push(`Scheduled for ${cc}: ${f}`);
  }
  const n = fs[0].id;
  assert.deepEqual(lines, [
    `Scheduled for BR: <Future #${n} state=running>`,
    `Scheduled for CN: <Future #${n + 1} state=running>`,
    `Scheduled for ID: <Future #${n + 2} state=running>`,
    `Scheduled for IN: <Future #${n + 3} state=pending>`,
    `Scheduled for US: <Future #${n + 4} state=pending>`,
  ]);
  assert.equal(gate.started, 3);
  gate.open();
  const results = [];
  for await (const f of asCompleted(fs)) results.push(await f.result());
  assert.deepEqual(results.sort(), [0, 1, 2, 3, 4]);
  assert.equal(String(fs[4]), `<Future #${n + 4} state=finished returned number>`);
});

Deno.test("at most maxWorkers calls in flight; the queue is first in, first out", async () => {
  const gate = new Gate();
  await using ex = new AsyncPoolExecutor(4);
  const fs = Array.from({ length: 20 }, (_, i) => ex.submit(gate.task, i));
  assert.equal(gate.running, 4);
  gate.open();
  await wait(fs);
  assert.equal(gate.peak, 4);
  assert.deepEqual(gate.order, Array.from({ length: 20 }, (_, i) => i));
  assert.deepEqual(await Promise.all(fs.map((f) => f.result())), gate.order);
});

Deno.test("a long queue (compaction path) keeps order and loses nothing", async () => {
  await using ex = new AsyncPoolExecutor(2);
  const seen: number[] = [];
  const fs = Array.from({ length: 5000 }, (_, i) =>
    ex.submit(async (n: number) => {
      seen.push(n);
      await null;
      return n * 2;
    }, i));
  let sum = 0;
  for (const f of fs) sum += await f.result();
  assert.equal(sum, 4999 * 5000);
  assert.deepEqual(seen, Array.from({ length: 5000 }, (_, i) => i));
});

Deno.test("results, errors and synchronous functions reach the future", async () => {
  await using ex = new AsyncPoolExecutor(2);
  const error = new TypeError("nope");
  const sync = ex.submit((a: number, b: number) => a + b, 2, 3);
  const syncThrow = ex.submit(() => {
    throw error;
  });
  const asyncReject = ex.submit(() => Promise.reject(new RangeError("later")));
  const asyncOk = ex.submit((s: string) => Promise.resolve(s.toUpperCase()), "br");
  assert.equal(await sync.result(), 5);
  await assert.rejects(syncThrow.result(), (e) => e === error);
  assert.equal(String(syncThrow), `<Future #${syncThrow.id} state=finished raised TypeError>`);
  await assert.rejects(asyncReject.result(), RangeError);
  assert.equal(await asyncOk.result(), "BR");
  assert.equal(String(asyncOk), `<Future #${asyncOk.id} state=finished returned string>`);
});

Deno.test("a failing call frees its slot for the next one", async () => {
  await using ex = new AsyncPoolExecutor(1);
  const bad = ex.submit(() => Promise.reject(new Error("x")));
  const good = ex.submit(() => Promise.resolve("ok"));
  assert.equal(good.state, "pending");
  await assert.rejects(bad.result());
  assert.equal(await good.result(), "ok");
});

Deno.test("a cancelled queued call never runs; the next one does", async () => {
  const gate = new Gate();
  await using ex = new AsyncPoolExecutor(1);
  const first = ex.submit(gate.task, 1);
  const second = ex.submit(gate.task, 2);
  const third = ex.submit(gate.task, 3);
  assert.equal(first.cancel(), false, "running: cannot cancel");
  assert.equal(second.cancel(), true);
  gate.open();
  assert.equal(await third.result(), 3);
  await assert.rejects(second.result(), CancelledError);
  assert.deepEqual(gate.order, [1, 3]);
});

Deno.test("a done callback may submit more work", async () => {
  await using ex = new AsyncPoolExecutor(1);
  const { promise, resolve } = Promise.withResolvers<Future<number>>();
  const f = ex.submit(() => Promise.resolve(1));
  f.addDoneCallback((done) =>
    resolve(ex.submit((n: number) => Promise.resolve(n + 1), done.resultNow()))
  );
  assert.equal(await (await promise).result(), 2);
});

// --- map (executor.py ExecutorTest.test_map*) ---

Deno.test("map yields results in input order whatever the finishing order", async () => {
  await using ex = new AsyncPoolExecutor(5);
  const gates = Array.from({ length: 5 }, () => Promise.withResolvers<void>());
  const results = ex.map(async (i: number) => {
    await gates[i].promise;
    return i * 10;
  }, [0, 1, 2, 3, 4]);
  for (const i of [4, 2, 3, 0, 1]) gates[i].resolve();
  const out: number[] = [];
  for await (const r of results) out.push(r);
  assert.deepEqual(out, [0, 10, 20, 30, 40]);
});

Deno.test("map submits every call eagerly, before iteration", async () => {
  const gate = new Gate();
  await using ex = new AsyncPoolExecutor(3);
  const results = ex.map(gate.task, [0, 1, 2, 3, 4]);
  assert.equal(gate.started, 3, "three started before the first next()");
  gate.open();
  const out: number[] = [];
  for await (const r of results) out.push(r);
  assert.deepEqual(out, [0, 1, 2, 3, 4]);
});

Deno.test("map re-raises a call's error when iteration reaches it", async () => {
  await using ex = new AsyncPoolExecutor(2);
  const out: number[] = [];
  await assert.rejects(async () => {
    for await (const r of ex.map((n: number) => n === 0 ? fail(n) : 5 / n, [1, 2, 0, 4])) {
      out.push(r);
    }
  }, /zero: 0/);
  assert.deepEqual(out, [5, 2.5]);

  function fail(n: number): never {
    throw new RangeError(`zero: ${n}`);
  }
});

Deno.test("map's timeout counts from the call and throws TimeoutError", async () => {
  await using ex = new AsyncPoolExecutor(3);
  const never = Promise.withResolvers<void>();
  const results = ex.map(
    async (n: number) => {
      if (n === 2) await never.promise;
      return n;
    },
    [0, 1, 2],
    { timeoutMs: 40 },
  );
  const started = performance.now();
  const out: number[] = [];
  try {
    await assert.rejects(async () => {
      for await (const r of results) out.push(r);
    }, TimeoutError);
    assert.deepEqual(out, [0, 1]);
    assert.ok(performance.now() - started >= 35, "not before the deadline");
  } finally {
    never.resolve();
  }
});

Deno.test("map accepts an async iterable and submits as items arrive", async () => {
  await using ex = new AsyncPoolExecutor(2);
  async function* items() {
    for (let i = 1; i <= 5; i++) {
      await null;
      yield i;
    }
  }
  const out: number[] = [];
  for await (const r of ex.map((n: number) => Promise.resolve(n * n), items())) out.push(r);
  assert.deepEqual(out, [1, 4, 9, 16, 25]);
});

Deno.test("map re-raises an async iterable's error after the results before it", async () => {
  await using ex = new AsyncPoolExecutor(2);
  async function* items() {
    yield 1;
    yield 2;
    throw new URIError("source broke");
  }
  const out: number[] = [];
  await assert.rejects(async () => {
    for await (const r of ex.map((n: number) => Promise.resolve(n), items())) out.push(r);
  }, URIError);
  assert.deepEqual(out, [1, 2]);
});

Deno.test("leaving a map loop early cancels the calls not started", async () => {
  const hold = Promise.withResolvers<void>();
  const order: number[] = [];
  const ex = new AsyncPoolExecutor(1);
  const results = ex.map(async (n: number) => {
    order.push(n);
    if (n > 0) await hold.promise;
    return n;
  }, [0, 1, 2, 3]);
  for await (const r of results) {
    assert.equal(r, 0);
    break;
  }
  hold.resolve();
  await ex.shutdown();
  assert.deepEqual(order, [0, 1], "1 had started when 0 finished; 2 and 3 were cancelled");
});

Deno.test("map of nothing yields nothing", async () => {
  await using ex = new AsyncPoolExecutor(2);
  const out = [];
  for await (const r of ex.map((x: number) => x, [])) out.push(r);
  assert.equal(out.length, 0);
});

// --- shutdown (test_shutdown.py) ---

Deno.test("submit and map after shutdown throw", async () => {
  const ex = new AsyncPoolExecutor(2);
  await ex.shutdown();
  assert.throws(() => ex.submit(() => 1), /cannot schedule new futures after shutdown/);
  assert.throws(() => ex.map((x: number) => x, [1]), /after shutdown/);
  await ex.shutdown(); // twice is fine
});

Deno.test("shutdown waits for running and queued calls", async () => {
  const gate = new Gate();
  const ex = new AsyncPoolExecutor(2);
  const fs = [1, 2, 3, 4].map((n) => ex.submit(gate.task, n));
  let shutDown = false;
  const p = ex.shutdown().then(() => shutDown = true);
  await gate.startedCount(2);
  assert.equal(shutDown, false);
  gate.open();
  await p;
  assert.ok(fs.every((f) => f.done() && !f.cancelled()));
  assert.deepEqual(gate.order, [1, 2, 3, 4]);
});

Deno.test("shutdown({ cancelFutures }) cancels what has not started", async () => {
  const gate = new Gate();
  const ex = new AsyncPoolExecutor(2);
  const fs = [1, 2, 3, 4, 5].map((n) => ex.submit(gate.task, n));
  const p = ex.shutdown({ cancelFutures: true });
  gate.open();
  await p;
  assert.deepEqual(fs.map((f) => f.state), [
    "finished",
    "finished",
    "cancelled",
    "cancelled",
    "cancelled",
  ]);
  assert.deepEqual(gate.order, [1, 2]);
});

Deno.test("shutdown({ wait: false }) returns at once; the work still completes", async () => {
  const gate = new Gate();
  const ex = new AsyncPoolExecutor(1);
  const fs = [1, 2].map((n) => ex.submit(gate.task, n));
  await ex.shutdown({ wait: false });
  assert.equal(fs[0].state, "running");
  assert.equal(fs[1].state, "pending");
  gate.open();
  assert.deepEqual(await Promise.all(fs.map((f) => f.result())), [1, 2]);
});

Deno.test("await using shuts down and waits at scope exit, like Python's with", async () => {
  const gate = new Gate();
  let ex: AsyncPoolExecutor;
  let fs: Future<number>[];
  {
    await using pool = new AsyncPoolExecutor(2);
    ex = pool;
    fs = [1, 2, 3].map((n) => pool.submit(gate.task, n));
    queueMicrotask(() => gate.open());
  }
  assert.ok(fs.every((f) => f.state === "finished"));
  assert.throws(() => ex.submit(() => 1), /after shutdown/);
});

Deno.test("wait FIRST_EXCEPTION with executor futures", async () => {
  await using ex = new AsyncPoolExecutor(3);
  const hold = Promise.withResolvers<void>();
  const ok = ex.submit(() => Promise.resolve(1));
  const bad = ex.submit(async () => {
    await null;
    throw new Error("bad");
  });
  const slow = ex.submit(() => hold.promise);
  const { done, notDone } = await wait<unknown>([ok, bad, slow], {
    returnWhen: FIRST_EXCEPTION,
  });
  assert.deepEqual(done, new Set([ok, bad]));
  assert.deepEqual(notDone, new Set([slow]));
  hold.resolve();
});
