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
 *    job sizes. The Python (Debian's `/usr/bin/python3` if there is one) runs the scripts
 *    extracted from the seed notebook into a temporary folder.
 *
 * ```sh
 * deno run --allow-read --allow-write --allow-run --allow-sys=loadavg bench/cpu_vs_python.ts \
 *   [--rounds 5] [--runs 5] [--python-runs 3] [--seed PATH]
 * ```
 *
 * `--seed` is the seed notebook (default `../shared/seed/000_d86694ee93d9b266.txt`, from the
 * repository root).
 *
 * @module
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { SEED_NOTEBOOK, writeSeedPython } from "./_seed.ts";
import {
  findPython,
  loadAverage,
  median,
  missingCommand,
  repeat,
  ROOT,
  type Timed,
  timed,
  timeRun,
} from "./_common.ts";
import { taskCommand } from "../lib/project/deno_tasks.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    rounds: { type: "string", default: "5" },
    "python-runs": { type: "string", default: "3" },
    seed: { type: "string", default: SEED_NOTEBOOK },
  },
});
const runs = Number(values.runs);
const pythonRuns = Number(values["python-runs"]);

// 1. Throughput against OpenSSL, per core and free ------------------------------------------

console.log(`Load average (1 min) at start: ${loadAverage()}\n`);
const throughputArgs = ["run", "--allow-run=openssl", "bench/cpu_throughput.ts"];
const rounds = ["--rounds", values.rounds];
const lastCpu = String(Math.max(0, navigator.hardwareConcurrency - 1));
const noTaskset = await missingCommand("taskset", "util-linux");
if (noTaskset === undefined) {
  await show("taskset", ["-c", lastCpu, Deno.execPath(), ...throughputArgs, ...rounds, "--pinned"]);
} else {
  console.log(`(${noTaskset}: the per-core table, pinned to one CPU, is skipped)\n`);
}
await show(Deno.execPath(), [...throughputArgs, ...rounds]);

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

const emptyFile = await Deno.makeTempFile({ suffix: ".ts" });
const emptyRuns = await repeat(runs, () => timed(Deno.execPath(), ["run", emptyFile]));
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
const emptyMs = 1000 * wall(emptyRuns);
console.log(`| \`deno run\` of an empty file, whole process | ${emptyMs.toFixed(0)} |`);
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
const python = await findPython();
if (python.path === undefined) {
  console.log(`\n(${python.why}: the comparison with the seed's Python is skipped)`);
} else {
  const dir = await Deno.makeTempDir({ prefix: "cpu_vs_python_" });
  try {
    const notebook = resolve(ROOT, values.seed);
    await writeSeedPython(dir, ["arcfour.py", "arcfour_futures.py", "sha_futures.py"], notebook);
    console.log(
      `\n## Whole process vs the seed's Python ${python.version} ` +
        `(median of ${runs} Deno / ${pythonRuns} Python runs)\n`,
    );
    console.log("| script | workers | Python | Deno | Deno reported | Python / Deno | target |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const [py, task] of PAIRS) {
      const { args } = await taskCommand(task);
      for (const workers of ["1", "2"]) {
        const p = await repeat(pythonRuns, () => timeRun(python.path, [py, workers], dir));
        const d = await repeat(runs, () => timeRun(Deno.execPath(), [...args, workers]));
        const [pWall, dWall] = [wall(p), wall(d)];
        const dReported = median(d.map((r) => r.reported));
        console.log(
          `| ${task} | ${workers} | ${pWall.toFixed(2)} s | ${dWall.toFixed(3)} s | ` +
            `${dReported.toFixed(2)} s | ${(pWall / dWall).toFixed(1)}× | ≥ 20× |`,
        );
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
console.log(`\nLoad average (1 min) at the end: ${loadAverage()}`);

/** The median spawn-to-exit time of `runs`, in seconds. */
function wall(runs: readonly Timed[]): number {
  return median(runs.map((r) => r.wall));
}
