/**
 * Where the time of `flags2:threadpool -s URL -e -m 1000` goes: runs each given
 * checkout (a folder holding scripts/ and lib/) REPS times in turn against
 * bench/flags2_timeline_server.ts and prints medians, in seconds from spawn,
 * of the first and last request arrival at the server, the last response timer,
 * the process exit and the printed elapsed time.
 *
 * ```sh
 * deno run -A bench/flags2_timeline_server.ts 0.5 > /tmp/port &   # prints its port
 * flock /tmp/bench.lock deno run -A bench/flags2_delay_timeline.ts $(cat /tmp/port) 7 /path/to/old /work/main
 * ```
 *
 * @module
 */

const [port, reps, ...trees] = Deno.args;
const now = () => performance.timeOrigin + performance.now();
const rows: Record<string, number[][]> = {};
for (let k = 0; k < Number(reps); k++) {
  for (const t of trees) {
    await Deno.remove("/tmp/flags2_timeline_cwd/downloads", { recursive: true }).catch(() => {});
    await Deno.mkdir("/tmp/flags2_timeline_cwd/downloads", { recursive: true });
    const s = now();
    const out = await new Deno.Command("deno", {
      args: [
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
      ],
      cwd: "/tmp/flags2_timeline_cwd",
      stdout: "piped",
      stderr: "null",
    }).output();
    const e = now();
    const txt = new TextDecoder().decode(out.stdout);
    if (!/194 flags/.test(txt)) console.log("BAD", t, txt);
    const el = Number(txt.match(/Elapsed time: ([\d.]+)/)?.[1]);
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
const med = (x: number[]) => {
  const s = [...x].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
console.log(
  "tree".padEnd(20),
  "firstArr lastArr lastFire exit | elapsed  (medians, s from spawn)  exit-min",
);
for (const [t, r] of Object.entries(rows)) {
  console.log(
    t.padEnd(20),
    [0, 1, 2, 3, 4].map((i) => med(r.map((x) => x[i])).toFixed(3)).join("  "),
    " ",
    Math.min(...r.map((x) => x[3])).toFixed(3),
  );
}
