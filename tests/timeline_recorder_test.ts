// TimelineRecorder: executor calls keep their lanes; tracked calls get the lowest lane free.
import assert from "node:assert/strict";
import { AsyncPoolExecutor } from "../lib/futures/mod.ts";
import { describeCall, TimelineRecorder } from "../lib/timeline/recorder.ts";

/** Resolves after `n` turns of the microtask queue: calls that overlap without a timer. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve();
}

Deno.test("recorder: an executor's calls become bars on its lanes, described by default", async () => {
  const recorder = new TimelineRecorder();
  const ex = new AsyncPoolExecutor(2, { observer: recorder });
  const fs = [3, 1, 2].map((n) =>
    ex.submit(async function wait(k: number) {
      await turns(k * 10);
      if (k === 1) throw new RangeError("one\nmore");
      return k * 10;
    }, n)
  );
  await Promise.allSettled(fs.map((f) => f.result()));
  await ex.shutdown();
  const bars = recorder.bars();
  assert.equal(bars.length, 3);
  const byLabel = new Map(bars.map((b) => [b.label, b]));
  assert.deepEqual(
    [...byLabel.keys()].sort(),
    ["wait(1)", "wait(2)", "wait(3)"],
  );
  assert.equal(byLabel.get("wait(1)")!.outcome, "error");
  assert.equal(byLabel.get("wait(1)")!.result, "RangeError: one");
  assert.equal(byLabel.get("wait(3)")!.result, "30");
  assert.deepEqual([byLabel.get("wait(3)")!.lane, byLabel.get("wait(1)")!.lane], [0, 1]);
  assert.equal(byLabel.get("wait(2)")!.lane, 1, "the third call takes the slot the second freed");
  for (const b of bars) assert.ok(0 <= b.startMs && b.startMs <= b.endMs);
});

Deno.test("recorder: tracked calls take the lowest lane free when they start", async () => {
  const recorder = new TimelineRecorder();
  const run = (label: string, k: number) => recorder.track(label, () => turns(k).then(() => label));
  const first = run("A", 30);
  const second = run("B", 5);
  await second;
  const third = run("C", 5); // B's lane is free again
  let endMarked = 0;
  const late = recorder.track("E", async ({ start, end }) => {
    await turns(40); // waiting, say, for a permit: not drawn
    start();
    await turns(5);
    end(); // giving it back; what follows is not drawn either
    endMarked = performance.now() - recorder.origin;
    // Time must pass before E returns, for its bar's end to tell end() from the return.
    await new Promise((resolve) => setTimeout(resolve, 5));
    return "e";
  });
  await assert.rejects(recorder.track("D", () => Promise.reject(new Error("no"))));
  await Promise.all([first, third, late]);
  const bars = Object.fromEntries(recorder.bars().map((b) => [b.label, b]));
  const lanes = Object.fromEntries(Object.entries(bars).map(([k, b]) => [k, b.lane]));
  assert.deepEqual(lanes, { A: 0, B: 1, C: 1, D: 2, E: 0 }, "E starts once A has ended");
  const outcomes = Object.fromEntries(Object.entries(bars).map(([k, b]) => [k, b.outcome]));
  assert.deepEqual(outcomes, { A: "ok", B: "ok", C: "ok", D: "error", E: "ok" });
  assert.ok(bars.E.startMs >= bars.A.endMs, "E is drawn from its start(), not from its call");
  assert.ok(bars.E.endMs <= endMarked, "and up to its end(), not to its return");
});

Deno.test("recorder: the default description shows strings bare and long values cut", () => {
  const cancelled = describeCall({ target: "get", args: ["BR"], outcome: "cancelled" });
  assert.deepEqual(cancelled, { label: "get(BR)", outcome: "cancelled", result: "cancelled" });
  const long = describeCall({ target: "f", args: [], outcome: "returned", value: "x".repeat(100) });
  assert.equal(long.label, "f");
  assert.equal(long.result, `${"x".repeat(59)}…`);
});
