/**
 * Per-task overhead of AsyncPoolExecutor: submit + await of a trivial async
 * task, 100,000 tasks per iteration (divide time/iter by 100,000), next to
 * the same 100,000 calls awaited without an executor, and through npm's
 * `p-limit@7` and `p-queue@9` with the same concurrency (32), in the same
 * run (`deno bench` prints each one's ratio to AsyncPoolExecutor); then
 * `map` eager and with `buffersize`.
 *
 * ```sh
 * deno bench bench/futures_bench.ts
 * ```
 *
 * @module
 */
import pLimit from "p-limit";
import PQueue from "p-queue";
import { AsyncPoolExecutor } from "../lib/futures/async_pool.ts";
import { asCompleted } from "../lib/futures/future.ts";

const N = 100_000;
const trivial = (x: number): Promise<number> => Promise.resolve(x);

/** Awaits each of `values` in turn and checks that they sum to 0 + 1 + … + (N - 1). */
async function checkSum(values: Iterable<number | Promise<number>>): Promise<void> {
  let sum = 0;
  for (const v of values) sum += await v;
  if (sum !== (N * (N - 1)) / 2) throw new Error("wrong sum");
}

Deno.bench({
  name: "100,000 plain async calls, awaited (no executor)",
  group: "submit+await",
  n: 30,
  warmup: 5,
  async fn() {
    const ps = new Array<Promise<number>>(N);
    for (let i = 0; i < N; i++) ps[i] = trivial(i);
    await checkSum(ps);
  },
});

Deno.bench({
  name: "AsyncPoolExecutor(32): 100,000 submit + await",
  group: "submit+await",
  baseline: true,
  n: 30,
  warmup: 5,
  async fn() {
    const ex = new AsyncPoolExecutor(32);
    const fs = new Array(N);
    for (let i = 0; i < N; i++) fs[i] = ex.submit(trivial, i);
    let sum = 0;
    for (const f of fs) sum += await f.result();
    await ex.shutdown();
    if (sum !== (N * (N - 1)) / 2) throw new Error("wrong sum");
  },
});

Deno.bench({
  name: "p-limit@7 (32): 100,000 calls + await",
  group: "submit+await",
  n: 30,
  warmup: 5,
  async fn() {
    const limit = pLimit(32);
    const ps = new Array<Promise<number>>(N);
    for (let i = 0; i < N; i++) ps[i] = limit(trivial, i);
    await checkSum(ps);
  },
});

Deno.bench({
  name: "p-queue@9 (concurrency 32): 100,000 add + await",
  group: "submit+await",
  n: 30,
  warmup: 5,
  async fn() {
    const queue = new PQueue({ concurrency: 32 });
    const ps = new Array<Promise<number>>(N);
    for (let i = 0; i < N; i++) ps[i] = queue.add(() => trivial(i));
    await checkSum(ps);
  },
});

Deno.bench({
  name: "AsyncPoolExecutor(32): map over 100,000 items",
  group: "map / asCompleted",
  n: 30,
  warmup: 5,
  async fn() {
    await using ex = new AsyncPoolExecutor(32);
    let sum = 0;
    for await (const r of ex.map(trivial, Array.from({ length: N }, (_, i) => i))) sum += r;
    if (sum !== (N * (N - 1)) / 2) throw new Error("wrong sum");
  },
});

Deno.bench({
  name: "AsyncPoolExecutor(32): map over 100,000 items, buffersize 64",
  group: "map / asCompleted",
  n: 30,
  warmup: 5,
  async fn() {
    await using ex = new AsyncPoolExecutor(32);
    let sum = 0;
    const items = Array.from({ length: N }, (_, i) => i);
    for await (const r of ex.map(trivial, items, { buffersize: 64 })) sum += r;
    if (sum !== (N * (N - 1)) / 2) throw new Error("wrong sum");
  },
});

Deno.bench({
  name: "AsyncPoolExecutor(32): asCompleted over 100,000 futures",
  group: "map / asCompleted",
  n: 30,
  warmup: 5,
  async fn() {
    await using ex = new AsyncPoolExecutor(32);
    const fs = Array.from({ length: N }, (_, i) => ex.submit(trivial, i));
    let count = 0;
    for await (const _ of asCompleted(fs)) count++;
    if (count !== N) throw new Error("lost futures");
  },
});
