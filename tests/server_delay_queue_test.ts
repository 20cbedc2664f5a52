import assert, { deepStrictEqual as assertEquals } from "node:assert/strict";
import { DelayQueue, type DueItem } from "../lib/server/delay_queue.ts";

function item(due: number, fired: number[], label: number): DueItem {
  return { due, slot: -1, fire: () => fired.push(label) };
}

Deno.test("DelayQueue fires items in due order, never early, with one timer", async () => {
  const queue = new DelayQueue();
  const fired: number[] = [];
  const firedAt: number[] = [];
  const t0 = performance.now();
  const dues = [30, 5, 20, 5, 1, 25, 10];
  const all = Promise.withResolvers<void>();
  dues.forEach((ms, label) =>
    queue.add({
      due: t0 + ms,
      slot: -1,
      fire() {
        fired.push(label);
        firedAt.push(performance.now() - t0 - ms);
        if (fired.length === dues.length) all.resolve();
      },
    })
  );
  assertEquals(queue.size, dues.length);
  await all.promise;
  assertEquals(fired.map((l) => dues[l]), [...dues].sort((a, b) => a - b));
  assert(firedAt.every((late) => late >= 0), `fired early: ${firedAt}`);
  assertEquals(queue.size, 0);
});

Deno.test("DelayQueue.remove takes any item out; the timer goes with the last one", async () => {
  const queue = new DelayQueue();
  const fired: number[] = [];
  const now = performance.now();
  const items = Array.from({ length: 50 }, (_, i) => item(now + 1000 + ((i * 37) % 50), fired, i));
  items.forEach((it) => queue.add(it));
  for (let i = 0; i < 50; i += 2) assert(queue.remove(items[i]));
  assert(!queue.remove(items[0]), "removing twice");
  assertEquals(queue.size, 25);
  for (let i = 1; i < 50; i += 2) assert(queue.remove(items[i]));
  assertEquals(queue.size, 0);
  assertEquals(fired, []);
  // No timer is left: the ops sanitizer would fail this test otherwise. One more round trip:
  const last = Promise.withResolvers<void>();
  queue.add({ due: performance.now(), slot: -1, fire: () => last.resolve() });
  await last.promise;
});

Deno.test("DelayQueue.drain empties the queue without firing", () => {
  const queue = new DelayQueue();
  const fired: number[] = [];
  const now = performance.now();
  const items = [item(now + 5000, fired, 1), item(now + 4000, fired, 2)];
  items.forEach((it) => queue.add(it));
  assertEquals(new Set(queue.drain()), new Set(items));
  assertEquals(queue.size, 0);
  assert(items.every((it) => it.slot === -1));
  assertEquals(fired, []);
});
