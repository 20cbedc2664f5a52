/**
 * WorkerPoolExecutor vs piscina, in the same run: the same trivial task
 * (echo a number), the same 10,000 round trips, the same thread count
 * (navigator.hardwareConcurrency), rounds interleaved; prints µs per task
 * (median of the rounds) and the ratio.
 *
 *   flock /tmp/bench.lock deno run --allow-read --allow-env bench/piscina_compare.ts [rounds]
 *
 * @module
 */
import { Piscina } from "piscina";
import { WorkerPoolExecutor } from "../lib/worker_pool.ts";

type Tasks = typeof import("../tests/fixtures/pool_tasks.ts");
const N = 10_000;
const rounds = Math.min(Math.max(Number(Deno.args[0] ?? 7) || 7, 1), 50);
const threads = navigator.hardwareConcurrency;

await using ex = new WorkerPoolExecutor<Tasks>(
  new URL("../tests/fixtures/pool_tasks.ts", import.meta.url),
  { maxWorkers: threads },
);
const piscina = new Piscina({
  filename: new URL("../tests/fixtures/piscina_echo.mjs", import.meta.url).href,
  minThreads: threads,
  maxThreads: threads,
});

async function ours(): Promise<number> {
  const t0 = performance.now();
  const fs = new Array(N);
  for (let i = 0; i < N; i++) fs[i] = ex.submit("echo", i);
  let sum = 0;
  for (const f of fs) sum += await f.result();
  const t = performance.now() - t0;
  if (sum !== (N * (N - 1)) / 2) throw new Error("wrong sum");
  return (t * 1000) / N;
}

async function theirs(): Promise<number> {
  const t0 = performance.now();
  const ps = new Array<Promise<number>>(N);
  for (let i = 0; i < N; i++) ps[i] = piscina.run(i);
  let sum = 0;
  for (const p of ps) sum += await p;
  const t = performance.now() - t0;
  if (sum !== (N * (N - 1)) / 2) throw new Error("wrong sum");
  return (t * 1000) / N;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

await ours(); // warm-up: start the workers, JIT
await theirs();
const a: number[] = [];
const b: number[] = [];
for (let r = 0; r < rounds; r++) {
  a.push(await ours());
  b.push(await theirs());
}
const fmt = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(" ");
console.log(`${N} round trips of a trivial task, ${threads} threads, ${rounds} rounds`);
console.log(`WorkerPoolExecutor: median ${median(a).toFixed(1)} µs/task  (${fmt(a)})`);
console.log(`piscina 5.3.2:      median ${median(b).toFixed(1)} µs/task  (${fmt(b)})`);
console.log(`ratio piscina / WorkerPoolExecutor: ${(median(b) / median(a)).toFixed(2)}x`);
await piscina.destroy();
