/**
 * DELAY capacity: N (default 10,000) concurrent requests with a 0.5 s delay against the flag
 * server's DELAY listener, and the same client against a bare 0.5 s `Deno.serve`, in one run.
 *
 * ```sh
 * deno run -A bench/server_delay_capacity.ts [N] [SERVER_ARGS...]   # e.g. 10000 --local-threads=1
 * ```
 *
 * `-A`: Deno grants `/proc/self/limits` (the `ulimit -n` check) to no narrower flag. By
 * default the server runs as `deno task server` does. The client and both servers are separate
 * processes (stopped by their PIDs); each needs about N file descriptors, so `ulimit -n` must be
 * above N + 1000.
 *
 * @module
 */

import { bundledGifFolder } from "../lib/server/images.ts";
import { memoryMiB, startBareServer, type Started, startFlagServerTask } from "./server_common.ts";
import { timed } from "./_common.ts";

const count = Number(Deno.args[0] ?? 10_000);
const delay = 0.5;
const limits = await Deno.readTextFile("/proc/self/limits");
const nofile = Number(/Max open files\s+(\d+)/.exec(limits)?.[1]);
if (nofile < count + 1000) {
  console.error(
    `ulimit -n is ${nofile}; raise it above ${count + 1000} (ulimit -n ${count + 5000})`,
  );
  Deno.exit(1);
}

interface ClientResult {
  wall: number;
  errors: number;
  minMs: number;
  maxMs: number;
  statuses: Record<string, number>;
}

/** One run of bench/server_delay_client.ts against `url`. */
async function runClient(url: string): Promise<ClientResult> {
  const client = ["run", "--allow-net=127.0.0.1", "bench/server_delay_client.ts", url, `${count}`];
  return JSON.parse((await timed(Deno.execPath(), client)).stdout);
}

const started: Started[] = [];
try {
  const bare = await startBareServer(`${bundledGifFolder()}/br.gif`, delay);
  started.push(bare);
  const flag = await startFlagServerTask([
    "--quiet",
    "--local-port=0",
    "--delay-port=0",
    "--error-port=0",
    `--delay=${delay}`,
    ...Deno.args.slice(1),
  ]);
  started.push(flag);
  const targets = [
    ["bare Deno.serve, 0.5 s", `http://127.0.0.1:${bare.port}/flags/br/br.gif`, bare.pid],
    ["flag server DELAY", `${flag.urls.DELAY}/br/br.gif`, flag.pid],
  ] as const;
  console.log(`${count} concurrent requests, one connection each, ${new Date().toISOString()}`);
  console.log(
    "| server | wall s | errors | min latency ms | max latency ms | server peak RSS MiB |",
  );
  console.log("|---|---:|---:|---:|---:|---:|");
  const walls = [0, 0];
  for (const i of [0, 1, 1, 0]) { // each twice, in an order that cancels drift in the load
    const [name, url, pid] = targets[i];
    const r = await runClient(url);
    walls[i] += r.wall;
    const mem = await memoryMiB(pid);
    console.log(
      `| ${name} | ${r.wall.toFixed(2)} | ${r.errors} | ${r.minMs.toFixed(0)} | ` +
        `${r.maxMs.toFixed(0)} | ${mem.peak.toFixed(0)} |`,
    );
    if (r.errors > 0) console.log(`  statuses: ${JSON.stringify(r.statuses)}`);
  }
  const stats = await (await fetch(new URL("/stats", flag.urls.LOCAL))).json();
  console.log(
    `flag server /stats DELAY (both runs): ${stats.DELAY.requests} requests, ` +
      `statuses ${
        JSON.stringify(stats.DELAY.statuses)
      }, peak in-flight ${stats.DELAY.peakInFlight}`,
  );
  console.log(
    `total wall time ratio flag/bare: ${(walls[1] / walls[0]).toFixed(2)} (target <= 1.25)`,
  );
} finally {
  for (const s of started.reverse()) await s.stop();
}
