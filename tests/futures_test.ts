// Behaviours of CPython's test_concurrent_futures (test_future.py,
// test_as_completed.py, test_wait.py) ported to lib/futures/future.ts.
import assert from "node:assert/strict";
import {
  ALL_COMPLETED,
  asCompleted,
  CancelledError,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  Future,
  InvalidStateError,
  TimeoutError,
  wait,
} from "../lib/futures/future.ts";

type State = "pending" | "running" | "cancelled" | "raised" | "returned";

/** Python's test util create_future(state=…): a future in the given state. */
function make<T = number>(state: State, value?: T): Future<T> {
  const f = new Future<T>();
  if (state === "running") f.setRunningOrNotifyCancel();
  if (state === "cancelled") f.cancel();
  if (state === "raised") {
    f.setRunningOrNotifyCancel();
    f.setException(new RangeError("oops"));
  }
  if (state === "returned") {
    f.setRunningOrNotifyCancel();
    f.setResult(value as T);
  }
  return f;
}

/** Run `fn` with console.error captured; returns what it printed. */
function captureStderr(fn: () => void): string {
  const original = console.error;
  const lines: string[] = [];
  console.error = (...args: unknown[]) => {
    lines.push(args.map((a) => a instanceof Error ? String(a) : String(a)).join(" "));
  };
  try {
    fn();
  } finally {
    console.error = original;
  }
  return lines.join("\n");
}

async function rejectsWith(p: Promise<unknown>, cls: new (...a: never[]) => Error) {
  await assert.rejects(p, (e: unknown) => e instanceof cls);
}

Deno.test("done callback sees the result", () => {
  const seen: Future<number>[] = [];
  const f = new Future<number>();
  f.addDoneCallback((cf) => seen.push(cf));
  assert.equal(seen.length, 0);
  f.setResult(5);
  assert.deepEqual(seen, [f]);
  assert.equal(seen[0].resultNow(), 5);
});

Deno.test("done callback sees the exception", () => {
  let seen: unknown;
  const f = new Future<number>();
  f.addDoneCallback((cf) => seen = cf.exceptionNow());
  const error = new Error("test");
  f.setException(error);
  assert.equal(seen, error);
});

Deno.test("done callback runs on cancel", () => {
  let wasCancelled: boolean | undefined;
  const f = new Future<number>();
  f.addDoneCallback((cf) => wasCancelled = cf.cancelled());
  assert.equal(f.cancel(), true);
  assert.equal(wasCancelled, true);
});

Deno.test("a raising done callback is reported on stderr and the others still run", () => {
  const calls: string[] = [];
  const f = new Future<number>();
  f.addDoneCallback(() => {
    calls.push("raising");
    throw new Error("doh!");
  });
  f.addDoneCallback(() => calls.push("fn"));
  const stderr = captureStderr(() => f.setResult(5));
  assert.deepEqual(calls, ["raising", "fn"]);
  assert.match(
    stderr,
    /exception calling callback for <Future #\d+ state=finished returned number>/,
  );
  assert.match(stderr, /doh!/);
});

Deno.test("done callbacks added after completion run at once", () => {
  const ok = make("returned", 5);
  let result: number | undefined;
  ok.addDoneCallback((f) => result = f.resultNow());
  assert.equal(result, 5);

  const failed = make("raised");
  let error: unknown;
  failed.addDoneCallback((f) => error = f.exceptionNow());
  assert.ok(error instanceof RangeError);

  const cancelled = make("cancelled");
  let wasCancelled = false;
  cancelled.addDoneCallback((f) => wasCancelled = f.cancelled());
  assert.equal(wasCancelled, true);

  const stderr = captureStderr(() =>
    ok.addDoneCallback(() => {
      throw new Error("doh!");
    })
  );
  assert.match(stderr, /exception calling callback for/);
  assert.match(stderr, /doh!/);
});

