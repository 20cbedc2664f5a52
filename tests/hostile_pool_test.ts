// Issue 13 item 10: only the pool speaks to the pool. A task that posts on the worker's own
// channel, forges results or deaths, or replaces the host's handlers neither reaches the pool
// nor stops it; every message on the pool's private channel is validated.
import assert from "node:assert/strict";
import { BrokenWorkerPool, WorkerPoolExecutor } from "../lib/futures/mod.ts";

type Tasks = typeof import("./fixtures/pool_hostile_tasks.ts");
const TASKS = new URL("./fixtures/pool_hostile_tasks.ts", import.meta.url);

/** A task that hangs the pool fails the test here instead of hanging it. */
const PATIENCE_MS = 10_000;

/** Runs `body` on a one-worker pool, then ends the workers even if a task hung. */
async function withPool(body: (ex: WorkerPoolExecutor<Tasks>) => Promise<void>): Promise<void> {
  const ex = new WorkerPoolExecutor<Tasks>(TASKS, { maxWorkers: 1 });
  try {
    await body(ex);
  } finally {
    await ex.terminateWorkers();
  }
}

Deno.test("a task posting null on the worker's own channel: no uncaught error, the pool works on", async () => {
  await withPool(async (ex) => {
    assert.equal(await ex.submit("postNull").result(PATIENCE_MS), "genuine");
    assert.equal(await ex.submit("echo", 7).result(PATIENCE_MS), 7);
    assert.equal(ex.broken, undefined);
  });
});

Deno.test("forged results on the worker's own channel are not taken for any task's", async () => {
  await withPool(async (ex) => {
    const forger = ex.submit("forgeResults", 20); // task 1 forges tasks 1–20
    const next = ex.submit("echo", "real");
    assert.equal(await forger.result(PATIENCE_MS), "genuine");
    assert.equal(await next.result(PATIENCE_MS), "real");
    assert.equal(ex.broken, undefined);
  });
});

Deno.test("a forged 'dying' message does not break a healthy pool", async () => {
  await withPool(async (ex) => {
    assert.equal(await ex.submit("fakeDying").result(PATIENCE_MS), "alive");
    assert.equal(await ex.submit("echo", 1).result(PATIENCE_MS), 1);
    assert.equal(ex.broken, undefined);
  });
});

Deno.test("a task replacing self.onmessage does not cut the pool off its worker", async () => {
  await withPool(async (ex) => {
    assert.equal(await ex.submit("replaceOnmessage").result(PATIENCE_MS), "replaced");
    assert.equal(await ex.submit("echo", 2).result(PATIENCE_MS), 2);
  });
});

Deno.test("a task replacing self.postMessage does not silence the worker's replies", async () => {
  await withPool(async (ex) => {
    assert.equal(await ex.submit("replacePostMessage").result(PATIENCE_MS), "replaced");
    assert.equal(await ex.submit("echo", 3).result(PATIENCE_MS), 3);
  });
});

Deno.test("a task patching MessagePort.prototype.postMessage cannot forge the host's replies", async () => {
  await withPool(async (ex) => {
    assert.equal(await ex.submit("patchPortPostMessage").result(PATIENCE_MS), "patched");
    assert.equal(await ex.submit("echo", 4).result(PATIENCE_MS), 4);
    assert.equal(ex.broken, undefined);
  });
});

Deno.test("BrokenWorkerPool is still what a real death gives (the private channel carries it)", async () => {
  await using ex = new WorkerPoolExecutor<typeof import("./fixtures/pool_tasks.ts")>(
    new URL("./fixtures/pool_tasks.ts", import.meta.url),
    { maxWorkers: 1 },
  );
  const e = await ex.submit("closeSelf").exception(PATIENCE_MS);
  assert.ok(e instanceof BrokenWorkerPool, String(e));
  assert.match(e.message, /self\.close\(\)/);
});

/**
 * Runs `body` with every `MessageChannel` made meanwhile recorded: the test can then reach the
 * pool's end of a worker's private channel, which no task can.
 */
async function recordingChannels(body: (channels: MessageChannel[]) => Promise<void>) {
  const Real = globalThis.MessageChannel;
  const channels: MessageChannel[] = [];
  globalThis.MessageChannel = class extends Real {
    constructor() {
      super();
      channels.push(this);
    }
  };
  try {
    await body(channels);
  } finally {
    globalThis.MessageChannel = Real;
  }
}

Deno.test("a malformed message on the private channel breaks the pool, showing what arrived", async () => {
  const forged: [unknown, RegExp][] = [
    [null, /malformed message: null/],
    [[0, "FORGED", 1], /malformed message: \[ 0, "FORGED", 1 \]/],
    [
      ["done", [[999, "ok", "FORGED"]]],
      /malformed message: \[ "done", \[ \[ 999, "ok", "FORGED" \] \] \]/,
    ],
    [["idle", "extra"], /malformed message: \[ "idle", "extra" \]/],
  ];
  for (const [data, shown] of forged) {
    await recordingChannels(async (channels) => {
      const ex = new WorkerPoolExecutor<Tasks>(TASKS, { maxWorkers: 1 });
      assert.equal(await ex.submit("echo", 1).result(PATIENCE_MS), 1);
      const pending = ex.submit("echo", 2); // in flight when the forged message arrives
      assert.equal(channels.length, 1);
      channels[0].port1.dispatchEvent(new MessageEvent("message", { data }));
      const e = await pending.exception(PATIENCE_MS);
      assert.ok(e instanceof BrokenWorkerPool, String(e));
      assert.match(e.message, shown);
      assert.throws(() => ex.submit("echo", 2), BrokenWorkerPool);
      await ex.shutdown();
    });
  }
});
