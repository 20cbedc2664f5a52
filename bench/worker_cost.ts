/**
 * What an idle WorkerPoolExecutor worker costs: for pools of 1, 8, 32 and 64
 * workers (each worker started by one trivial task, then left idle), the
 * process's resident memory (RSS) before and after, per worker, and the wall
 * time to start them, per worker. Each size runs in a fresh process, so that
 * one size's freed memory does not hide the next one's.
 *
 * ```sh
 * deno run --allow-read --allow-run bench/worker_cost.ts
 * ```
 *
 * @module
 */
import { WorkerPoolExecutor } from "../lib/futures/worker_pool.ts";

type Tasks = typeof import("../tests/fixtures/pool_tasks.ts");
const MiB = 1024 * 1024;

if (Deno.args[0] === "--one") {
  const n = Number(Deno.args[1]);
  const ex = new WorkerPoolExecutor<Tasks>(
    new URL("../tests/fixtures/pool_tasks.ts", import.meta.url),
    { maxWorkers: n, idleTimeoutMs: Infinity },
  );
  const before = Deno.memoryUsage().rss;
  const t0 = performance.now();
  // n tasks at once: each goes to a new worker while fewer than n run.
  await Promise.all(Array.from({ length: n }, (_, i) => ex.submit("echo", i).result()));
  const ms = performance.now() - t0;
  if (ex.liveWorkers !== n) throw new Error(`${ex.liveWorkers} workers, not ${n}`);
  const after = Deno.memoryUsage().rss;
  console.log(JSON.stringify({ n, before, after, ms }));
  await ex.shutdown();
} else {
  console.log("workers  RSS before  RSS after  per worker  start-up per worker");
  for (const n of [1, 8, 32, 64]) {
    const { stdout } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", import.meta.filename!, "--one", String(n)],
      stderr: "inherit",
    }).output();
    const r = JSON.parse(new TextDecoder().decode(stdout));
    console.log(
      `${String(n).padStart(7)}  ${(r.before / MiB).toFixed(1).padStart(7)} MB` +
        `  ${(r.after / MiB).toFixed(1).padStart(7)} MB  ${
          ((r.after - r.before) / MiB / n).toFixed(1).padStart(7)
        } MB  ${(r.ms / n).toFixed(1).padStart(13)} ms`,
    );
  }
}
