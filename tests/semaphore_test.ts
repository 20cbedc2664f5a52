// The semaphore cases of CPython's Lib/test/test_asyncio/test_locks.py (SemaphoreTests),
// ported to lib/futures/semaphore.ts. asyncio cancels a task; here an AbortSignal abandons
// a waiting acquire(). Ordering comes from promises, never from timers.
import assert from "node:assert/strict";
import { BoundedSemaphore, Semaphore } from "../lib/futures/mod.ts";

const PENDING = Symbol("pending");

/** Whether `p` has settled, without waiting: a settled promise wins the race. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  try {
    return (await Promise.race([p, PENDING])) !== PENDING;
  } catch {
    return true;
  }
}

/** Lets the other async functions run up to their next real wait (a bounded number of turns). */
async function yieldTurns(turns = 10): Promise<void> {
  for (let i = 0; i < turns; i++) await Promise.resolve();
}

Deno.test("test_initial_value_zero: Semaphore(0) is locked", () => {
  assert.equal(new Semaphore(0).locked(), true);
});

Deno.test("test_repr: asyncio's repr, with the waiters", async () => {
  const sem = new Semaphore();
  assert.equal(String(sem), "<Semaphore [unlocked, value:1]>");
  const held = await sem.acquire();
  assert.equal(String(sem), "<Semaphore [locked]>");
  const controller = new AbortController();
  const waiters = [sem.acquire({ signal: controller.signal })];
  assert.equal(String(sem), "<Semaphore [locked, waiters:1]>");
  waiters.push(sem.acquire({ signal: controller.signal }));
  assert.equal(String(sem), "<Semaphore [locked, waiters:2]>");
  assert.equal(Deno.inspect(sem), "<Semaphore [locked, waiters:2]>");
  controller.abort();
  for (const w of waiters) await assert.rejects(w, { name: "AbortError" });
  held[Symbol.dispose]();
  assert.equal(String(new BoundedSemaphore(3)), "<BoundedSemaphore [unlocked, value:3]>");
});

Deno.test("test_semaphore: the default is one free permit", () => {
  const sem = new Semaphore();
  assert.equal(sem.locked(), false);
  assert.equal(String(sem), "<Semaphore [unlocked, value:1]>");
});

Deno.test("test_semaphore_value: a negative or non-integer value is a RangeError", () => {
  for (const value of [-1, 1.5, NaN, Infinity]) {
    assert.throws(() => new Semaphore(value), RangeError, String(value));
    assert.throws(() => new BoundedSemaphore(value), RangeError, String(value));
  }
});

Deno.test("test_acquire: waiters are served first come, first served", async () => {
  const sem = new Semaphore(3);
  const result: number[] = [];
  await sem.acquire();
  await sem.acquire();
  assert.equal(sem.locked(), false);

  const task = async (n: number) => {
    await sem.acquire();
    result.push(n);
    return true;
  };
  const t1 = task(1);
  const t2 = task(2);
  const t3 = task(3);
  await yieldTurns();
  assert.deepEqual(result, [1]);
  assert.equal(sem.locked(), true);
  assert.equal(String(sem), "<Semaphore [locked, waiters:2]>");

  const t4 = task(4);
  sem.release();
  sem.release();
  assert.equal(sem.locked(), true, "both permits went straight to waiters");
  await yieldTurns();
  assert.deepEqual(result, [1, 2, 3], "asyncio: two of t2, t3, t4; FIFO: t2 and t3");
  assert.equal(String(sem), "<Semaphore [locked, waiters:1]>");
  assert.equal(await t1, true);
  assert.deepEqual(await Promise.all([settled(t2), settled(t3), settled(t4)]), [
    true,
    true,
    false,
  ]);

  sem.release();
  assert.equal(await t4, true);
  assert.deepEqual(result, [1, 2, 3, 4]);
});

Deno.test("test_acquire_cancel: an aborted acquire rejects and leaves no waiter", async () => {
  const sem = new Semaphore();
  const held = await sem.acquire();
  const controller = new AbortController();
  const acquire = sem.acquire({ signal: controller.signal });
  controller.abort(new Error("changed my mind"));
  await assert.rejects(acquire, { message: "changed my mind" });
  assert.equal(String(sem), "<Semaphore [locked]>");
  held[Symbol.dispose]();
  assert.equal(String(sem), "<Semaphore [unlocked, value:1]>", "no permit lost");
});

Deno.test("test_acquire_cancel_before_awoken: a release skips the abandoned waiters", async () => {
  const sem = new Semaphore(0);
  const controllers = [0, 1, 2, 3].map(() => new AbortController());
  const [t1, t2, t3, t4] = controllers.map(({ signal }) => sem.acquire({ signal }));
  controllers[0].abort();
  controllers[1].abort();
  sem.release();
  await assert.rejects(t1, { name: "AbortError" });
  await assert.rejects(t2, { name: "AbortError" });
  assert.equal(await settled(t3), true);
  assert.equal(await settled(t4), false);

  controllers[3].abort();
  await assert.rejects(t4, { name: "AbortError" });
  (await t3)[Symbol.dispose]();
  assert.equal(String(sem), "<Semaphore [unlocked, value:1]>");
});

Deno.test("test_acquire_hang: the waiter after an abandoned one gets the permit", async () => {
  const sem = new Semaphore(0);
  const controller = new AbortController();
  const t1 = sem.acquire({ signal: controller.signal });
  const t2 = sem.acquire();
  controller.abort();
  sem.release();
  await assert.rejects(t1, { name: "AbortError" });
  assert.equal(sem.locked(), true);
  assert.equal(await settled(t2), true);
});

