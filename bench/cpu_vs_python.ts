/**
 * The CPU examples against native references on this machine, in one report:
 *
 * 1. Single-thread throughput on 1 MiB buffers against OpenSSL (bench/cpu_throughput.ts, in
 *    `--rounds` rounds): per core, pinned to the last CPU with `taskset` (the issue's
 *    targets), and free to use every CPU.
 * 2. Deno's floor: an empty `deno run`, and `new Worker` until a first answer (1 and 2).
 * 3. Whole processes (spawn to exit, runtime start-up included) of the seed's Python
 *    `arcfour_futures.py` and `sha_futures.py` against `deno task arcfour:futures` and
 *    `deno task sha:futures` (exactly the tasks' flags), on 1 and 2 workers, with the seed's own
 *    job sizes. The Python is extracted from the seed notebook into a temporary folder.
 *
 * ```sh
 * flock /tmp/bench.lock deno run --allow-read --allow-write --allow-run --allow-sys=loadavg \
 *   bench/cpu_vs_python.ts [--rounds 5] [--runs 5] [--python-runs 3] [--seed PATH]
 * ```
 *
 * `--seed` is the seed notebook (default `../shared/seed/000_d86694ee93d9b266.txt`, from the
 * repository root).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { writeSeedPython } from "./_seed.ts";
import { loadAverage, median, medianRuns, ROOT, timeRun } from "./_cpu_bench.ts";
import { taskCommand } from "../lib/project/deno_tasks.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    rounds: { type: "string", default: "5" },
    "python-runs": { type: "string", default: "3" },
    seed: { type: "string", default: "../shared/seed/000_d86694ee93d9b266.txt" },
  },
});
const runs = Number(values.runs);
const pythonRuns = Number(values["python-runs"]);

// 1. Throughput against OpenSSL, per core and free ------------------------------------------

console.log(`Load average (1 min) at start: ${loadAverage()}\n`);
const throughputArgs = ["run", "--allow-run=openssl", "bench/cpu_throughput.ts"];
const rounds = ["--rounds", values.rounds];
const lastCpu = String(Math.max(0, navigator.hardwareConcurrency - 1));
if (await hasCommand("taskset", ["--version"])) {
  await show("taskset", ["-c", lastCpu, Deno.execPath(), ...throughputArgs, ...rounds, "--pinned"]);
} else {
  console.log("(no taskset here: the per-core table, pinned to one CPU, is skipped)\n");
}
await show(Deno.execPath(), [...throughputArgs, ...rounds]);

/** Whether `command args` runs here and succeeds. */
async function hasCommand(command: string, args: string[]): Promise<boolean> {
  try {
    const { success } = await new Deno.Command(command, {
      args,
      stdout: "null",
      stderr: "null",
    }).output();
    return success;
  } catch {
    return false;
  }
}

/** Runs `command args` from the repository root, its output going to ours; throws on failure. */
async function show(command: string, args: string[]): Promise<void> {
  const child = new Deno.Command(command, {
    args,
    cwd: ROOT,
    stdout: "inherit",
    stderr: "inherit",
  });
  const { success } = await child.spawn().status;
  if (!success) throw new Error(`${command} ${args.join(" ")} failed`);
}

// 2. Deno's floor: what any Deno worker pool pays before the first job -----------------------

/** The median of `runs` calls of `fn`, in ms. */
async function medianMs(runs: number, fn: () => Promise<number>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await fn());
  return median(samples);
}
const emptyFile = await Deno.makeTempFile({ suffix: ".ts" });
const emptyRun = await medianMs(runs, async () => {
  const t0 = performance.now();
  await new Deno.Command(Deno.execPath(), { args: ["run", emptyFile], stdout: "null" }).output();
  return performance.now() - t0;
});
await Deno.remove(emptyFile);
const echo = URL.createObjectURL(
  new Blob(["self.onmessage = () => self.postMessage(0);"], { type: "text/javascript" }),
);
/** ms until `count` new workers have each answered one message; `blocked`: inside `new Worker`. */
async function workerRoundTrip(count: number): Promise<{ blocked: number; total: number }> {
  const t0 = performance.now();
  const workers = Array.from({ length: count }, () => new Worker(echo, { type: "module" }));
  const blocked = performance.now() - t0;
  await Promise.all(workers.map((w) =>
    new Promise((resolve) => {
      w.onmessage = resolve;
      w.postMessage(0);
    })
  ));
  const total = performance.now() - t0;
  for (const w of workers) w.terminate();
  return { blocked, total };
}
const trips = [1, 2].map(() => ({ blocked: [] as number[], total: [] as number[] }));
for (let i = 0; i < runs; i++) {
  for (const [k, count] of [1, 2].entries()) {
    const { blocked, total } = await workerRoundTrip(count);
    trips[k].blocked.push(blocked);
    trips[k].total.push(total);
  }
}
console.log(`\n## Deno's floor (median of ${runs})\n`);
console.log("| what | ms |\n| --- | ---: |");
console.log(`| \`deno run\` of an empty file, whole process | ${emptyRun.toFixed(0)} |`);
for (const [k, count] of [1, 2].entries()) {
  console.log(
    `| ${count} × \`new Worker\`: main thread blocked | ${median(trips[k].blocked).toFixed(0)} |`,
  );
  console.log(
    `| ${count} × \`new Worker\` until each answered a message | ` +
      `${median(trips[k].total).toFixed(0)} |`,
  );
}

// 3. Whole processes against the seed's Python -----------------------------------------------

const PAIRS = [["arcfour_futures.py", "arcfour:futures"], ["sha_futures.py", "sha:futures"]];
if (!(await hasCommand("python3", ["--version"]))) {
  console.log("\n(no python3 here: the comparison with the seed's Python is skipped)");
} else {
  const dir = await Deno.makeTempDir({ prefix: "cpu_vs_python_" });
  try {
    const notebook = fileURLToPath(new URL(values.seed, ROOT));
    await writeSeedPython(dir, ["arcfour.py", "arcfour_futures.py", "sha_futures.py"], notebook);
    console.log(
      `\n## Whole process vs the seed's Python ` +
        `(median of ${runs} Deno / ${pythonRuns} Python runs)\n`,
    );
    console.log("| script | workers | Python | Deno | Deno reported | Python / Deno | target |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const [py, task] of PAIRS) {
      const { args } = await taskCommand(task);
      for (const workers of ["1", "2"]) {
        const p = await medianRuns(pythonRuns, () => timeRun("python3", [py, workers], dir));
        const d = await medianRuns(runs, () => timeRun(Deno.execPath(), [...args, workers]));
        console.log(
          `| ${task} | ${workers} | ${p.wall.toFixed(2)} s | ${d.wall.toFixed(3)} s | ` +
            `${d.reported.toFixed(2)} s | ${(p.wall / d.wall).toFixed(1)}× | ≥ 20× |`,
        );
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
console.log(`\nLoad average (1 min) at the end: ${loadAverage()}`);