Deno.test("done callbacks run once each, in the order added", () => {
  const order: number[] = [];
  const f = new Future<string>();
  for (let i = 1; i <= 4; i++) f.addDoneCallback(() => order.push(i));
  f.setRunningOrNotifyCancel();
  f.setResult("x");
  assert.deepEqual(order, [1, 2, 3, 4]);
  assert.equal(f.cancel(), false);
  assert.throws(() => f.setResult("y"), InvalidStateError);
  assert.deepEqual(order, [1, 2, 3, 4]);
});

Deno.test("futures print like the seed, with String() and console.log", () => {
  const f = new Future<unknown>();
  const n = f.id;
  assert.equal(new Future().id, n + 1, "numbering increases by one");
  assert.equal(String(f), `<Future #${n} state=pending>`);
  assert.equal(Deno.inspect(f), `<Future #${n} state=pending>`);
  assert.equal(Deno.inspect({ f }), `{ f: <Future #${n} state=pending> }`);
  f.setRunningOrNotifyCancel();
  assert.equal(String(f), `<Future #${n} state=running>`);
  f.setResult("BR");
  assert.equal(String(f), `<Future #${n} state=finished returned string>`);
  assert.equal(Deno.inspect(f), `<Future #${n} state=finished returned string>`);
  assert.equal(`${f}`, `<Future #${n} state=finished returned string>`);

  const c = make("cancelled");
  assert.equal(String(c), `<Future #${c.id} state=cancelled>`);
  const r = make("raised");
  assert.equal(String(r), `<Future #${r.id} state=finished raised RangeError>`);
  const t = new Future();
  t.setException(new TypeError("x"));
  assert.equal(Deno.inspect(t), `<Future #${t.id} state=finished raised TypeError>`);
});

Deno.test("the printed type of a result is its JS type or class", () => {
  const cases: Array<[unknown, string]> = [
    [42, "number"],
    ["s", "string"],
    [true, "boolean"],
    [10n, "bigint"],
    [undefined, "undefined"],
    [null, "null"],
    [new Uint8Array(2), "Uint8Array"],
    [{ a: 1 }, "Object"],
    [Object.create(null), "Object"],
    [[1, 2], "Array"],
    [new Map(), "Map"],
    [() => 1, "function"],
  ];
  for (const [value, name] of cases) {
    const f = new Future<unknown>();
    f.setResult(value);
    assert.equal(String(f), `<Future #${f.id} state=finished returned ${name}>`);
  }
  class HttpError extends Error {}
  const raised: Array<[unknown, string]> = [
    [new HttpError("x"), "HttpError"],
    [Object.assign(new Error("x"), { name: "NotFound" }), "NotFound"],
    [new Error("x"), "Error"],
    ["a string", "string"],
    [new CancelledError(), "CancelledError"],
  ];
  for (const [error, name] of raised) {
    const f = new Future<unknown>();
    f.setException(error);
    assert.equal(String(f), `<Future #${f.id} state=finished raised ${name}>`);
  }
});

Deno.test("only a pending future can be cancelled", () => {
  const f1 = make("pending");
  const f2 = make("running");
  const f3 = make("cancelled");
  const f5 = make("raised");
  const f6 = make("returned", 5);
  assert.equal(f1.cancel(), true);
  assert.equal(f1.state, "cancelled");
  assert.equal(f2.cancel(), false);
  assert.equal(f2.state, "running");
  assert.equal(f3.cancel(), true);
  assert.equal(f3.state, "cancelled");
  assert.equal(f5.cancel(), false);
  assert.equal(f5.state, "finished");
  assert.equal(f6.cancel(), false);
  assert.equal(f6.state, "finished");
});

