// lib/futures/_call_queue.ts: the FIFO both executors queue calls in, and map its futures.
import assert from "node:assert/strict";
import { CallQueue, Queue } from "../lib/futures/_call_queue.ts";
import { Future } from "../lib/futures/future.ts";

Deno.test("Queue: shift hands out whole entries in order, then undefined", () => {
  const q = new Queue<{ n: number }>();
  assert.equal(q.shift(), undefined);
  assert.equal(q.peek(), undefined);
  const entries = [{ n: 1 }, { n: 2 }, { n: 3 }];
  for (const e of entries) q.push(e);
  assert.equal(q.size, 3);
  assert.equal(q.peek(), entries[0], "peek leaves the entry");
  assert.deepEqual([q.shift(), q.shift()], entries.slice(0, 2));
  q.push({ n: 4 });
  assert.deepEqual([q.shift(), q.shift(), q.shift()], [entries[2], { n: 4 }, undefined]);
  assert.equal(q.size, 0);
});

Deno.test("Queue: order survives compaction while pushing and shifting thousands", () => {
  const q = new Queue<{ n: number }>();
  const out: number[] = [];
  let next = 0;
  for (let round = 0; round < 50; round++) {
    for (let i = 0; i < 300; i++) q.push({ n: next++ });
    for (let i = 0; i < 200; i++) out.push(q.shift()!.n);
  }
  for (let e; (e = q.shift()) !== undefined;) out.push(e.n);
  assert.deepEqual(out, Array.from({ length: next }, (_, i) => i));
});

Deno.test("Queue.drain empties the queue, oldest first; CallQueue.cancelAll cancels them", () => {
  const q = new Queue<{ n: number }>();
  for (let n = 0; n < 5; n++) q.push({ n });
  q.shift();
  assert.deepEqual(q.drain().map((e) => e.n), [1, 2, 3, 4]);
  assert.equal(q.size, 0);
  assert.equal(q.shift(), undefined);

  const calls = new CallQueue<string>();
  const fs = [new Future<unknown>(), new Future<unknown>()];
  for (const future of fs) calls.push({ future, target: "echo", args: [] });
  calls.cancelAll();
  assert.deepEqual(fs.map((f) => f.state), ["cancelled", "cancelled"]);
  assert.equal(calls.shift(), undefined);
});
