/**
 * Where the time of `flags2:threadpool -s URL -e -m 1000` goes: starts
 * bench/flags2_timeline_server.ts (every response 0.5 s late), runs each given checkout (a
 * folder holding scripts/ and lib/) REPS times in turn against it, and prints medians, in
 * seconds from spawn, of the first and last request arrival at the server, the last response
 * timer, the process exit and the printed elapsed time, then the quickest exit.
 *
 * ```sh
 * deno run --allow-read --allow-write --allow-net=127.0.0.1 --allow-run \
 *   bench/flags2_delay_timeline.ts REPS CHECKOUT...   # e.g. 7 /path/to/old /work/main
 * ```
 *
 * @module
 */
import { join } from "node:path";
import { median, timed } from "./_common.ts";
import { start } from "./server_common.ts";

const [reps, ...trees] = Deno.args;
if (!(Number(reps) >= 1) || trees.length === 0) {
  console.error("usage: flags2_delay_timeline.ts REPS CHECKOUT...");
  Deno.exit(1);
}
const now = () => performance.timeOrigin + performance.now();
const server = await start(Deno.execPath(), [
  "run",
  "--allow-net=127.0.0.1",
  "bench/flags2_timeline_server.ts",
  "0.5",
], /^\d+$/);
const port = server.lines[0];
const cwd = await Deno.makeTempDir({ prefix: "flags2_timeline_" });
const downloads = join(cwd, "downloads");
const rows: Record<string, number[][]> = {};
try {
  for (let k = 0; k < Number(reps); k++) {
    for (const t of trees) {
      await Deno.remove(downloads, { recursive: true }).catch(() => {});
      await Deno.mkdir(downloads);
      const s = now();
      const { stdout } = await timed(Deno.execPath(), [
        "run",
        "--allow-net=127.0.0.1,localhost",
        "--allow-read=downloads",
        "--allow-write=downloads",
        `${t}/scripts/flags2_threadpool.ts`,
        "-s",
        `http://127.0.0.1:${port}/flags`,
        "-e",
        "-m",
        "1000",
      ], { cwd });
      const e = now();
      if (!/194 flags/.test(stdout)) console.log("BAD", t, stdout);
      const el = Number(stdout.match(/Elapsed time: ([\d.]+)/)?.[1]);
      const tl = await (await fetch(`http://127.0.0.1:${port}/timeline`)).json();
      const a = (tl.arrivals as number[]).sort((x, y) => x - y),
        f = (tl.fires as number[]).sort((x, y) => x - y);
      (rows[t] ??= []).push([
        (a[0] - s) / 1000,
        (a.at(-1)! - s) / 1000,
        (f.at(-1)! - s) / 1000,
        (e - s) / 1000,
        el,
      ]);
    }
  }
} finally {
  await server.stop();
  await Deno.remove(cwd, { recursive: true });
}
console.log(
  "tree".padEnd(20),
  "firstArr lastArr lastFire exit | elapsed  (medians, s from spawn)  exit-min",
);
for (const [t, r] of Object.entries(rows)) {
  console.log(
    t.padEnd(20),
    [0, 1, 2, 3, 4].map((i) => median(r.map((x) => x[i])).toFixed(3)).join("  "),
    " ",
    Math.min(...r.map((x) => x[3])).toFixed(3),
  );
}
