// Executors' observers: each call's submission, start, lane and end, as the timeline draws them.
import assert from "node:assert/strict";
import { AsyncPoolExecutor, type CallRecord, type ExecutorObserver } from "../lib/futures/mod.ts";
import { taskPool } from "./fixtures/pools.ts";

/** An observer that keeps every event, in order. */
function recorder(): ExecutorObserver & { events: string[]; calls: CallRecord[] } {
  const events: string[] = [];
  const calls: CallRecord[] = [];
  return {
    events,
    calls,
    submitted: (c) => events.push(`submitted #${c.future.id}`),
    started: (c) => events.push(`started #${c.future.id} on ${c.lane}`),
    ended: (c) => {
      events.push(`ended #${c.future.id} ${c.outcome}`);
      calls.push(c);
    },
  };
}

/** A promise with its resolve function outside. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => open = resolve);
  return { promise, open };
}

Deno.test("observer: AsyncPoolExecutor reports each call on the lowest free slot", async () => {
  const obs = recorder();
  const ex = new AsyncPoolExecutor(2, { observer: obs });
  const gates = [gate(), gate(), gate()];
  const waitFor = async (i: number) => {
    await gates[i].promise;
    if (i === 1) throw new Error("boom");
    return i;
  };
  const fs = [0, 1, 2].map((i) => ex.submit(waitFor, i));
  const [a, b, c] = fs.map((f) => f.id);
  assert.deepEqual(obs.events, [
    `submitted #${a}`,
    `started #${a} on 0`,
    `submitted #${b}`,
    `started #${b} on 1`,
    `submitted #${c}`,
  ]);
  gates[1].open(); // slot 1 frees: the third call takes it
  await fs[1].exception();
  await Promise.resolve();
  gates[0].open();
  gates[2].open();
  await ex.shutdown();
  assert.deepEqual(obs.events.slice(5), [
    `ended #${b} raised`,
    `started #${c} on 1`,
    `ended #${a} returned`,
    `ended #${c} returned`,
  ]);
  for (const call of obs.calls) {
    assert.equal(call.target, "waitFor");
    assert.ok(call.submittedAt <= call.startedAt! && call.startedAt! <= call.endedAt!);
  }
});

Deno.test("observer: a call cancelled before it started ends 'cancelled' on no lane", async () => {
  const obs = recorder();
  const ex = new AsyncPoolExecutor(1, { observer: obs });
  const g = gate();
  const first = ex.submit(() => g.promise);
  const second = ex.submit(() => 2);
  assert.equal(second.cancel(), true);
  g.open();
  await first.result();
  await ex.shutdown();
  const cancelled = obs.calls.find((c) => c.future === second)!;
  assert.equal(cancelled.outcome, "cancelled");
  assert.equal(cancelled.lane, undefined);
  assert.equal(cancelled.startedAt, undefined);
  assert.equal(cancelled.target, "anonymous");
});

Deno.test("observer: WorkerPoolExecutor lanes are its workers; one task per worker never overlaps", async () => {
  const obs = recorder();
  await using ex = taskPool(2, { observer: obs });
  const results = await Array.fromAsync(ex.map("double", Array.from({ length: 40 }, (_, i) => i)));
  assert.equal(results.length, 40);
  assert.equal(obs.calls.length, 40);
  const lanes = new Map<number, CallRecord[]>();
  for (const call of obs.calls) {
    assert.equal(call.outcome, "returned");
    assert.equal(call.target, "double");
    assert.ok(call.lane === 0 || call.lane === 1, `lane ${call.lane}`);
    lanes.set(call.lane!, [...(lanes.get(call.lane!) ?? []), call]);
  }
  for (const calls of lanes.values()) {
    calls.sort((x, y) => x.startedAt! - y.startedAt!);
    for (let i = 1; i < calls.length; i++) {
      assert.ok(calls[i].startedAt! >= calls[i - 1].endedAt!, "calls of a lane do not overlap");
    }
  }
});

Deno.test("observer: a chunk of a worker pool's map is one call whose args are its items", async () => {
  const obs = recorder();
  await using ex = taskPool(1, { observer: obs });
  const out = await Array.fromAsync(ex.map("identity", [1, 2, 3, 4, 5], { chunksize: 2 }));
  assert.deepEqual(out, [1, 2, 3, 4, 5]);
  assert.deepEqual(obs.calls.map((c) => c.args), [[1, 2], [3, 4], [5]]);
});

Deno.test("observer: a call queued ahead that cannot be sent ends without ever starting", async () => {
  const obs = recorder();
  await using ex = taskPool(1, { observer: obs });
  const first = ex.submit("double", 1);
  const second = ex.submit("add", 1, 2);
  const unsendable = ex.submit("echo", (() => 1) as unknown as number);
  await first.result();
  await second.result();
  await unsendable.exception();
  const id = unsendable.id;
  assert.ok(obs.events.includes(`ended #${id} raised`), obs.events.join("; "));
  assert.ok(!obs.events.some((e) => e.startsWith(`started #${id} `)), obs.events.join("; "));
});
