/**
 * WorkerPoolExecutor vs piscina, in the same run: the same trivial task
 * (echo a number), the same 10,000 round trips, the same thread count (2),
 * rounds interleaved; prints µs per task (median of the rounds) and the
 * ratio (the target: piscina / ours ≥ 2).
 *
 * ```sh
 * deno run --allow-read --allow-env bench/piscina_compare.ts [ROUNDS]   # default 7
 * ```
 *
 * @module
 */
import {
  N,
  ourPool,
  ourRoundTrips,
  piscinaPool,
  piscinaRoundTrips,
  threads,
} from "./_pool_compare.ts";
import { median } from "./_common.ts";

const rounds = Math.min(Math.max(Number(Deno.args[0] ?? 7) || 7, 1), 50);

await using ex = ourPool();
const piscina = piscinaPool();

/** µs per round trip of one measurement of `roundTrips`. */
async function usPerTask(roundTrips: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await roundTrips();
  return ((performance.now() - t0) * 1000) / N;
}
const ours = () => usPerTask(() => ourRoundTrips(ex));
const theirs = () => usPerTask(() => piscinaRoundTrips(piscina));

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
