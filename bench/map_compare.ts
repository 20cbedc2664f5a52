/**
 * Many small tasks through `WorkerPoolExecutor(2).map`, whole processes timed
 * spawn to exit, side by side in rounds: 1,000,000 trivial items (the task
 * returns its number) with `chunksize: 1000`, against CPython's
 * `ProcessPoolExecutor(2).map(…, chunksize=1000)` on the same trivial function
 * (bench/map_compare.py, Debian's python3), and against our own
 * `chunksize: 1` on 100,000 items (items per second compared). Python reads
 * `range(N)`; ours reads an array of the numbers, built inside the timed
 * process by a plain loop (7–8 ms for a million; iterating a generator would
 * cost 50–70 ms, `Array.from` with a function 45–55 ms). Prints each round, the medians and the ratios.
 *
 * ```sh
 * deno run --allow-read --allow-run --allow-sys=loadavg bench/map_compare.ts [ROUNDS]   # default 5
 * ```
 *
 * @module
 */
import { WorkerPoolExecutor } from "../lib/futures/worker_pool.ts";
import { findPython, loadAverage, median, timed } from "./_common.ts";

type Tasks = typeof import("../tests/fixtures/pool_tasks.ts");

/** The child: maps `identity` over the numbers 0…n-1 in chunks, checks the sum. */
async function child(n: number, chunksize: number): Promise<void> {
  await using ex = new WorkerPoolExecutor<Tasks>(
    new URL("../tests/fixtures/pool_tasks.ts", import.meta.url),
    { maxWorkers: 2 },
  );
  let sum = 0;
  // A plain loop: Array.from({ length: n }, fn) would take 45-55 ms of the 1M run on its own.
  const numbers = new Array<number>(n);
  for (let i = 0; i < n; i++) numbers[i] = i;
  for await (const r of ex.map("identity", numbers, { chunksize })) sum += r;
  if (sum !== (n * (n - 1)) / 2) throw new Error(`wrong sum ${sum}`);
}

if (Deno.args[0] === "--child") {
  await child(Number(Deno.args[1]), Number(Deno.args[2]));
} else {
  const rounds = Math.min(Math.max(Number(Deno.args[0] ?? 5) || 5, 1), 30);
  const python = await findPython();
  if (python.path === undefined) console.log(`no Python, its column is skipped: ${python.why}`);
  const me = import.meta.filename!;
  const ours = (n: number, chunksize: number) =>
    timed(Deno.execPath(), ["run", "--allow-read", me, "--child", String(n), String(chunksize)]);
  const py = (n: number, chunksize: number) =>
    timed(python.path!, [
      new URL("./map_compare.py", import.meta.url).pathname,
      String(n),
      String(chunksize),
    ]);
  const M = 1_000_000;
  const K = 100_000;
  const rows: { chunked: number; python: number; single: number }[] = [];
  console.log(`load average ${loadAverage()}; ${rounds} rounds, whole processes, seconds`);
  console.log(
    "round  ours 1M/1000  python 1M/1000  ours 100k/1  python÷ours  chunk÷single (items/s)",
  );
  for (let r = 1; r <= rounds; r++) {
    const chunked = (await ours(M, 1000)).wall;
    const pyWall = python.path === undefined ? NaN : (await py(M, 1000)).wall;
    const single = (await ours(K, 1)).wall;
    rows.push({ chunked, python: pyWall, single });
    console.log(
      `${String(r).padStart(5)}  ${chunked.toFixed(3).padStart(12)}  ${
        pyWall.toFixed(3).padStart(14)
      }  ${single.toFixed(3).padStart(11)}  ${(pyWall / chunked).toFixed(2).padStart(10)}x  ${
        ((M / chunked) / (K / single)).toFixed(1).padStart(10)
      }x`,
    );
  }
  const m = (key: "chunked" | "python" | "single") => median(rows.map((row) => row[key]));
  console.log(
    `median  ${m("chunked").toFixed(3).padStart(11)}  ${m("python").toFixed(3).padStart(14)}  ${
      m("single").toFixed(3).padStart(11)
    }  ${(m("python") / m("chunked")).toFixed(2).padStart(10)}x  ${
      ((M / m("chunked")) / (K / m("single"))).toFixed(1).padStart(10)
    }x`,
  );
  console.log(
    `Python ${python.version ?? "-"}, Deno ${Deno.version.deno}, load average ${loadAverage()}`,
  );
}
