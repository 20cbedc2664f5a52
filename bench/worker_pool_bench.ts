/**
 * WorkerPoolExecutor: 10,000 round trips of a trivial task (divide time/iter
 * by 10,000) next to piscina (through node:worker_threads) on the same task
 * with the same thread count; and a 64 MiB ArrayBuffer result, transferred,
 * next to the same bytes copied.
 *
 *   flock /tmp/bench.lock deno bench --allow-read --allow-env bench/worker_pool_bench.ts
 *
 * @module
 */
import { Piscina } from "piscina";
import { WorkerPoolExecutor } from "../lib/worker_pool.ts";

type Tasks = typeof import("../tests/fixtures/pool_tasks.ts");
const N = 10_000;
const MiB64 = 64 * 1024 * 1024;
const threads = navigator.hardwareConcurrency;

const ex = new WorkerPoolExecutor<Tasks>(
  new URL("../tests/fixtures/pool_tasks.ts", import.meta.url),
  { maxWorkers: threads },
);
const piscina = new Piscina({
  filename: new URL("../tests/fixtures/piscina_echo.mjs", import.meta.url).href,
  minThreads: threads,
  maxThreads: threads,
});
const big = new WorkerPoolExecutor<Tasks>(
  new URL("../tests/fixtures/pool_tasks.ts", import.meta.url),
  { maxWorkers: 1 },
);

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
    const fs = new Array(N);
    for (let i = 0; i < N; i++) fs[i] = ex.submit("echo", i);
    let sum = 0;
    for (const f of fs) sum += await f.result();
    if (sum !== (N * (N - 1)) / 2) throw new Error("wrong sum");
  },
});

Deno.bench({
  name: `piscina(${threads}): 10,000 round trips`,
  group: "round trip",
  n: 10,
  warmup: 2,
  async fn() {
    const ps = new Array<Promise<number>>(N);
    for (let i = 0; i < N; i++) ps[i] = piscina.run(i);
    let sum = 0;
    for (const p of ps) sum += await p;
    if (sum !== (N * (N - 1)) / 2) throw new Error("wrong sum");
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
