/**
 * The asyncio-style and flags3 clients against their anchors, side by side in one run:
 *
 * ```sh
 * flock /tmp/bench.lock deno run --allow-net=127.0.0.1 --allow-read --allow-write --allow-run \
 *   --allow-env --allow-sys=loadavg bench/flags3_compare.ts [--runs 5] [--out bench/flags3_results.md]
 * ```
 *
 * It starts the flag server in-process on free ports (DELAY: every response 0.5 s late, the
 * book's setting) and then, `--runs` times, runs each case in turn, each child in a fresh
 * temporary folder with exactly its deno.json task's flags:
 *
 * - `flags2:asyncio -s DELAY -e -m 1000` next to `flags2:threadpool` with the same arguments
 *   (676 requests; goal: no slower);
 * - `flags3:asyncio -s DELAY -a -m 1000` (194 codes, two 0.5 s requests each, one after the
 *   other: 1.0 s is the floor; goal ≤ 1.3 s end to end) next to a seed-style Python
 *   `flags3_threadpool.py` (bench/flags3_threadpool.py: requests and a thread pool on the
 *   seed's flags2 modules, run by bench/flags2_seed_runner.py) with the same arguments, and
 *   bench/flags3_bare_fetch.ts (the same requests with nothing but `fetch`: the floor);
 * - `flags3:threadpool -s LOCAL -a -m 100` next to that Python client (goal: ≥ 4× faster
 *   end to end);
 * - as an anchor for how the machine runs today, the flags2 pair whose ratio had the same goal:
 *   `flags2:threadpool -s LOCAL -e -m 100` and the seed's `flags2_threadpool.py`.
 *
 * Reported per case: the median and range of the whole-process time (spawn to exit, runtime
 * start-up included), the median "Elapsed time" the client printed, the server's peak of
 * requests in flight, and the report's counts; then the ratios each goal is about, taken within
 * the run. Each flags3 run's saved file names are checked against the Python client's. The
 * table goes to stdout and to `--out`.
 *
 * @module
 */

import {
  bareFetch,
  bookServer,
  type ClientRun,
  runClient,
  runsArgs,
  SEED_RUNNER,
} from "./_clients.ts";
import { join } from "node:path";
import { COUNTRY_CODES } from "../lib/flags/country_codes.ts";
import { PROJECT_ROOT as ROOT, taskCommand } from "../lib/project/deno_tasks.ts";
import { findPython, loadAverage, median } from "./_common.ts";
import { writeSeedPython } from "./_seed.ts";

const PY_FLAGS3 = join(ROOT, "bench", "flags3_threadpool.py");
const BARE = bareFetch("flags3_bare_fetch.ts");

interface Sample extends ClientRun {
  peak: number;
}

const { runs, out } = runsArgs();

await using srv = await bookServer();

