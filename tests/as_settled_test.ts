// asSettled: as-completed over plain promises (asyncio's as_completed), with asCompleted's
// timeout semantics. Promises are settled by hand, in a chosen order.
import assert from "node:assert/strict";
import { asSettled, type Settled, TimeoutError } from "../lib/futures/mod.ts";

/** A promise settled by hand. */
function gate<T>() {
  return Promise.withResolvers<T>();
}

/** Reads the generator to its end (or its error), recording what it yields. */
async function collect<P extends Promise<unknown>>(
  gen: AsyncGenerator<Settled<P>>,
): Promise<Settled<P>[]> {
  const seen: Settled<P>[] = [];
  for await (const s of gen) seen.push(s);
  return seen;
}

Deno.test("asSettled yields each promise's record in the order they settle", async () => {
  const a = gate<string>();
  const b = gate<string>();
  const c = gate<string>();
  const toDo = new Map<Promise<string>, string>([[a.promise, "A"], [b.promise, "B"], [
    c.promise,
    "C",
  ]]);
  const order: string[] = [];
  const gen = asSettled(toDo.keys());
  const reading = (async () => {
    for await (const s of gen) {
      order.push(toDo.get(s.promise)!);
      // Settle the next one only once this one has been seen: the order is the test's.
      if (s.promise === b.promise) c.reject(new Error("C failed"));
      if (s.promise === c.promise) a.resolve("a");
      if (s.status === "fulfilled") order.push(s.value);
      else order.push((s.reason as Error).message);
    }
  })();
  b.resolve("b");
  await reading;
  assert.deepEqual(order, ["B", "b", "C", "C failed", "A", "a"]);
});

Deno.test("promises already settled are yielded in the order given; duplicates once", async () => {
  const one = Promise.resolve(1);
  const two = Promise.reject(new RangeError("two"));
  const three = Promise.resolve(3);
  const seen = await collect(asSettled([one, two, one, three, two]));
  assert.deepEqual(seen.map((s) => s.promise), [one, two, three]);
  assert.deepEqual(seen[0], { promise: one, status: "fulfilled", value: 1 });
  assert.equal(seen[1].status, "rejected");
  assert.ok(seen[1].status === "rejected" && seen[1].reason instanceof RangeError);
});

Deno.test("nothing to wait for: nothing yielded", async () => {
  assert.deepEqual(await collect(asSettled([])), []);
});

Deno.test("a rejection seen only through asSettled is not an unhandled rejection", async () => {
  // Deno's test runner fails a test that leaves an unhandled rejection behind.
  const late = gate<number>();
  const gen = asSettled([late.promise]);
  const first = gen.next();
  late.reject(new Error("handled by asSettled"));
  const { value } = await first;
  assert.equal(value?.status, "rejected");
});

Deno.test("timeout 0 yields what has settled, then throws TimeoutError (asCompleted's rule)", async () => {
  const never = gate<string>();
  const other = gate<string>();
  const done = Promise.resolve("done");
  const seen: unknown[] = [];
  await assert.rejects(
    (async () => {
      for await (const s of asSettled([done, never.promise, other.promise, done], 0)) {
        seen.push(s.promise);
      }
    })(),
    (e) => e instanceof TimeoutError && e.message === "2 (of 3) promises unfinished",
  );
  assert.deepEqual(seen, [done]);
});

Deno.test("a positive timeout waits, then throws and clears its timer", async () => {
  const never = gate<string>();
  const soon = gate<string>();
  const gen = asSettled([never.promise, soon.promise], 30);
  const started = performance.now();
  const first = gen.next();
  soon.resolve("soon");
  assert.equal((await first).value?.promise, soon.promise);
  await assert.rejects(
    gen.next(),
    (e) => e instanceof TimeoutError && e.message === "1 (of 2) promises unfinished",
  );
  assert.ok(performance.now() - started >= 25, "not before the timeout");
  // The sanitizers fail this test if the generator left its timer running.
});

Deno.test("leaving the loop early leaves no timer running and no unhandled rejection", async () => {
  const a = gate<number>();
  const b = gate<number>();
  const gen = asSettled([a.promise, b.promise], 60_000);
  const first = gen.next();
  a.resolve(1);
  assert.equal((await first).value?.promise, a.promise);
  await gen.return(undefined);
  b.reject(new Error("after the loop"));
  assert.deepEqual(await gen.next(), { value: undefined, done: true });
});

Deno.test("typed: the value's type follows the promise's", async () => {
  const p: Promise<{ cc: string }> = Promise.resolve({ cc: "BR" });
  for await (const s of asSettled([p])) {
    if (s.status === "fulfilled") {
      const cc: string = s.value.cc; // compile-time check
      assert.equal(cc, "BR");
    }
  }
});