Deno.test("cancelled(), done(), running() in every state", () => {
  const table: Array<[State, boolean, boolean, boolean]> = [
    // state, cancelled, done, running
    ["pending", false, false, false],
    ["running", false, false, true],
    ["cancelled", true, true, false],
    ["raised", false, true, false],
    ["returned", false, true, false],
  ];
  for (const [state, cancelled, done, running] of table) {
    const f = make(state, 1);
    assert.equal(f.cancelled(), cancelled, `${state}.cancelled()`);
    assert.equal(f.done(), done, `${state}.done()`);
    assert.equal(f.running(), running, `${state}.running()`);
  }
});

Deno.test("result(0) polls", async () => {
  await rejectsWith(make("pending").result(0), TimeoutError);
  await rejectsWith(make("running").result(0), TimeoutError);
  await rejectsWith(make("cancelled").result(0), CancelledError);
  await rejectsWith(make("raised").result(0), RangeError);
  assert.equal(await make("returned", 42).result(0), 42);
});

Deno.test("result() waits for a result set later", async () => {
  const f = make("pending");
  const p = f.result(5000);
  setTimeout(() => f.setResult(42), 0);
  assert.equal(await p, 42); // and the 5 s timer is gone (the sanitizer checks)
});

Deno.test("result() rejects with CancelledError when cancelled while waiting", async () => {
  const f = make("pending");
  const p = f.result(5000);
  const q = f.result();
  queueMicrotask(() => f.cancel());
  await rejectsWith(p, CancelledError);
  await rejectsWith(q, CancelledError);
});

Deno.test("result() rejects with the call's own error object", async () => {
  const f = make("running");
  const error = new SyntaxError("bad");
  const p = f.result();
  f.setException(error);
  await assert.rejects(p, (e) => e === error);
  await assert.rejects(f.result(), (e) => e === error);
});

Deno.test("result(timeout) rejects with TimeoutError when the time passes first", async () => {
  const f = make("running");
  const started = performance.now();
  await assert.rejects(
    f.result(30),
    (e) => e instanceof TimeoutError && /did not finish/.test(e.message),
  );
  assert.ok(performance.now() - started >= 25, "not before the timeout");
  assert.equal(f.state, "running");
  f.setResult(1); // the timed-out waiter is gone: nothing left to settle
  assert.equal(await f.result(), 1);
});

Deno.test("exception(0) polls", async () => {
  await rejectsWith(make("pending").exception(0), TimeoutError);
  await rejectsWith(make("running").exception(0), TimeoutError);
  await rejectsWith(make("cancelled").exception(0), CancelledError);
  assert.ok((await make("raised").exception(0)) instanceof RangeError);
  assert.equal(await make("returned", 1).exception(0), undefined);
});

Deno.test("exception() waits for an exception set later", async () => {
  const f = make("running");
  const p = f.exception(5000);
  const error = new TypeError("later");
  setTimeout(() => f.setException(error), 0);
  assert.equal(await p, error);
});

Deno.test("setting a result twice throws InvalidStateError and keeps the first", async () => {
  const f = make("pending");
  f.setResult(1);
  assert.throws(
    () => f.setResult(2),
    (e: unknown) =>
      e instanceof InvalidStateError &&
      /^finished: <Future #\d+ state=finished returned number>$/.test(e.message),
  );
  assert.equal(f.done(), true);
  assert.equal(await f.result(), 1);
});

Deno.test("setting an exception twice throws InvalidStateError and keeps the first", async () => {
  const f = make("pending");
  const e = new RangeError("first");
  f.setException(e);
  assert.throws(
    () => f.setException(new Error("second")),
    (x: unknown) => x instanceof InvalidStateError && /raised RangeError/.test(x.message),
  );
  assert.equal(await f.exception(), e);
});

Deno.test("setRunningOrNotifyCancel: pending → running, cancelled → false, else throws", () => {
  const f = make("pending");
  assert.equal(f.setRunningOrNotifyCancel(), true);
  assert.equal(f.state, "running");
  assert.throws(() => f.setRunningOrNotifyCancel(), InvalidStateError);
  assert.equal(make("cancelled").setRunningOrNotifyCancel(), false);
  assert.throws(() => make("returned", 1).setRunningOrNotifyCancel(), InvalidStateError);
});

