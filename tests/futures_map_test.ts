// map with CPython 3.14's options on both executors: buffersize (lazy input, bounded calls in
// flight, endless inputs), chunksize (worker pool: items travel in chunks), errors of the input
// and of the calls in input order, early exit, the deadline, bad options.
import assert from "node:assert/strict";
import { AsyncPoolExecutor, CancelledError, TimeoutError } from "../lib/futures/mod.ts";
import { HOLD } from "./fixtures/pool_tasks.ts";
import { taskPool } from "./fixtures/pools.ts";

/** A sync input that counts how far it was pulled, and whether it was closed. */
function counted(limit = Infinity) {
  const state = { pulled: 0, closed: false };
  function* items(): Generator<number> {
    try {
      for (let i = 0; i < limit; i++) {
        state.pulled++;
        yield i;
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, items: items() };
}

/** The same, async and endless. */
function countedAsync() {
  const state = { pulled: 0, closed: false };
  async function* items(): AsyncGenerator<number> {
    try {
      for (let i = 0;; i++) {
        await null;
        state.pulled++;
        yield i;
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, items: items() };
}

/** Calls that end when the test says: how many run at once, and their peak. */
function gated() {
  const gates: PromiseWithResolvers<void>[] = [];
  const stats = { running: 0, peak: 0, started: 0 };
  const gate = (i: number) => (gates[i] ??= Promise.withResolvers<void>());
  return {
    stats,
    open: (i: number) => gate(i).resolve(),
    task: async (i: number): Promise<number> => {
      stats.started++;
      stats.running++;
      stats.peak = Math.max(stats.peak, stats.running);
      await gate(i).promise;
      stats.running--;
      return i * 10;
    },
  };
}

// --- buffersize ---

Deno.test("buffersize: at most that many calls submitted ahead; the input is read as results are taken", async () => {
  await using ex = new AsyncPoolExecutor(32);
  const g = gated();
  const { state, items } = counted(20);
  const results = ex.map(g.task, items, { buffersize: 3 });
  assert.equal(state.pulled, 3, "three items read and submitted at the call");
  assert.equal(g.stats.started, 3);
  const out: number[] = [];
  for (let i = 0; i < 20; i++) {
    g.open(i);
    const r = await results.next();
    out.push(r.value as number);
    assert.ok(state.pulled - out.length <= 3, `read ahead ${state.pulled - out.length} > 3`);
  }
  assert.deepEqual(out, Array.from({ length: 20 }, (_, i) => i * 10));
  assert.equal((await results.next()).done, true);
  assert.ok(g.stats.peak <= 3, `peak ${g.stats.peak} calls at once`);
});

Deno.test("buffersize on the worker pool counts calls in flight in the workers", async () => {
  await using ex = taskPool(2, { tasksPerWorker: 4 });
  const state = new Int32Array(new SharedArrayBuffer(4 * (HOLD.GATES + 12)));
  const { state: input, items } = counted(12);
  const jobs = (function* () {
    for (const gate of items) yield { state, gate };
  })();
  const results = ex.map("holdItem", jobs, { buffersize: 5 });
  const out: number[] = [];
  for (let gate = 0; gate < 12; gate++) {
    Atomics.store(state, HOLD.GATES + gate, 1);
    Atomics.notify(state, HOLD.GATES + gate);
    const r = await results.next();
    out.push((r.value as { start: number }).start);
    assert.ok(input.pulled - out.length <= 5);
  }
  assert.equal(out.length, 12);
  assert.ok(Atomics.load(state, HOLD.PEAK) <= 5, `peak ${Atomics.load(state, HOLD.PEAK)} > 5`);
});

Deno.test("buffersize over an endless async input: left early, it stops being read and is closed", async () => {
  await using ex = new AsyncPoolExecutor(8);
  const { state, items } = countedAsync();
  let taken = 0;
  for await (const r of ex.map((n: number) => n * n, items, { buffersize: 16 })) {
    assert.equal(r, taken * taken);
    if (++taken === 1000) break;
  }
  assert.ok(state.pulled <= 1000 + 16, `pulled ${state.pulled}`);
  assert.equal(state.closed, true, "the input's finally ran");
  const pulled = state.pulled;
  await ex.submit(() => 0).result(); // a turn of the loop: nothing reads it any more
  assert.equal(state.pulled, pulled);
});

Deno.test("buffersize over an endless sync input on the worker pool, chunked", async () => {
  await using ex = taskPool(2);
  const { state, items } = counted();
  let taken = 0;
  let sum = 0;
  for await (const r of ex.map("double", items, { buffersize: 4, chunksize: 50 })) {
    sum += r;
    if (++taken === 5000) break;
  }
  assert.equal(sum, 2 * (5000 * 4999) / 2);
  assert.ok(state.pulled <= 5000 + 4 * 50, `pulled ${state.pulled}: at most 4 chunks ahead`);
  assert.equal(state.closed, true);
});

Deno.test("leaving a map loop early with buffersize cancels the calls not started", async () => {
  const ex = new AsyncPoolExecutor(1);
  const g = gated();
  const results = ex.map(g.task, [0, 1, 2, 3, 4, 5], { buffersize: 4 });
  g.open(0);
  for await (const r of results) {
    assert.equal(r, 0);
    break;
  }
  for (let i = 0; i < 6; i++) g.open(i);
  await ex.shutdown();
  assert.equal(
    g.stats.started,
    2,
    "1 had started when 0 finished; 2 and 3 were cancelled; 4, 5 never read",
  );
});

// --- errors of the input, in input order ---

for (const [label, buffersize] of [["eager", undefined], ["buffersize 2", 2]] as const) {
  Deno.test(`${label}: a sync input's error is thrown after the results before it`, async () => {
    await using ex = new AsyncPoolExecutor(4);
    function* items() {
      yield 1;
      yield 2;
      yield 3;
      throw new URIError("source broke");
    }
    const results = ex.map((n: number) => n * 10, items(), { buffersize });
    const out: number[] = [];
    await assert.rejects(async () => {
      for await (const r of results) out.push(r);
    }, URIError);
    assert.deepEqual(out, [10, 20, 30]);
  });

  Deno.test(`${label}: an async input's error is thrown after the results before it (chunked)`, async () => {
    await using ex = taskPool(2);
    async function* items() {
      for (let i = 1; i <= 7; i++) yield i;
      throw new URIError("source broke");
    }
    const out: number[] = [];
    await assert.rejects(async () => {
      for await (const r of ex.map("double", items(), { buffersize, chunksize: 3 })) out.push(r);
    }, URIError);
    assert.deepEqual(out, [2, 4, 6, 8, 10, 12, 14]);
  });
}

// --- chunksize ---

Deno.test("chunksize: results in input order; each chunk runs on one worker, in order, as one call", async () => {
  await using ex = taskPool(2);
  const items = Array.from({ length: 40 }, (_, i) => i);
  const out = await Array.fromAsync(ex.map("trace", items, { chunksize: 8 }));
  assert.deepEqual(out.map((r) => r.item), items);
  for (let c = 0; c < 40; c += 8) {
    const chunk = out.slice(c, c + 8);
    assert.equal(new Set(chunk.map((r) => r.workerId)).size, 1, `chunk ${c / 8} on one worker`);
    assert.deepEqual(chunk.map((r) => r.calls - chunk[0].calls), [0, 1, 2, 3, 4, 5, 6, 7]);
  }
  const last = await Array.fromAsync(ex.map("double", [1, 2, 3, 4, 5], { chunksize: 4 }));
  assert.deepEqual(last, [2, 4, 6, 8, 10], "a short last chunk");
  const asyncTasks = await Array.fromAsync(ex.map("double", items, { chunksize: 7 }));
  assert.deepEqual(
    asyncTasks,
    items.map((i) => 2 * i),
    "async tasks in a chunk are awaited in turn",
  );
});

Deno.test("chunksize: an item's error is thrown at its place, after the items before it", async () => {
  await using ex = taskPool(2);
  const items = [0, 1, 2, 3, 4, -5, 6, 7, 8, 9];
  for (const chunksize of [1, 2, 3, 4, 6, 10, 100]) {
    const out: number[] = [];
    await assert.rejects(
      async () => {
        for await (const r of ex.map("doubleOrFail", items, { chunksize })) out.push(r);
      },
      (e) => e instanceof RangeError && e.message === "negative item -5",
      `chunksize ${chunksize}`,
    );
    assert.deepEqual(out, [0, 2, 4, 6, 8], `chunksize ${chunksize}`);
  }
});

Deno.test("chunksize: the items after a failing one in its chunk never run", async () => {
  await using ex = taskPool(1);
  const before = await ex.submit("tallyCount").result();
  await assert.rejects(
    Array.fromAsync(ex.map("tallyOrFail", [1, -1, 2, 3], { chunksize: 4 })),
    /negative item -1/,
  );
  assert.equal(await ex.submit("tallyCount").result(), before + 2, "1 and -1 ran; 2 and 3 did not");
});

Deno.test("chunksize on the async pool is checked and ignored, as CPython's ThreadPoolExecutor", async () => {
  await using ex = new AsyncPoolExecutor(2);
  assert.deepEqual(
    await Array.fromAsync(ex.map((n: number) => n + 1, [1, 2, 3], { chunksize: 2 })),
    [
      2,
      3,
      4,
    ],
  );
});

// --- the deadline ---

Deno.test("timeoutMs counts from the call, with buffersize and chunks too", async () => {
  await using ex = taskPool(1);
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const t0 = performance.now();
  const results = ex.map("blockUntil", [flag, flag], { timeoutMs: 40, buffersize: 1 });
  try {
    await assert.rejects(results.next(), TimeoutError);
    assert.ok(performance.now() - t0 >= 35, "not before the deadline");
  } finally {
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  }
  assert.equal((await results.next()).done, true, "a map that threw is over");
});

// --- the iterator ---

Deno.test("next() calls made at once are served in turn", async () => {
  await using ex = taskPool(2);
  const results = ex.map("double", [1, 2, 3, 4, 5, 6], { chunksize: 4 });
  const rs = await Promise.all(Array.from({ length: 7 }, () => results.next()));
  assert.deepEqual(rs.map((r) => r.value), [2, 4, 6, 8, 10, 12, undefined]);
  assert.equal(rs[6].done, true);
  assert.equal(Object.prototype.toString.call(results), "[object AsyncGenerator]");
});

Deno.test("return() and throw() end the map: calls not started are cancelled", async () => {
  const ex = new AsyncPoolExecutor(1);
  const g = gated();
  const results = ex.map(g.task, [0, 1, 2]);
  assert.deepEqual(await results.return(), { value: undefined, done: true });
  assert.equal((await results.next()).done, true);
  const other = ex.map(g.task, [5, 6]);
  await assert.rejects(other.throw(new EvalError("stop")), EvalError);
  assert.equal((await other.next()).done, true);
  for (const i of [0, 1, 2, 5, 6]) g.open(i);
  await ex.shutdown();
  assert.equal(g.stats.started, 1, "only 0 had started; 1, 2, 5 and 6 were cancelled");
});

// --- bad options ---

Deno.test("bad buffersize, chunksize or timeoutMs: a RangeError naming the option, at the call", async () => {
  await using wp = taskPool(1);
  await using ap = new AsyncPoolExecutor(1);
  for (
    const [option, bad] of [
      ["buffersize", 0],
      ["buffersize", -1],
      ["buffersize", 1.5],
      ["buffersize", NaN],
      ["buffersize", Infinity],
      ["buffersize", "2"],
      ["chunksize", 0],
      ["chunksize", 2.5],
      ["chunksize", -3],
      ["chunksize", "10"],
      ["timeoutMs", NaN],
      ["timeoutMs", "5"],
    ] as const
  ) {
    const opts = { [option]: bad } as Record<string, number>;
    const named = (e: unknown) =>
      e instanceof RangeError && e.message.startsWith(`${option} must be`);
    assert.throws(() => wp.map("double", [1], opts), named, `${option}: ${bad}`);
    assert.throws(() => ap.map((n: number) => n, [1], opts), named, `${option}: ${bad}`);
  }
  assert.equal(wp.workersStarted, 0, "nothing was submitted");
});

// --- the worker pool's dispatch ---

Deno.test("a busy worker holds one call queued ahead: already running, no longer cancellable", async () => {
  await using ex = taskPool(1);
  const state = new Int32Array(new SharedArrayBuffer(4 * (HOLD.GATES + 4)));
  const open = (g: number) => {
    Atomics.store(state, HOLD.GATES + g, 1);
    Atomics.notify(state, HOLD.GATES + g);
  };
  const fs = [0, 1, 2, 3].map((g) => ex.submit("hold", state, g));
  assert.deepEqual(fs.map((f) => f.state), ["running", "pending", "pending", "pending"]);
  open(0);
  await fs[0].result();
  // The worker got call 1 to run and call 2 queued ahead of it, in one message.
  assert.deepEqual(fs.map((f) => f.state), ["finished", "running", "running", "pending"]);
  assert.equal(fs[2].cancel(), false, "queued ahead: already running");
  assert.equal(fs[3].cancel(), true);
  await assert.rejects(fs[3].result(), CancelledError);
  open(1);
  open(2);
  const rs = await Promise.all([fs[1].result(), fs[2].result()]);
  assert.deepEqual(rs.map((r) => r.inWorker), [1, 1], "one at a time in the worker");
  assert.equal(Atomics.load(state, HOLD.PEAK), 1);
});
