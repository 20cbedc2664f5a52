/**
 * Flags series 1: the Deno tasks next to the seed's Python scripts, against
 * the DELAY server (every response 0.5 s late), all in one run.
 *
 * ```sh
 * deno run --allow-net=127.0.0.1 --allow-read --allow-write --allow-run --allow-env \
 *   bench/flags_compare.ts [--runs 3] [--out bench/flags_results.md]
 * ```
 *
 * Starts the flag server in-process on free ports, then runs every script
 * `--runs` times as a child process (the Deno ones with exactly their
 * deno.json task flags, the Python ones extracted from the seed notebook into
 * a temp folder, BASE_URL pointed at the server). For each it reports the
 * median time the script prints ("20 flags downloaded in …s"), the median
 * whole-process time (spawn to exit: runtime start-up included), the speedup
 * over the sequential script of the same language, and the server's peak of
 * requests in flight. Python needs `requests` (Debian's `/usr/bin/python3` is
 * preferred to the PATH's); without it the Python rows are left out, and the
 * report says why. The LOCAL rows (no delay) measure the
 * start-up that the DELAY rows add to the 0.5 s of one round of requests.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { findPython, median, repeat, timed } from "./_common.ts";
import { seedPython } from "./_seed.ts";
import { PROJECT_ROOT as ROOT, taskCommand } from "../lib/project/deno_tasks.ts";
import { join } from "node:path";
import { startFlagServer } from "../lib/server/flag_server.ts";

const SEED_BASE_URL = "http://localhost:8002/flags";

interface Variant {
  /** Row label. */
  label: string;
  /** The listener to use (default DELAY; LOCAL answers at once, to measure start-up). */
  listener?: "DELAY" | "LOCAL";
  /** The Deno task whose flags are used, and the file to run if not the task's own. */
  deno: { task: string; file?: string };
  /** The seed script, and a source edit for the 20-worker variant. */
  python: { file: string; edit?: (src: string) => string };
}

const CPUS = navigator.hardwareConcurrency;

/** The seed's flags_processpool.py with a pool of its (unused) MAX_WORKERS = 20. */
function twentyProcesses(src: string): string {
  const out = src.replace("ProcessPoolExecutor()", "ProcessPoolExecutor(MAX_WORKERS)");
  if (out === src) throw new Error("the seed's flags_processpool.py changed: edit it here");
  return out;
}
/** flags:processpool with a pool of 20, in both languages. */
const TWENTY_WORKERS: Pick<Variant, "deno" | "python"> = {
  deno: { task: "flags:processpool", file: "bench/flags_processpool_workers.ts" },
  python: { file: "flags_processpool.py", edit: twentyProcesses },
};

const VARIANTS: Variant[] = [
  { label: "flags (sequential)", deno: { task: "flags" }, python: { file: "flags.py" } },
  {
    label: "flags:threadpool (20 workers)",
    deno: { task: "flags:threadpool" },
    python: { file: "flags_threadpool.py" },
  },
  {
    label: "flags:threadpool_ac (5 flags, 3 workers)",
    deno: { task: "flags:threadpool_ac" },
    python: { file: "flags_threadpool_ac.py" },
  },
  {
    label: `flags:processpool (default: ${CPUS} workers = CPUs)`,
    deno: { task: "flags:processpool" },
    python: { file: "flags_processpool.py" },
  },
  { label: "flags:processpool with 20 workers", ...TWENTY_WORKERS },
  {
    label: `flags:processpool (default: ${CPUS} workers), LOCAL server (no delay)`,
    listener: "LOCAL",
    deno: { task: "flags:processpool" },
    python: { file: "flags_processpool.py" },
  },
  {
    label: "flags:processpool with 20 workers, LOCAL server (no delay)",
    listener: "LOCAL",
    ...TWENTY_WORKERS,
  },
];

interface Sample {
  reported: number;
  wall: number;
  peak: number;
}

const { values } = parseArgs({
  options: { runs: { type: "string", default: "3" }, out: { type: "string" } },
});
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 1 || RUNS > 10) {
  console.error("error: --runs must be an integer from 1 to 10");
  Deno.exit(1);
}

const srv = await startFlagServer({ localPort: 0, delayPort: 0, errorPort: 0, quiet: true });
const work = await Deno.makeTempDir({ prefix: "flags-bench-" });
const denoDest = await Deno.makeTempDir({ dir: join(ROOT, "downloads"), prefix: ".bench-" });
const python = await findPython(["requests"]);

