/**
 * LOCAL throughput of the flag server next to nginx and a bare `Deno.serve`, one GIF, same run.
 *
 * ```sh
 * deno run -A bench/server_throughput.ts [SECONDS]
 * ```
 *
 * Needs wrk and nginx (`apt-get install wrk nginx-light`). nginx runs on a free loopback port
 * from a temp folder and is stopped by its PID; so are the Deno servers.
 *
 * Besides requests/s it prints where the two cores went: the CPU time per request of the server
 * (all its processes and threads, user + system, from /proc) and of everything else (wrk,
 * mostly: the machine's busy time minus the server's). With both cores busy, requests/s is
 * about 2 s / (server + rest) per request, so a server can only beat nginx by the share of that
 * sum it saves.
 *
 * @module
 */

import { bundledGifFolder } from "../lib/server/images.ts";
import { missingCommand } from "./_common.ts";
import {
  cpuSeconds,
  freePort,
  machineBusySeconds,
  memoryMiB,
  processTree,
  startBareServer,
  type Started,
  startFlagServerTask,
  startNginx,
  wrk,
} from "./server_common.ts";

const missing = await missingCommand("wrk") ?? await missingCommand("nginx", "nginx-light");
if (missing !== undefined) {
  console.error(`${missing}: this benchmark needs wrk and nginx`);
  Deno.exit(1);
}
const seconds = Number(Deno.args[0] ?? 10);
const gifPath = `${bundledGifFolder()}/br.gif`;
const gif = await Deno.readFile(gifPath);
const path = "/flags/br/br.gif";

const started: Started[] = [];
try {
  const nginxPort = freePort();
  const nginx = await startNginx(nginxPort, { "flags/br/br.gif": gif });
  started.push(nginx);
  const free = ["--quiet", "--local-port=0", "--delay-port=0", "--error-port=0"];
  const flag = await startFlagServerTask([...free, "--local-threads=1"]);
  started.push(flag);
  const flag2 = await startFlagServerTask([...free, "--local-threads=2"]);
  started.push(flag2);
  const bare = await startBareServer(gifPath);
  started.push(bare);
  const targets: Record<string, { url: string; pid: number }> = {
    "nginx (2 workers)": { url: `http://127.0.0.1:${nginxPort}${path}`, pid: nginx.pid },
    "flag server LOCAL, 1 thread": { url: `${flag.urls.LOCAL}/br/br.gif`, pid: flag.pid },
    "flag server LOCAL, 2 threads": { url: `${flag2.urls.LOCAL}/br/br.gif`, pid: flag2.pid },
    "bare Deno.serve": { url: `http://127.0.0.1:${bare.port}${path}`, pid: bare.pid },
  };
  console.log(
    `wrk -t2 -d${seconds}s on one GIF (${gif.length} bytes), ${new Date().toISOString()}`,
  );
  console.log(
    "| connections | server | requests/s | errors | × nginx | server CPU µs/req | rest µs/req |",
  );
  console.log("|---:|---|---:|---:|---:|---:|---:|");
  for (const connections of [100, 1000]) {
    let nginxRps = 0;
    for (const [name, { url, pid }] of Object.entries(targets)) {
      await wrk(url, connections, 2); // warm-up
      const pids = await processTree(pid);
      const [server0, busy0] = [await cpuSeconds(pids), await machineBusySeconds()];
      const r = await wrk(url, connections, seconds);
      const [server1, busy1] = [await cpuSeconds(pids), await machineBusySeconds()];
      if (name.startsWith("nginx")) nginxRps = r.requestsPerSecond;
      const ratio = (r.requestsPerSecond / nginxRps).toFixed(2);
      const requests = r.requestsPerSecond * seconds;
      const perRequest = (cpu: number) => (cpu / requests * 1e6).toFixed(1);
      console.log(
        `| ${connections} | ${name} | ${
          Math.round(r.requestsPerSecond)
        } | ${r.errors} | ${ratio} | ${perRequest(server1 - server0)} | ${
          perRequest(busy1 - busy0 - (server1 - server0))
        } |`,
      );
    }
  }
  for (const [name, srv] of [["1 thread", flag], ["2 threads", flag2]] as const) {
    const stats = await (await fetch(new URL("/stats", srv.urls.LOCAL))).json();
    const mem = await memoryMiB(srv.pid);
    console.log(
      `flag server, ${name}: ${stats.LOCAL.requests} requests counted, ` +
        `statuses ${JSON.stringify(stats.LOCAL.statuses)}, peak RSS ${mem.peak.toFixed(0)} MiB`,
    );
  }
} finally {
  for (const s of started.reverse()) await s.stop();
}