Deno.test("resultNow / exceptionNow on a future that is not done throw InvalidStateError", () => {
  assert.throws(() => make("pending").resultNow(), InvalidStateError);
  assert.throws(() => make("running").exceptionNow(), InvalidStateError);
  assert.throws(() => make("cancelled").resultNow(), CancelledError);
  assert.throws(() => make("raised").resultNow(), RangeError);
});

// --- asCompleted (test_as_completed.py) ---

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

Deno.test("asCompleted yields finished futures first, then the others as they finish", async () => {
  const done1 = make("returned", 1);
  const cancelled = make("cancelled");
  const a = make("running");
  const b = make("running");
  const c = make("running");
  const seen: Future<number>[] = [];
  const it = asCompleted([a, done1, b, cancelled, c]);
  const consumer = (async () => {
    for await (const f of it) {
      seen.push(f);
      if (f === done1) queueMicrotask(() => c.setResult(3));
      if (f === c) setTimeout(() => a.setResult(1), 0);
      if (f === a) b.setException(new Error("b"));
    }
  })();
  await consumer;
  assert.deepEqual(seen, [done1, cancelled, c, a, b]);
});

Deno.test("asCompleted with timeout 0 yields what is done, then throws TimeoutError", async () => {
  const pending = make("pending");
  const running = make("running");
  const cancelled = make("cancelled");
  const raised = make("raised");
  const returned = make("returned", 42);
  const seen = new Set<Future<number>>();
  await assert.rejects(
    async () => {
      for await (const f of asCompleted([pending, running, cancelled, raised, returned], 0)) {
        seen.add(f);
      }
    },
    (e) => e instanceof TimeoutError && e.message === "2 (of 5) futures unfinished",
  );
  assert.deepEqual(seen, new Set([cancelled, raised, returned]));
});

Deno.test("asCompleted's timeout message counts distinct futures", async () => {
  const futures = [make("pending"), make("running"), make("cancelled"), make("returned", 1)];
  await assert.rejects(
    () => collect(asCompleted(futures, 0)),
    (e) => e instanceof TimeoutError && e.message === "2 (of 4) futures unfinished",
  );
});

Deno.test("asCompleted with a positive timeout waits, then throws and clears its timer", async () => {
  const slow = make("running");
  const quick = make("running");
  const started = performance.now();
  const seen: Future<number>[] = [];
  queueMicrotask(() => quick.setResult(1));
  await assert.rejects(
    async () => {
      for await (const f of asCompleted([slow, quick], 40)) seen.push(f);
    },
    (e) => e instanceof TimeoutError && e.message === "1 (of 2) futures unfinished",
  );
  assert.deepEqual(seen, [quick]);
  assert.ok(performance.now() - started >= 35, "not before the deadline");
});

Deno.test("asCompleted yields a duplicated future once", async () => {
  const f1 = make("returned", 1);
  const f2 = make("running");
  setTimeout(() => f2.setResult(2), 0);
  const seen = await collect(asCompleted([f1, f1, f2, f2, f1]));
  assert.deepEqual(seen, [f1, f2]);
});

Deno.test("asCompleted of nothing yields nothing", async () => {
  assert.deepEqual(await collect(asCompleted([], 0)), []);
});

Deno.test("leaving asCompleted early unsubscribes from the futures left", async () => {
  const a = make("returned", 1);
  const b = make("running");
  for await (const f of asCompleted([a, b])) {
    assert.equal(f, a);
    break;
  }
  b.setResult(2); // no waiter left to wake a finished generator
  assert.equal(await b.result(0), 2);
});

// --- wait (test_wait.py) ---