/** A client's run, with the peak of requests in flight that `listener` saw. */
async function run(
  listener: "LOCAL" | "DELAY",
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<Sample> {
  srv.resetStats();
  const sample = await runClient(cmd, args, env);
  return { ...sample, peak: srv.stats()[listener].peakInFlight };
}

const python = await findPython(["requests", "tqdm"]);
const seedDir = await Deno.makeTempDir({ prefix: "flags3_seed_" });
await writeSeedPython(seedDir, [
  "flags2_common.py",
  "flags2_sequential.py",
  "flags2_threadpool.py",
]);
await Deno.copyFile(PY_FLAGS3, join(seedDir, "flags3_threadpool.py"));
// The seed's `-a` reads the book's codes from country_codes.txt beside its scripts.
await Deno.writeTextFile(join(seedDir, "country_codes.txt"), COUNTRY_CODES.join(" ") + "\n");
const pyScript = (name: string) => join(seedDir, name);
const task = async (name: string) => (await taskCommand(name)).argsFromAnywhere;
const deno = (listener: "LOCAL" | "DELAY", args: string[]) => () =>
  run(listener, Deno.execPath(), [...args, "-s", srv.urls[listener]]);
const py = (script: string, listener: "LOCAL" | "DELAY", args: string[]) => () =>
  run(listener, python.path!, [SEED_RUNNER, pyScript(script), "-s", listener, ...args], {
    [`FLAGS2_${listener}`]: srv.urls[listener],
  });

type Case = { id: string; label: string; run: () => Promise<Sample>; skip?: string };
const EVERY = ["-e", "-m", "1000"];
const ALL_DELAY = ["-a", "-m", "1000"];
const ALL_LOCAL = ["-a", "-m", "100"];
const cases: Case[] = [
  {
    id: "f2-pool",
    label: "Deno flags2:threadpool -s DELAY -e -m 1000",
    run: deno("DELAY", [...await task("flags2:threadpool"), ...EVERY]),
  },
  {
    id: "f2-asyncio",
    label: "Deno flags2:asyncio -s DELAY -e -m 1000",
    run: deno("DELAY", [...await task("flags2:asyncio"), ...EVERY]),
  },
  {
    id: "f3-asyncio-delay",
    label: "Deno flags3:asyncio -s DELAY -a -m 1000",
    run: deno("DELAY", [...await task("flags3:asyncio"), ...ALL_DELAY]),
  },
  {
    id: "bare-delay",
    label: "bare Deno fetch loop, the same 388 requests, all at once (floor)",
    run: () => run("DELAY", Deno.execPath(), [...BARE, srv.urls.DELAY]),
  },
  {
    id: "py-delay",
    label: "Python flags3_threadpool.py -s DELAY -a -m 1000",
    run: py("flags3_threadpool.py", "DELAY", ALL_DELAY),
    skip: python.why,
  },
  {
    id: "f3-pool-local",
    label: "Deno flags3:threadpool -s LOCAL -a -m 100",
    run: deno("LOCAL", [...await task("flags3:threadpool"), ...ALL_LOCAL]),
  },
  {
    id: "py-local",
    label: "Python flags3_threadpool.py -s LOCAL -a -m 100",
    run: py("flags3_threadpool.py", "LOCAL", ALL_LOCAL),
    skip: python.why,
  },
  {
    id: "anchor-deno",
    label: "anchor: Deno flags2:threadpool -s LOCAL -e -m 100",
    run: deno("LOCAL", [...await task("flags2:threadpool"), "-e", "-m", "100"]),
  },
  {
    id: "anchor-py",
    label: "anchor: Python flags2_threadpool.py -s LOCAL -e -m 100",
    run: py("flags2_threadpool.py", "LOCAL", ["-e", "-m", "100"]),
    skip: python.why,
  },
];

const samples = new Map<string, Sample[]>(cases.map((c) => [c.id, []]));
try {
  for (let r = 0; r < runs; r++) {
    for (const c of cases) if (!c.skip) samples.get(c.id)!.push(await c.run());
  }
} finally {
  await Deno.remove(seedDir, { recursive: true });
}

const fmt = (x: number) => `${x.toFixed(3)} s`;
const walls = (id: string) => samples.get(id)!.map((s) => s.wall);
const wall = (id: string) => median(walls(id));
const range = (xs: number[]) => `${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)}`;
const rows = cases.map((c) => {
  if (c.skip) return `| ${c.label} | skipped: ${c.skip} | | | | |`;
  const s = samples.get(c.id)!;
  const elapsed = s.every((x) => x.elapsed !== undefined)
    ? fmt(median(s.map((x) => x.elapsed!)))
    : "–";
  const peak = Math.max(...s.map((x) => x.peak));
  return `| ${c.label} | ${fmt(wall(c.id))} | ${range(walls(c.id))} | ${elapsed} | ${peak} | ${
    s[0].summary
  } |`;
});

/** Whether every run of `id` saved the same names as the first Python run of its listener. */
function sameNames(id: string, pyId: string): string {
  const py = samples.get(pyId)![0]?.files;
  if (py === undefined) return "";
  const same = samples.get(id)!.every((s) => s.files.join("\n") === py.join("\n"));
  return same ? ", the same file names as Python's" : " — **file names differ from Python's**";
}

const lines = [
  `flags2:asyncio and flags3 — ${new Date().toISOString()}, ${runs} runs (medians, ranges), ` +
  `Deno ${Deno.version.deno}, ${python.version ? `Python ${python.version}, ` : ""}` +
  `${navigator.hardwareConcurrency} CPUs, load ${loadAverage()}`,
  "",
  "| case | process (spawn → exit) | range | printed elapsed | peak in flight | result |",
  "|---|---|---|---|---|---|",
  ...rows,
  "",
  `- DELAY -e -m 1000: flags2:threadpool / flags2:asyncio = ` +
  `${(wall("f2-pool") / wall("f2-asyncio")).toFixed(2)}× (goal ≥ 1: asyncio no slower)`,
  `- DELAY -a -m 1000: flags3:asyncio ${fmt(wall("f3-asyncio-delay"))} end to end ` +
  `(goal ≤ 1.300 s; floor 1.0 s; a bare fetch loop ${fmt(wall("bare-delay"))})` +
  sameNames("f3-asyncio-delay", "py-delay"),
];
if (!python.why) {
  lines.push(
    `- DELAY -a -m 1000: Python flags3_threadpool.py ${fmt(wall("py-delay"))}, ` +
      `${(wall("py-delay") / wall("f3-asyncio-delay")).toFixed(1)}× flags3:asyncio's time`,
    `- LOCAL -a -m 100: Python / flags3:threadpool = ` +
      `${(wall("py-local") / wall("f3-pool-local")).toFixed(1)}× end to end (goal ≥ 4×)` +
      sameNames("f3-pool-local", "py-local"),
    `- anchor, the flags2 target of the same kind (≥ 4×, met at 5.4× on a quiet day): ` +
      `Python / flags2:threadpool -s LOCAL -e -m 100 = ` +
      `${(wall("anchor-py") / wall("anchor-deno")).toFixed(1)}× end to end in this run`,
  );
}
const report = lines.join("\n");
console.log(report);
if (out) {
  await Deno.writeTextFile(out, report + "\n");
  // Keep the committed report as `deno fmt` wants it (aligned table columns).
  await new Deno.Command(Deno.execPath(), { args: ["fmt", "-q", out] }).output();
}
