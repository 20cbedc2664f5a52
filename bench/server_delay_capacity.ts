/**
 * Memory at N (default 10,000) truly concurrent delayed requests: `wrk -c N` holds N
 * connections, each always waiting for its next 0.5 s response, against the flag server's
 * DELAY listener and against a bare 0.5 s `Deno.serve` (bench/server_bare.ts) — run as is, and
 * with the V8 flags of the server task (`--max-semi-space-size=8`) — in turns in one run. Each
 * server is started fresh for its turn; the table gives its resident memory idle (after one
 * request), at its peak (VmHWM) and the growth between them — what the N waiting requests
 * cost — and the peak in flight (the flag server's from /stats: it must reach N). Then the idle
 * memory of the flag server with 1, 2 and 4 LOCAL threads: what a LOCAL thread costs idle.
 *
 * ```sh
 * deno run -A bench/server_delay_capacity.ts [N] [ROUNDS] [SERVER_ARGS...]   # e.g. 10000 2 --local-threads=1
 * ```
 *
 * `-A`: Deno grants `/proc/<pid>/status` and `/proc/self/limits` to no narrower flag. By default
 * the server runs as `deno task server` does. Each process needs about N file descriptors, so
 * `ulimit -n` must be above N + 1000. Needs `wrk` (Debian: `apt-get install wrk`).
 *
 * @module
 */

import { bundledGifFolder } from "../lib/server/images.ts";
import {
  holdAndMeasure,
  memoryMiB,
  type MemoryTurn,
  requireLoadTools,
  startBareServer,
  type Started,
  startFlagServerTask,
} from "./server_common.ts";
import { median } from "./_common.ts";
import { taskCommand } from "../lib/project/deno_tasks.ts";

const count = Number(Deno.args[0] ?? 10_000);
const rounds = Number(Deno.args[1] ?? 2);
const serverArgs = Deno.args.slice(2);
const delay = 0.5;
const seconds = 8;
await requireLoadTools("server_delay_capacity", count + 1000, "wrk");

interface Turn extends MemoryTurn {
  peakInFlight: number;
}

type Kind = "bare" | "bare, task's V8 flags" | "flag";

/** The task's `--v8-flags=…`, for the bare server's second kind of turn. */
const v8Flags = (await taskCommand("server")).permissions.filter((f) => f.startsWith("--v8-flags"));

/** Starts the flag server task with the bench's settings and `args`. */
function startFlag(args: string[]) {
  return startFlagServerTask([
    "--quiet",
    "--local-port=0",
    "--delay-port=0",
    "--error-port=0",
    `--delay=${delay}`,
    ...args,
  ]);
}

/** One turn: a fresh server, one request, idle memory, the load, peak memory. */
async function turn(kind: Kind): Promise<Turn> {
  let server: Started;
  let url: string;
  let statsUrl: URL | undefined;
  if (kind !== "flag") {
    const flags = kind === "bare" ? [] : v8Flags;
    const bare = await startBareServer(`${bundledGifFolder()}/br.gif`, delay, flags);
    server = bare;
    url = `http://127.0.0.1:${bare.port}/flags/br/br.gif`;
  } else {
    const flag = await startFlag(serverArgs);
    server = flag;
    url = `${flag.urls.DELAY}/br/br.gif`;
    statsUrl = new URL("/stats", flag.urls.LOCAL);
  }
  try {
    const measured = await holdAndMeasure(server.pid, url, count, seconds);
    let peakInFlight = NaN;
    if (statsUrl) peakInFlight = (await (await fetch(statsUrl)).json()).DELAY.peakInFlight;
    await server.stop();
    if (kind !== "flag") {
      peakInFlight = Number(/peak in flight (\d+)/.exec(server.lines.join("\n"))?.[1]);
    }
    return { ...measured, peakInFlight };
  } finally {
    await server.stop();
  }
}

console.log(
  `${count} connections, each waiting for ${delay} s answers, ${seconds} s per turn; ` +
    `${new Date().toISOString()}; flag server args: ${serverArgs.join(" ") || "(as the task)"}`,
);
console.log(
  "| server | idle RSS MiB | peak RSS MiB | growth MiB | peak in flight | requests | errors | latency |",
);
console.log("|---|---:|---:|---:|---:|---:|---|---|");
const kinds: Kind[] = ["bare", "flag", "bare, task's V8 flags"];
const turns = new Map<Kind, Turn[]>(kinds.map((kind) => [kind, []]));
for (let r = 0; r < rounds; r++) {
  for (const kind of r % 2 ? kinds.toReversed() : kinds) {
    const t = await turn(kind);
    turns.get(kind)!.push(t);
    console.log(
      `| ${kind === "flag" ? "flag server DELAY" : `${kind} Deno.serve`} | ${
        t.idle.toFixed(0)
      } | ` +
        `${t.peak.toFixed(0)} | ${t.growth.toFixed(0)} | ${t.peakInFlight} | ${t.requests} | ` +
        `${t.errors} | ${t.latency} |`,
    );
  }
}
const med = (kind: Kind, key: "growth" | "idle" | "peak") =>
  median(turns.get(kind)!.map((t) => t[key]));
for (const bare of ["bare", "bare, task's V8 flags"] as const) {
  console.log(
    `flag / ${bare}, medians: growth ${
      (med("flag", "growth") / med(bare, "growth")).toFixed(2)
    }x ` +
      `(target <= 1.05), idle ${(med("flag", "idle") / med(bare, "idle")).toFixed(2)}x, ` +
      `peak ${(med("flag", "peak") / med(bare, "peak")).toFixed(2)}x`,
  );
}
console.log(
  "growth per waiting request (KiB): " +
    kinds.map((kind) => `${kind} ${(med(kind, "growth") * 1024 / count).toFixed(1)}`).join(", "),
);
const idleByThreads: string[] = [];
for (const threads of [1, 2, 4]) {
  const flag = await startFlag([`--local-threads=${threads}`]);
  try {
    await (await fetch(`${flag.urls.LOCAL}/br/br.gif`)).bytes();
    idleByThreads.push(`${threads}: ${(await memoryMiB(flag.pid)).now.toFixed(0)} MiB`);
  } finally {
    await flag.stop();
  }
}
console.log(`flag server idle RSS by LOCAL threads: ${idleByThreads.join(", ")}`);
