/**
 * The flags2 series against the seed's Python and wrk, side by side in one run.
 *
 * ```sh
 * bash bench/flags2_compare.sh [--runs 5] [--out bench/flags2_results.md]
 * ```
 *
 * (the shell script raises `ulimit -n`, takes `/tmp/bench.lock` and runs this
 * file with its permissions). It starts the flag server in-process on free
 * ports (DELAY: every response 0.5 s late, the book's setting), then, `--runs`
 * times, in turn:
 *
 * - `deno task flags2:threadpool -s LOCAL -e -m 100` (676 requests), with
 *   exactly the task's flags from deno.json and the URL of the LOCAL listener;
 * - the seed's `flags2_threadpool.py` with the same arguments (extracted from
 *   the seed notebook at bench time, run by bench/flags2_seed_runner.py on a
 *   Python with requests and tqdm, Debian's `/usr/bin/python3` preferred);
 * - bench/flags2_bare_fetch.ts: the same requests and writes with nothing but
 *   fetch (the floor for Deno's fetch on this machine);
 * - wrk making the same 676 requests over 100 connections (a Lua script that
 *   exits when the 676th response arrives);
 * - `-s DELAY -e -m 1000` for the Deno task, the bare loop and the Python script.
 *
 * Each child runs in a fresh temporary folder. Reported per case: the median
 * whole-process time (spawn to exit, runtime start-up included), the median
 * "Elapsed time" the script prints, and for DELAY the server's peak of
 * requests in flight. The table goes to stdout and to `--out`.
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
import { taskCommand } from "../lib/project/deno_tasks.ts";
import { findPython, median, missingCommand } from "./_common.ts";
import { writeSeedPython } from "./_seed.ts";

const BARE = bareFetch("flags2_bare_fetch.ts");

const WRK_LUA = `
local paths = {}
for a = 65, 90 do
  for b = 65, 90 do
    local cc = string.lower(string.char(a, b))
    paths[#paths + 1] = "/flags/" .. cc .. "/" .. cc .. ".gif"
  end
end
local sent, received = 0, 0
request = function()
  sent = sent + 1
  return wrk.format("GET", paths[((sent - 1) % #paths) + 1])
end
response = function()
  received = received + 1
  if received == #paths then
    io.write(string.format("%d responses\\n", received))
    io.flush()
    os.exit(0)
  end
end
`;

interface Sample extends ClientRun {
  peak?: number;
}

const { runs, out } = runsArgs();

const python = await findPython(["requests", "tqdm"]);
const wrkMissing = await missingCommand("wrk");
const deno = (await taskCommand("flags2:threadpool")).argsFromAnywhere;
const seedDir = await Deno.makeTempDir({ prefix: "flags2_seed_" });
await writeSeedPython(seedDir, [
  "flags2_common.py",
  "flags2_sequential.py",
  "flags2_threadpool.py",
]);
const SEED_SCRIPT = join(seedDir, "flags2_threadpool.py");
const luaFile = await Deno.makeTempFile({ suffix: ".lua" });
await Deno.writeTextFile(luaFile, WRK_LUA);

await using srv = await bookServer();

type Case = { id: string; label: string; run: () => Promise<Sample>; skip?: string };
const withPeak = async (sample: () => Promise<Sample>): Promise<Sample> => {
  srv.resetStats();
  const s = await sample();
  return { ...s, peak: srv.stats().DELAY.peakInFlight };
};
const cases: Case[] = [
  {
    id: "deno-local",
    label: "Deno flags2:threadpool -s LOCAL -e -m 100",
    run: () => runClient(Deno.execPath(), [...deno, "-s", srv.urls.LOCAL, "-e", "-m", "100"]),
  },
  {
    id: "py-local",
    label: "Python flags2_threadpool.py -s LOCAL -e -m 100",
    run: () =>
      runClient(python.path!, [SEED_RUNNER, SEED_SCRIPT, "-s", "LOCAL", "-e", "-m", "100"], {
        FLAGS2_LOCAL: srv.urls.LOCAL,
      }),
    skip: python.why,
  },
  {
    id: "bare-local",
    label: "bare Deno fetch loop, 100 at a time (floor)",
    run: () => runClient(Deno.execPath(), [...BARE, srv.urls.LOCAL, "100"]),
  },
  {
    id: "wrk",
    label: "wrk -t1 -c100, the same 676 requests",
    run: () =>
      runClient("wrk", [
        "-t1",
        "-c100",
        "-d10s",
        "-s",
        luaFile,
        srv.urls.LOCAL.replace(/\/flags$/, ""),
      ]),
    skip: wrkMissing,
  },
  {
    id: "deno-delay",
    label: "Deno flags2:threadpool -s DELAY -e -m 1000",
    run: () =>
      withPeak(() =>
        runClient(Deno.execPath(), [...deno, "-s", srv.urls.DELAY, "-e", "-m", "1000"])
      ),
  },
  {
    id: "bare-delay",
    label: "bare Deno fetch loop, 1000 at a time (floor)",
    run: () => withPeak(() => runClient(Deno.execPath(), [...BARE, srv.urls.DELAY, "1000"])),
  },
  {
    id: "py-delay",
    label: "Python flags2_threadpool.py -s DELAY -e -m 1000",
    run: () =>
      withPeak(() =>
        runClient(python.path!, [SEED_RUNNER, SEED_SCRIPT, "-s", "DELAY", "-e", "-m", "1000"], {
          FLAGS2_DELAY: srv.urls.DELAY,
        })
      ),
    skip: python.why,
  },
];

const samples = new Map<Case, Sample[]>(cases.map((c) => [c, []]));
try {
  for (let r = 0; r < runs; r++) {
    for (const c of cases) if (!c.skip) samples.get(c)!.push(await c.run());
  }
} finally {
  await Deno.remove(luaFile);
  await Deno.remove(seedDir, { recursive: true });
}

const fmt = (x: number | undefined) => (x === undefined ? "–" : `${x.toFixed(3)} s`);
const rows = cases.map((c) => {
  const s = samples.get(c)!;
  if (c.skip) return `| ${c.label} | skipped: ${c.skip} | | | |`;
  const elapsed = s.every((x) => x.elapsed !== undefined)
    ? median(s.map((x) => x.elapsed!))
    : undefined;
  const peak = s[0].peak === undefined ? "–" : String(Math.max(...s.map((x) => x.peak!)));
  return `| ${c.label} | ${fmt(median(s.map((x) => x.wall)))} | ${fmt(elapsed)} | ${peak} | ${
    s[0].summary
  } |`;
});
const medianOf = (id: string, pick: (s: Sample) => number | undefined): number => {
  const c = cases.find((c) => c.id === id)!;
  return median(samples.get(c)!.map((s) => pick(s) ?? NaN));
};
const wall = (id: string) => medianOf(id, (s) => s.wall);
const el = (id: string) => medianOf(id, (s) => s.elapsed);
const ratios = python.why ? [] : [
  "",
  `- LOCAL -e -m 100: Python / Deno = ${(wall("py-local") / wall("deno-local")).toFixed(1)}× ` +
  `end to end, ${(el("py-local") / el("deno-local")).toFixed(1)}× on the printed elapsed time.`,
  `- DELAY -e -m 1000: Deno ${fmt(wall("deno-delay"))} end to end (goal < 0.800 s), ` +
  `Python ${fmt(wall("py-delay"))}.`,
];
const report = [
  `flags2 comparison — ${new Date().toISOString()}, ${runs} runs (medians), ` +
  `Deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} CPUs`,
  "",
  "| case | process (spawn → exit) | printed elapsed | peak in flight (DELAY) | result |",
  "|---|---|---|---|---|",
  ...rows,
  ...ratios,
].join("\n");
console.log(report);
if (out) {
  await Deno.writeTextFile(out, report + "\n");
  // Keep the committed report as `deno fmt` wants it (aligned table columns).
  await new Deno.Command(Deno.execPath(), { args: ["fmt", "-q", out] }).output();
}
