/**
 * WorkerPoolExecutor: 10,000 round trips of a trivial task (divide time/iter
 * by 10,000) next to piscina (through node:worker_threads) on the same task
 * with the same thread count; and a 64 MiB ArrayBuffer result, transferred,
 * next to the same bytes copied.
 *
 * ```sh
 * deno bench --allow-read --allow-env bench/worker_pool_bench.ts
 * ```
 *
 * @module
 */
import {
  ourPool,
  ourRoundTrips,
  piscinaPool,
  piscinaRoundTrips,
  threads,
} from "./_pool_compare.ts";

const MiB64 = 64 * 1024 * 1024;

const ex = ourPool();
const piscina = piscinaPool();
const big = ourPool(1);

// Proof that the 64 MiB result moves: the worker's own reference is detached after posting.
const proof = await big.submit("bigBuffer", MiB64).result();
const left = await big.submit("lastBufferLength").result();
if (proof.byteLength !== MiB64 || left !== 0) throw new Error("the buffer was not transferred");
console.log(
  `64 MiB result: received ${proof.byteLength} bytes; the worker's buffer is now ${left} bytes (transferred)`,
);

Deno.bench({
  name: `WorkerPoolExecutor(${threads}): 10,000 round trips`,
  group: "round trip",
  baseline: true,
  n: 10,
  warmup: 2,
  async fn() {
    // Keep `async fn`: Deno.bench does not await a plain function that returns a promise.
    await ourRoundTrips(ex);
  },
});

Deno.bench({
  name: `piscina(${threads}): 10,000 round trips`,
  group: "round trip",
  n: 10,
  warmup: 2,
  async fn() {
    await piscinaRoundTrips(piscina);
  },
});

Deno.bench({
  name: "64 MiB ArrayBuffer result, transferred",
  group: "64 MiB result",
  baseline: true,
  n: 10,
  warmup: 2,
  async fn() {
    const buf = await big.submit("bigBuffer", MiB64).result();
    if (buf.byteLength !== MiB64) throw new Error("short");
  },
});

Deno.bench({
  name: "64 MiB result, copied (a view of part of its buffer)",
  group: "64 MiB result",
  n: 10,
  warmup: 2,
  async fn() {
    const view = await big.submit("bigView", MiB64).result();
    if (view.byteLength !== MiB64) throw new Error("short");
  },
});

globalThis.addEventListener("unload", () => {
  ex.shutdown({ wait: false });
  big.shutdown({ wait: false });
});