Deno.test("test_acquire_no_hang: an abort after the permit was handed over loses nothing", async () => {
  const sem = new Semaphore(1);
  const controller = new AbortController();
  const entered: string[] = [];
  const c1 = async () => {
    {
      using _ = await sem.acquire();
      entered.push("c1");
      await yieldTurns();
    }
    // asyncio cancels t2 here, after c1's release woke it: too late to give the permit back.
    controller.abort();
  };
  const c2 = async () => {
    using _ = await sem.acquire({ signal: controller.signal });
    entered.push("c2");
  };
  await Promise.all([c1(), c2()]);
  assert.deepEqual(entered, ["c1", "c2"], "the handed-over permit was used, then disposed");
  assert.equal(await settled(sem.acquire()), true, "no permit lost: the next acquire is free");
});

Deno.test("an already aborted signal rejects at once and takes no permit", async () => {
  const sem = new Semaphore(1);
  await assert.rejects(sem.acquire({ signal: AbortSignal.abort() }), { name: "AbortError" });
  assert.equal(String(sem), "<Semaphore [unlocked, value:1]>");
});

Deno.test("test_release_not_acquired: a BoundedSemaphore refuses an extra release", async () => {
  const sem = new BoundedSemaphore();
  assert.throws(() => sem.release(), {
    name: "RangeError",
    message: "BoundedSemaphore released too many times",
  });
  const permit = await sem.acquire();
  permit[Symbol.dispose]();
  permit[Symbol.dispose](); // a permit releases once, however often it is disposed
  assert.equal(String(sem), "<BoundedSemaphore [unlocked, value:1]>");
  assert.throws(() => sem.release(), RangeError);

  const none = new BoundedSemaphore(0);
  const controller = new AbortController();
  const waiting = none.acquire({ signal: controller.signal });
  assert.throws(() => none.release(), RangeError, "as asyncio: checked before the waiters");
  assert.equal(await settled(waiting), false);
  controller.abort();
  await assert.rejects(waiting, { name: "AbortError" });

  const plain = new Semaphore(0);
  plain.release(); // a plain Semaphore does not check, as asyncio's
  assert.equal(String(plain), "<Semaphore [unlocked, value:1]>");
});

Deno.test("test_release_no_waiters", async () => {
  const sem = new Semaphore();
  await sem.acquire();
  assert.equal(sem.locked(), true);
  sem.release();
  assert.equal(sem.locked(), false);
});

Deno.test("test_acquire_fifo_order: a task that comes back queues behind the others", async () => {
  const sem = new Semaphore(1);
  const result: string[] = [];
  const task = async (tag: string) => {
    for (const round of [1, 2]) {
      using _ = await sem.acquire();
      result.push(`${tag}_${round}`);
      await yieldTurns();
    }
  };
  await Promise.all([task("c1"), task("c2"), task("c3")]);
  assert.deepEqual(result, ["c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"]);
});

Deno.test("test_acquire_fifo_order_2: a freed permit goes to the oldest waiter", async () => {
  const sem = new Semaphore(1);
  const result: number[] = [];
  const c1 = async () => {
    await sem.acquire();
    result.push(1);
  };
  const c2 = async () => {
    await sem.acquire();
    result.push(2);
    sem.release();
    await sem.acquire();
    result.push(4);
  };
  const c3 = async () => {
    await sem.acquire();
    result.push(3);
  };
  const tasks = [c1(), c2(), c3()];
  await yieldTurns();
  sem.release();
  sem.release();
  await Promise.all(tasks);
  assert.deepEqual(result, [1, 2, 3, 4]);
});

Deno.test("test_acquire_fifo_order_3: an abandoned first waiter is skipped", async () => {
  const sem = new Semaphore(0);
  const result: number[] = [];
  const controller = new AbortController();
  const task = async (n: number, signal?: AbortSignal) => {
    await sem.acquire({ signal });
    result.push(n);
  };
  const tasks = [task(1, controller.signal), task(2), task(3)];
  controller.abort();
  sem.release();
  sem.release();
  const outcomes = await Promise.allSettled(tasks);
  assert.deepEqual(outcomes.map((o) => o.status), ["rejected", "fulfilled", "fulfilled"]);
  assert.deepEqual(result, [2, 3]);
});

Deno.test("`using` gives the permit back however the block ends", async () => {
  const sem = new BoundedSemaphore(2);
  const fail = async () => {
    using _ = await sem.acquire();
    assert.equal(String(sem), "<BoundedSemaphore [unlocked, value:1]>");
    throw new Error("boom");
  };
  await assert.rejects(fail(), { message: "boom" });
  assert.equal(String(sem), "<BoundedSemaphore [unlocked, value:2]>");
});

Deno.test("a granted waiter's abort listener is removed", async () => {
  const sem = new Semaphore(0);
  const controller = new AbortController();
  const removed: string[] = [];
  const signal = controller.signal;
  const remove = signal.removeEventListener.bind(signal);
  signal.removeEventListener = (type: string, ...rest: [EventListener]) => {
    removed.push(type);
    remove(type, ...rest);
  };
  const waiting = sem.acquire({ signal });
  sem.release();
  const permit = await waiting;
  assert.deepEqual(removed, ["abort"]);
  controller.abort(); // too late: nothing happens
  permit[Symbol.dispose]();
  assert.equal(String(sem), "<Semaphore [unlocked, value:1]>");
});
