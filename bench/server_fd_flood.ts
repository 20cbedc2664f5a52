/**
 * Out of file descriptors: the flag server task runs under `ulimit -n 1024` and gets
 * `wrk -t2 -c1100 -d5s` on DELAY (the flood of the hostile-world issue), then 1,100 idle
 * connections held for 3 s. After each flood: is the process alive, how long until each
 * listener answers again (its `/stats`, which is never delayed, polled every 10 ms from the
 * moment the flood ends), and the outages /stats counted. ROUNDS times.
 *
 * ```sh
 * deno run -A bench/server_fd_flood.ts [ROUNDS]
 * ```
 *
 * `-A`: it runs `sh` and `wrk` and reads /proc. Needs `wrk` and this process's `ulimit -n` above
 * 1,200 (the floods run from here).
 *
 * @module
 */

import { requireLoadTools, startFlagServerTask } from "./server_common.ts";
import { median } from "./_common.ts";
import { LISTENERS } from "../lib/server/stats.ts";

const rounds = Number(Deno.args[0] ?? 3);
const LIMIT = 1024;
const FLOOD = 1100;
await requireLoadTools("server_fd_flood", FLOOD + 100, "wrk");

/** Milliseconds until `url` answers 200, polling every 10 ms (gives up after 10 s). */
async function recovery(url: string): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < 10_000) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      if (res.status === 200) return performance.now() - t0;
    } catch { /* not yet */ }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Infinity;
}

/** `wrk -c1100` on `url` for 5 s. */
async function wrkFlood(url: string): Promise<void> {
  await new Deno.Command("wrk", {
    args: ["-t2", `-c${FLOOD}`, "-d5s", "--timeout", "5s", url],
    stdout: "null",
    stderr: "null",
  }).output();
}

/** 1,100 idle connections to `url`'s port, held for 3 s. */
async function idleFlood(url: string): Promise<void> {
  const port = Number(new URL(url).port);
  const conns: Deno.TcpConn[] = [];
  for (let i = 0; i < FLOOD; i++) {
    try {
      conns.push(await Deno.connect({ hostname: "127.0.0.1", port }));
    } catch {
      break;
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 3000));
  for (const conn of conns) conn.close();
}

const times: Record<string, number[]> = {};
console.log(`ulimit -n ${LIMIT} for the server, floods of ${FLOOD}; ${new Date().toISOString()}`);
for (let r = 0; r < rounds; r++) {
  for (const [name, flood] of [["wrk -c1100", wrkFlood], ["1,100 idle", idleFlood]] as const) {
    const srv = await startFlagServerTask(
      ["--quiet", "--local-port=0", "--delay-port=0", "--error-port=0"],
      LIMIT,
    );
    try {
      await flood(`${srv.urls.DELAY}/br/br.gif`);
      const ms = await Promise.all(
        LISTENERS.map((l) => recovery(new URL("/stats", srv.urls[l]).href)),
      );
      const alive = await Deno.readTextFile(`/proc/${srv.pid}/status`).then(
        () => true,
        () => false,
      );
      const stats = await (await fetch(new URL("/stats", srv.urls.LOCAL))).json();
      const outages = LISTENERS.map((l) => stats[l].outages).join("/");
      (times[name] ??= []).push(Math.max(...ms));
      console.log(
        `${name}: alive ${alive}; answering again after LOCAL/DELAY/ERROR ` +
          `${ms.map((m) => m.toFixed(0)).join("/")} ms; outages ${outages}`,
      );
    } finally {
      await srv.stop();
    }
  }
}
for (const [name, list] of Object.entries(times)) {
  console.log(
    `${name}: all three listeners answer again ${Math.min(...list).toFixed(0)}–` +
      `${Math.max(...list).toFixed(0)} ms after the flood ends (median ${median(list).toFixed(0)})`,
  );
}
