/**
 * What bench/worker_pool_bench.ts and bench/piscina_compare.ts share: a
 * WorkerPoolExecutor and a piscina pool with the same thread count (2), each
 * running the same trivial task (echo a number) for {@linkcode N} round trips:
 * 10,000 submits at once, then every result awaited in order.
 *
 * @module
 */
// Our pool first: it takes MessagePort's postMessage as it loads, before piscina's import of
// node:worker_threads wraps it (the wrapper cost our pool 20–30 % per task; piscina needs it).
import { WorkerPoolExecutor } from "../lib/futures/worker_pool.ts";
import { Piscina } from "piscina";

/** The task module of the pools (tests/fixtures/pool_tasks.ts). */
export type Tasks = typeof import("../tests/fixtures/pool_tasks.ts");

/** Round trips per measurement. */
export const N = 10_000;
/** The thread count of both pools: `WorkerPoolExecutor(2)`, as the target says. */
export const threads = 2;

/** A WorkerPoolExecutor over the test task module, `maxWorkers` workers (default {@linkcode threads}). */
export function ourPool(maxWorkers: number = threads): WorkerPoolExecutor<Tasks> {
  return new WorkerPoolExecutor<Tasks>(
    new URL("../tests/fixtures/pool_tasks.ts", import.meta.url),
    { maxWorkers },
  );
}

/** A piscina pool of {@linkcode threads} threads running the same echo task. */
export function piscinaPool(): Piscina {
  return new Piscina({
    filename: new URL("../tests/fixtures/piscina_echo.mjs", import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
  });
}

/** {@linkcode N} echo round trips through our pool, all submitted at once, then awaited in order. */
export async function ourRoundTrips(ex: WorkerPoolExecutor<Tasks>): Promise<void> {
  const fs = new Array(N);
  for (let i = 0; i < N; i++) fs[i] = ex.submit("echo", i);
  let sum = 0;
  for (const f of fs) sum += await f.result();
  if (sum !== (N * (N - 1)) / 2) throw new Error("wrong sum");
}

/** The same {@linkcode N} round trips through piscina. */
export async function piscinaRoundTrips(piscina: Piscina): Promise<void> {
  const ps = new Array<Promise<number>>(N);
  for (let i = 0; i < N; i++) ps[i] = piscina.run(i);
  let sum = 0;
  for (const p of ps) sum += await p;
  if (sum !== (N * (N - 1)) / 2) throw new Error("wrong sum");
}