/** Runs one child process; returns the time it printed, its wall time and the server's peak. */
async function measure(
  cmd: string,
  args: string[],
  opts: { cwd: string; env?: Record<string, string>; listener: "DELAY" | "LOCAL" },
): Promise<Sample> {
  srv.resetStats();
  const { wall, stdout } = await timed(cmd, args, opts);
  const m = stdout.match(/(\d+) flags download(?:ed)? in (\d+\.\d+)s/);
  if (!m) {
    throw new Error(`no "… flags downloaded in …s" from ${cmd} ${args.join(" ")}:\n${stdout}`);
  }
  return { reported: Number(m[2]), wall, peak: srv.stats()[opts.listener].peakInFlight };
}

function summarise(label: string, lang: string, samples: Sample[]): Row {
  return {
    label,
    lang,
    reported: median(samples.map((s) => s.reported)),
    wall: median(samples.map((s) => s.wall)),
    peak: Math.max(...samples.map((s) => s.peak)),
  };
}

type Row = { label: string; lang: string; reported: number; wall: number; peak: number };
const rows: Row[] = [];
try {
  const seed = await seedPython();
  await Deno.mkdir(join(work, "downloads"));
  for (const v of VARIANTS) {
    const listener = v.listener ?? "DELAY";
    const baseUrl = srv.urls[listener];
    const { args } = await taskCommand(v.deno.task);
    if (v.deno.file) args.splice(-1, 1, v.deno.file);
    const env = { FLAGS_BASE_URL: baseUrl, FLAGS_DEST_DIR: denoDest };
    const samples = await repeat(
      RUNS,
      () => measure(Deno.execPath(), args, { cwd: ROOT, env, listener }),
    );
    rows.push(summarise(v.label, "Deno", samples));

    if (python.path === undefined) continue;
    // The seed's Python with its BASE_URL pointed at this listener; DEST_DIR is <dir>/downloads/.
    for (const [name, src] of seed) {
      await Deno.writeTextFile(join(work, name), src.replaceAll(SEED_BASE_URL, baseUrl));
    }
    let file = v.python.file;
    if (v.python.edit) {
      const src = await Deno.readTextFile(join(work, file));
      file = `edited_${file}`;
      await Deno.writeTextFile(join(work, file), v.python.edit(src));
    }
    const pySamples = await repeat(
      RUNS,
      () => measure(python.path, [file], { cwd: work, listener }),
    );
    rows.push(summarise(v.label, "Python", pySamples));
  }
} finally {
  await srv.shutdown();
  await Deno.remove(work, { recursive: true });
  await Deno.remove(denoDest, { recursive: true });
}

const seq = (lang: string) =>
  rows.find((r) => r.lang === lang && r.label.startsWith("flags (seq"))!;
const report: string[] = [
  `Flags series 1 against the DELAY server (0.5 s per response), ${CPUS} CPUs, ` +
  `Deno ${Deno.version.deno}${python.path ? `, Python ${python.version}` : ""}, ` +
  `median of ${RUNS} run(s). "printed": the time the script reports; "process": spawn to exit.`,
  "",
  "| script | runtime | printed | process | speedup (printed) | speedup (process) | peak in flight |",
  "|---|---|---:|---:|---:|---:|---:|",
];
for (const r of rows) {
  const base = seq(r.lang);
  // Only 20-flag runs against the DELAY server compare with the sequential one.
  const comparable = !r.label.includes("5 flags") && !r.label.includes("LOCAL");
  const sp = (a: number, b: number) => comparable ? `${(a / b).toFixed(1)}×` : "—";
  report.push(
    `| ${r.label} | ${r.lang} | ${r.reported.toFixed(2)} s | ${r.wall.toFixed(2)} s | ` +
      `${sp(base.reported, r.reported)} | ${sp(base.wall, r.wall)} | ${r.peak} |`,
  );
}
report.push(
  "",
  "A Deno `flags:processpool` worker has ceil(20 / workers) downloads in flight at once " +
    "(`tasksPerWorker`); a Python process has one.",
);
if (python.why) report.push("", `Python rows left out: ${python.why}`);
const text = report.join("\n");
console.log(text);
if (values.out) await Deno.writeTextFile(values.out, text + "\n");
