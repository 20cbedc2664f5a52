/**
 * Slowloris: do normal requests keep answering while 5,000 connections (default) hold the flag
 * server's LOCAL port with request heads they never finish (a header line every second)? In one
 * run, ROUNDS times: the latency of 60 `curl` GETs of a flag on LOCAL, one every 100 ms, with
 * no other load, then the same while the slowloris holds its connections; and the server's
 * resident memory before and during. Prints p50 and max of each.
 * Deno.serve in 2.9 has no header timeout (denoland/deno#3515), so the half-sent connections
 * stay open until their clients leave; this measures what that costs the others.
 *
 * ```sh
 * deno run -A bench/server_slowloris.ts [CONNECTIONS] [ROUNDS]
 * ```
 *
 * `-A`: it runs the server task and `curl`. Needs `ulimit -n` above CONNECTIONS + 1000.
 *
 * @module
 */

import { memoryMiB, requireLoadTools, startFlagServerTask } from "./server_common.ts";
import { median } from "./_common.ts";

const connections = Number(Deno.args[0] ?? 5000);
const rounds = Number(Deno.args[1] ?? 3);
const REQUESTS = 60;
const PACE_MS = 100; // one GET every 100 ms: the slowloris trickles about 6 times meanwhile
await requireLoadTools("server_slowloris", connections + 1000, "curl");

/** Latencies (ms) of `REQUESTS` sequential curl GETs of `url`; throws on anything but 200. */
async function curlLatencies(url: string): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const out = await new Deno.Command("curl", {
      args: ["-s", "-o", "/dev/null", "-m", "30", "-w", "%{http_code} %{time_total}", url],
      stdout: "piped",
    }).output();
    const [code, seconds] = new TextDecoder().decode(out.stdout).split(" ");
    if (code !== "200") throw new Error(`curl got ${code} from ${url}`);
    ms.push(Number(seconds) * 1000);
    await new Promise((resolve) => setTimeout(resolve, PACE_MS));
  }
  return ms;
}

/** Opens `connections` half-sent requests to `url`'s port and trickles a header line a second. */
async function slowloris(url: string): Promise<() => void> {
  const port = Number(new URL(url).port);
  const encoder = new TextEncoder();
  const conns: Deno.TcpConn[] = [];
  for (let i = 0; i < connections; i++) {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    await conn.write(encoder.encode("GET /flags/br/br.gif HTTP/1.1\r\nHost: x\r\n"));
    conns.push(conn);
  }
  const line = encoder.encode("X-Slow: 1\r\n");
  let i = 0;
  const timer = setInterval(() => {
    for (const conn of conns) conn.write(line).catch(() => {});
    i++;
  }, 1000);
  return () => {
    clearInterval(timer);
    for (const conn of conns) conn.close();
    console.log(`  (the slowloris wrote ${i} header lines on each of its ${conns.length})`);
  };
}

const format = (ms: number[]) =>
  `p50 ${median(ms).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms`;
console.log(
  `${REQUESTS} curl GETs on LOCAL, alone and during a ${connections}-connection slowloris; ` +
    new Date().toISOString(),
);
const srv = await startFlagServerTask([
  "--quiet",
  "--local-port=0",
  "--delay-port=0",
  "--error-port=0",
]);
try {
  const url = `${srv.urls.LOCAL}/br/br.gif`;
  const alone: number[] = [];
  const during: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const quiet = await curlLatencies(url);
    alone.push(...quiet);
    const before = (await memoryMiB(srv.pid)).now;
    const stop = await slowloris(url);
    let loaded: number[];
    let held: number;
    try {
      loaded = await curlLatencies(url);
      held = (await memoryMiB(srv.pid)).now;
    } finally {
      stop();
    }
    during.push(...loaded);
    console.log(
      `round ${r + 1}: alone ${format(quiet)}; during the slowloris ${format(loaded)}; ` +
        `server RSS ${before.toFixed(0)} MiB before, ${held.toFixed(0)} MiB during`,
    );
  }
  console.log(`all rounds: alone ${format(alone)}; during the slowloris ${format(during)}`);
  const stats = await (await fetch(new URL("/stats", srv.urls.LOCAL))).json();
  console.log(`LOCAL /stats: ${stats.LOCAL.requests} requests, ${stats.LOCAL.inFlight} in flight`);
} finally {
  await srv.stop();
}