Deno.test("wait FIRST_COMPLETED returns when one finishes", async () => {
  const f1 = make("running");
  const f2 = make("running");
  const p = wait([f1, f2], { returnWhen: FIRST_COMPLETED, timeoutMs: 5000 });
  queueMicrotask(() => f1.setResult(1));
  const { done, notDone } = await p;
  assert.deepEqual(done, new Set([f1]));
  assert.deepEqual(notDone, new Set([f2]));
});

Deno.test("wait FIRST_COMPLETED with some already completed returns at once", async () => {
  const ok = make("returned", 1);
  const cancelled = make("cancelled");
  const running = make("running");
  const { done, notDone } = await wait([ok, cancelled, running], {
    returnWhen: FIRST_COMPLETED,
  });
  assert.deepEqual(done, new Set([ok, cancelled]));
  assert.deepEqual(notDone, new Set([running]));
});

Deno.test("wait FIRST_EXCEPTION returns at the first error", async () => {
  const ok = make("running");
  const bad = make("running");
  const never = make("running");
  const p = wait([ok, bad, never], { returnWhen: FIRST_EXCEPTION });
  queueMicrotask(() => ok.setResult(1));
  setTimeout(() => bad.setException(new Error("bad")), 0);
  const { done, notDone } = await p;
  assert.deepEqual(done, new Set([ok, bad]));
  assert.deepEqual(notDone, new Set([never]));
});

Deno.test("wait FIRST_EXCEPTION with one already failed returns at once", async () => {
  const raised = make("raised");
  const running = make("running");
  const { done, notDone } = await wait([make("returned", 1), raised, running], {
    returnWhen: FIRST_EXCEPTION,
  });
  assert.equal(done.size, 2);
  assert.ok(done.has(raised));
  assert.deepEqual(notDone, new Set([running]));
});

Deno.test("wait FIRST_EXCEPTION without errors waits for all, like ALL_COMPLETED", async () => {
  const a = make("running");
  const b = make("running");
  const p = wait([a, b, make("cancelled")], { returnWhen: FIRST_EXCEPTION });
  queueMicrotask(() => a.setResult(1));
  setTimeout(() => b.setResult(2), 0);
  const { done, notDone } = await p;
  assert.equal(done.size, 3);
  assert.equal(notDone.size, 0);
});

Deno.test("wait ALL_COMPLETED (the default) waits for every future", async () => {
  const fs = [make("running"), make("running"), make("returned", 0), make("raised")];
  const p = wait(fs);
  setTimeout(() => fs[0].setResult(1), 0);
  setTimeout(() => fs[1].cancel() || fs[1].setException(new Error("x")), 0);
  const { done, notDone } = await p;
  assert.deepEqual(done, new Set(fs));
  assert.equal(notDone.size, 0);
  assert.equal(fs[1].state, "finished");
});

Deno.test("wait with a timeout returns what is done then, without throwing", async () => {
  const ok = make("returned", 1);
  const slow = make("running");
  const started = performance.now();
  const { done, notDone } = await wait([ok, slow], { timeoutMs: 30, returnWhen: ALL_COMPLETED });
  assert.ok(performance.now() - started >= 25, "not before the timeout");
  assert.deepEqual(done, new Set([ok]));
  assert.deepEqual(notDone, new Set([slow]));
});

Deno.test("wait with timeout 0 only sorts the futures; duplicates collapse", async () => {
  const ok = make("returned", 1);
  const slow = make("pending");
  const { done, notDone } = await wait([ok, slow, ok, slow], { timeoutMs: 0 });
  assert.deepEqual(done, new Set([ok]));
  assert.deepEqual(notDone, new Set([slow]));
  const empty = await wait([]);
  assert.equal(empty.done.size + empty.notDone.size, 0);
});

Deno.test("wait rejects an unknown returnWhen", async () => {
  await assert.rejects(
    // deno-lint-ignore no-explicit-any
    () => wait([make("pending")], { returnWhen: "SOMETIMES" as any }),
    RangeError,
  );
});
