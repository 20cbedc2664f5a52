/**
 * `map` with `buffersize: 64` in flat memory, and at what cost: over an
 * endless async generator, 1,000,000 results taken and the loop left, the
 * process's RSS sampled every 10,000 results — growth from the start (after
 * 10,000 results, past warm-up) to the peak; then, side by side in rounds, the
 * same map over a finite async input of 1,000,000 items with and without
 * `buffersize` (eager: every call submitted as fast as the input yields).
 * `AsyncPoolExecutor(32)` with a trivial task, and `WorkerPoolExecutor(2)` in
 * chunks of 100 (so 64 chunks = 6,400 items ahead).
 *
 * ```sh
 * deno run --allow-read bench/map_buffersize.ts [ROUNDS]   # default 5
 * ```
 *
 * @module
 */
import { AsyncPoolExecutor } from "../lib/futures/async_pool.ts";
import { WorkerPoolExecutor } from "../lib/futures/worker_pool.ts";
import type { MapOptions } from "../lib/futures/executor.ts";
import { median } from "./_common.ts";

type Tasks = typeof import("../tests/fixtures/pool_tasks.ts");
const N = 1_000_000;
const MiB = 1024 * 1024;

async function* naturals(limit = Infinity): AsyncGenerator<number> {
  for (let i = 0; i < limit; i++) yield i;
}

const trivial = (n: number): Promise<number> => Promise.resolve(n);

/** One executor's `map` over an input, as the bench drives it. */
type Mapper = (items: AsyncIterable<number>, opts: MapOptions) => AsyncGenerator<number>;

/** Takes N results of an endless input; RSS at 10,000 results and its peak after. */
async function endless(map: Mapper): Promise<{ start: number; peak: number }> {
  let taken = 0;
  let start = 0;
  let peak = 0;
  for await (const _ of map(naturals(), { buffersize: 64 })) {
    if (++taken % 10_000 === 0) {
      const rss = Deno.memoryUsage().rss;
      if (taken === 10_000) start = rss;
      peak = Math.max(peak, rss);
    }
    if (taken === N) break;
  }
  return { start, peak };
}

/** Seconds to take every result of a finite input of N items. */
async function finite(map: Mapper, opts: MapOptions): Promise<number> {
  const t0 = performance.now();
  let sum = 0;
  for await (const r of map(naturals(N), opts)) sum += r;
  if (sum !== (N * (N - 1)) / 2) throw new Error("wrong sum");
  return (performance.now() - t0) / 1000;
}

const rounds = Math.min(Math.max(Number(Deno.args[0] ?? 5) || 5, 1), 30);
await using asyncPool = new AsyncPoolExecutor(32);
await using workerPool = new WorkerPoolExecutor<Tasks>(
  new URL("../tests/fixtures/pool_tasks.ts", import.meta.url),
  { maxWorkers: 2 },
);
const executors: [string, Mapper][] = [
  ["AsyncPoolExecutor(32)", (items, opts) => asyncPool.map(trivial, items, opts)],
  [
    "WorkerPoolExecutor(2), chunksize 100",
    (items, opts) => workerPool.map("identity", items, { ...opts, chunksize: 100 }),
  ],
];
// The endless runs first, each on a fresh heap: the eager runs below leave RSS high.
for (const [name, map] of executors) {
  const { start, peak } = await endless(map);
  console.log(
    `${name}: endless input, buffersize 64, ${N} results: RSS ${(start / MiB).toFixed(1)} MB ` +
      `at 10,000, peak ${(peak / MiB).toFixed(1)} MB: growth ${
        ((peak - start) / MiB).toFixed(1)
      } MB`,
  );
}
for (const [name, map] of executors) {
  const lazy: number[] = [];
  const eager: number[] = [];
  for (let r = 0; r < rounds; r++) {
    lazy.push(await finite(map, { buffersize: 64 }));
    eager.push(await finite(map, {}));
  }
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(3)).join(" ");
  console.log(`${name}, finite input of ${N}: buffersize 64 ${fmt(lazy)} s; eager ${fmt(eager)} s`);
  console.log(`  medians: buffersize 64 / eager = ${(median(lazy) / median(eager)).toFixed(2)}x`);
}
