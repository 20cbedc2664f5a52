/**
 * The CPU examples against native references on this machine, in one report:
 *
 * 1. Single-thread throughput on 1 MiB buffers: our RC4 (`arcfourInto` into a reused buffer,
 *    and `arcfour` allocating its result) against `openssl speed -evp rc4` (legacy provider),
 *    and WebCrypto SHA-256 (`crypto.subtle.digest`, one call at a time; `node:crypto` for
 *    reference) against `openssl speed -evp sha256`. Each of `--rounds` rounds runs every
 *    contender for 2 s, so a drifting machine moves them alike; ratios are taken per round.
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
import { createHash } from "node:crypto";
import { parseArgs } from "node:util";
import { arcfour, arcfourInto } from "../lib/arcfour.ts";
import { fillRandom } from "../lib/cpu_tasks.ts";
import { fileURLToPath } from "node:url";
import { writeSeedPython } from "./_seed.ts";
import { loadAverage, median, medianRuns, ROOT, timeRun } from "./_cpu_bench.ts";
import { taskCommand } from "../lib/deno_tasks.ts";

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
const MiB = 2 ** 20;

// 1. Throughput against OpenSSL -------------------------------------------------------------

/** MB/s of `fn` on `bytes` per call, run for `ms` after a warm-up of half as long. */
async function throughput(bytes: number, ms: number, fn: () => unknown): Promise<number> {
  for (const until = performance.now() + ms / 2; performance.now() < until;) await fn();
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    await fn();
    calls++;
  }
  return (bytes * calls) / ((performance.now() - t0) / 1000) / 1e6;
}

/** MB/s that `openssl speed` reports for 1 MiB blocks. */
async function opensslSpeed(args: string[]): Promise<number> {
  const { code, stdout } = await new Deno.Command("openssl", {
    args: ["speed", ...args, "-seconds", "2", "-bytes", String(MiB)],
    stdout: "piped",
    stderr: "null",
  }).output();
  const last = new TextDecoder().decode(stdout).trim().split("\n").at(-1) ?? "";
  const match = last.match(/([\d.]+)k\s*$/);
  if (code !== 0 || match === null) throw new Error(`openssl speed ${args.join(" ")}: ${last}`);
  return Number(match[1]) * 1000 / 1e6;
}

console.log(`Load average (1 min) at start: ${loadAverage()}\n`);
const key = new TextEncoder().encode("'Twas brilling, and the slithy toves\nDid gyre");
const data = fillRandom(new Uint8Array(MiB));
const out = new Uint8Array(MiB);
const samples = { rc4Into: [] as number[], rc4New: [] as number[], rc4Ssl: [] as number[] };
const sha = { subtle: [] as number[], node: [] as number[], ssl: [] as number[] };
for (let i = 0; i < Math.max(1, Number(values.rounds)); i++) {
  samples.rc4Into.push(await throughput(MiB, 2000, () => arcfourInto(key, data, out)));
  samples.rc4New.push(await throughput(MiB, 2000, () => arcfour(key, data)));
  samples.rc4Ssl.push(
    await opensslSpeed(["-provider", "legacy", "-provider", "default", "-evp", "rc4"]),
  );
  sha.subtle.push(await throughput(MiB, 2000, () => crypto.subtle.digest("SHA-256", data)));
  sha.node.push(await throughput(MiB, 2000, () => createHash("sha256").update(data).digest()));
  sha.ssl.push(await opensslSpeed(["-evp", "sha256"]));
}
const rounds = samples.rc4Ssl.length;
/** The median over rounds of `ours / reference` within each round (the VM drifts between rounds). */
const pairedRatio = (ours: number[], reference: number[]) =>
  median(ours.map((mbs, r) => mbs / reference[r]));
console.log(`## Single-thread throughput, 1 MiB buffers (${rounds} rounds)\n`);
console.log(
  'MB/s are medians over the rounds; "vs OpenSSL" is the median of each round\'s own ratio.\n',
);
console.log("| what | MB/s | vs OpenSSL | target |");
console.log("| --- | ---: | ---: | ---: |");
const row = (what: string, mbs: number[], ref: number[], target: string) =>
  console.log(
    `| ${what} | ${median(mbs).toFixed(0)} | ${(100 * pairedRatio(mbs, ref)).toFixed(0)} % | ` +
      `${target} |`,
  );
row("OpenSSL `-evp rc4`", samples.rc4Ssl, samples.rc4Ssl, "");
row("`arcfourInto` (reused output)", samples.rc4Into, samples.rc4Ssl, "≥ 60 %");
row("`arcfour` (new array per call)", samples.rc4New, samples.rc4Ssl, "");
row("OpenSSL `-evp sha256`", sha.ssl, sha.ssl, "");
row("WebCrypto `crypto.subtle.digest`", sha.subtle, sha.ssl, "≥ 80 %");
row("`node:crypto` `createHash` (reference only)", sha.node, sha.ssl, "");

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

/** Whether `python3` runs here. */
async function hasPython(): Promise<boolean> {
  try {
    const { success } = await new Deno.Command("python3", {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    }).output();
    return success;
  } catch {
    return false;
  }
}

const PAIRS = [["arcfour_futures.py", "arcfour:futures"], ["sha_futures.py", "sha:futures"]];
if (!(await hasPython())) {
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
