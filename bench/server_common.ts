/**
 * Helpers shared by the server benchmarks: free ports, child processes that
 * are stopped by their PID, the bare reference server, the flag server run with
 * its deno.json task flags, nginx on a private config, and wrk.
 *
 * @module
 */

import { join } from "node:path";
import { PROJECT_ROOT, taskCommand } from "../lib/project/deno_tasks.ts";
import { missingCommand } from "../lib/project/host_tools.ts";
import { fail } from "../lib/cli/fail.ts";

/** A started child process. */
export interface Started {
  /** The child's PID (the one that is signalled). */
  pid: number;
  /** The child's stdout lines so far. */
  lines: string[];
  /** Sends `signal` to the PID and waits for the exit. */
  stop(signal?: Deno.Signal): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (bound, then released). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  return port;
}

/**
 * Spawns `cmd args` and resolves once a stdout line matches `ready`
 * (or at once when `ready` is undefined). Rejects if it exits first.
 */
export async function start(
  cmd: string,
  args: string[],
  ready?: RegExp,
  env?: Record<string, string>,
): Promise<Started> {
  const child = new Deno.Command(cmd, {
    args,
    cwd: PROJECT_ROOT,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines: string[] = [];
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  let readyResolve: () => void = () => {};
  const isReady = new Promise<void>((resolve) => (readyResolve = resolve));
  if (ready === undefined) readyResolve();
  const pump = (async () => {
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      buffered += r.value;
      const parts = buffered.split("\n");
      buffered = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        if (ready?.test(line)) readyResolve();
      }
    }
  })();
  const exited = child.status.then(async (s) => {
    await pump;
    return s;
  });
  await Promise.race([
    isReady,
    exited.then((s) => Promise.reject(new Error(`${cmd} exited with ${s.code} before ready`))),
  ]);
  let stopping: Promise<void> | undefined;
  return {
    pid: child.pid,
    lines,
    stop: (signal = "SIGTERM") => {
      stopping ??= (async () => {
        try {
          Deno.kill(child.pid, signal);
        } catch { /* already gone */ }
        await exited;
      })();
      return stopping;
    },
  };
}

/** Waits (bounded) until something accepts connections on `port`. */
export async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  throw new Error(`nothing listens on port ${port}`);
}

/**
 * Starts bench/server_bare.ts serving `file`, each answer `delaySeconds` late (default 0), with
 * extra `runtimeFlags` for `deno run` (e.g. the flag server task's `--v8-flags=…`) and its
 * `touch` (see bench/server_bare.ts), and resolves once it accepts connections on its port.
 */
export async function startBareServer(
  file: string,
  delaySeconds = 0,
  runtimeFlags: readonly string[] = [],
  touch = "none",
): Promise<Started & { port: number }> {
  const proc = await start(Deno.execPath(), [
    "run",
    ...runtimeFlags,
    "--allow-net=127.0.0.1",
    "--allow-read",
    "bench/server_bare.ts",
    file,
    String(delaySeconds),
    touch,
  ], /^\d+$/);
  const port = Number(proc.lines[0]);
  await waitForPort(port);
  return { ...proc, port };
}

/**
 * Starts `server.ts` as `deno task server` would, with extra CLI `args` (under
 * `sh -c 'ulimit -n N; exec …'` when `ulimit` is given); returns its URLs too.
 */
export async function startFlagServerTask(
  args: string[],
  ulimit?: number,
): Promise<Started & { urls: Record<string, string> }> {
  const command = [Deno.execPath(), ...(await taskCommand("server")).args, ...args];
  const [cmd, ...cmdArgs] = ulimit === undefined
    ? command
    : ["sh", "-c", `ulimit -n ${ulimit} && exec "$0" "$@"`, ...command];
  const proc = await start(cmd, cmdArgs, /^ERROR /);
  const urls: Record<string, string> = {};
  for (const line of proc.lines) {
    const m = /^(LOCAL|DELAY|ERROR) +(\S+)\/$/.exec(line);
    if (m) urls[m[1]] = m[2];
  }
  return { ...proc, urls };
}

/** The PID and its descendants (nginx: the master and its workers), from /proc. */
export async function processTree(pid: number): Promise<number[]> {
  const tree = [pid];
  for (let k = 0; k < tree.length; k++) {
    const children = await Deno.readTextFile(`/proc/${tree[k]}/task/${tree[k]}/children`)
      .catch(() => "");
    tree.push(...children.split(" ").filter(Boolean).map(Number));
  }
  return tree;
}

const TICKS_PER_SECOND = 100; // USER_HZ: what /proc reports times in on Linux

/** CPU seconds (user + system, all threads) the processes have used so far, from /proc. */
export async function cpuSeconds(pids: number[]): Promise<number> {
  let ticks = 0;
  for (const pid of pids) {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
  }
  return ticks / TICKS_PER_SECOND;
}

/**
 * CPU seconds the whole machine has been busy so far (all cores), from /proc/stat. Steal time
 * is left out: it is time the host ran something else, not work done here.
 */
export async function machineBusySeconds(): Promise<number> {
  const line = (await Deno.readTextFile("/proc/stat")).split("\n")[0];
  const [user, nice, system, , , irq, softirq] = line.split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq) / TICKS_PER_SECOND;
}

/** Peak and current resident memory of a process, in MiB, from /proc. */
export async function memoryMiB(pid: number): Promise<{ peak: number; now: number }> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1]);
  return { peak: kb("VmHWM") / 1024, now: kb("VmRSS") / 1024 };
}

/**
 * Starts nginx (2 workers, open_file_cache on, keepalive_requests raised)
 * serving `files` (relative path → bytes) on 127.0.0.1:`port`, from a temp
 * folder; stop() stops it by its master PID and removes the folder.
 */
export async function startNginx(
  port: number,
  files: Record<string, Uint8Array>,
): Promise<Started> {
  const dir = await Deno.makeTempDir({ prefix: "bench_nginx_" });
  await Deno.chmod(dir, 0o755);
  for (const [path, bytes] of Object.entries(files)) {
    const full = join(dir, "www", path);
    await Deno.mkdir(join(full, ".."), { recursive: true }); // 0755 under the usual umask
    await Deno.writeFile(full, bytes, { mode: 0o644 });
  }
  const conf = `
worker_processes 2;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  types { image/gif gif; }
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  open_file_cache max=1000 inactive=60s;
  open_file_cache_valid 60s;
  keepalive_requests 1000000;
  keepalive_timeout 65;
  server {
    listen 127.0.0.1:${port} backlog=4096;
    root ${dir}/www;
  }
}
`;
  await Deno.writeTextFile(join(dir, "nginx.conf"), conf);
  const proc = await start("nginx", [
    "-p",
    dir,
    "-c",
    join(dir, "nginx.conf"),
    "-e",
    join(dir, "error.log"),
  ]);
  await waitForPort(port);
  return {
    ...proc,
    stop: async () => {
      await proc.stop("SIGQUIT");
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** One wrk run's result. */
export interface WrkResult {
  requestsPerSecond: number;
  /** Requests completed. */
  requests: number;
  /** Socket errors plus non-2xx/3xx responses. */
  errors: number;
  /** The same in wrk's words: `socket connect 0, read 0, write 0, timeout 3; non-2xx 0`. */
  errorText: string;
  raw: string;
}

/** Runs `wrk -t2 -c<connections> -d<seconds>s [extra…] url`. */
export async function wrk(
  url: string,
  connections: number,
  seconds: number,
  extra: readonly string[] = [],
): Promise<WrkResult> {
  const out = await new Deno.Command("wrk", {
    args: ["-t2", `-c${connections}`, `-d${seconds}s`, ...extra, url],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const raw = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`wrk failed: ${raw}`);
  return parseWrk(raw);
}

/** Reads wrk's report (its stdout and stderr). */
export function parseWrk(raw: string): WrkResult {
  const socket = /Socket errors: (connect (\d+), read (\d+), write (\d+), timeout (\d+))/.exec(raw);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(raw)?.[1] ?? 0);
  const socketErrors = socket ? socket.slice(2).reduce((a, b) => a + Number(b), 0) : 0;
  return {
    requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(raw)?.[1]),
    requests: Number(/(\d+) requests in/.exec(raw)?.[1]),
    errors: non2xx + socketErrors,
    errorText: `socket ${socket?.[1] ?? "none"}; non-2xx ${non2xx}`,
    raw,
  };
}

/** What {@linkcode holdAndMeasure} saw. */
export interface MemoryTurn {
  /** Resident memory after one request, MiB. */
  idle: number;
  /** Peak resident memory (VmHWM) after the load, MiB. */
  peak: number;
  /** `peak - idle`: what the load cost, MiB. */
  growth: number;
  /** Requests wrk completed. */
  requests: number;
  /** wrk's socket errors and non-2xx count. */
  errors: string;
  /** wrk's 50th and 99th percentile latencies. */
  latency: string;
}

/**
 * Sends one request to `url`, reads the idle memory of `pid`, then holds `connections`
 * connections on `url` for `seconds` with `wrk -t2 --latency --timeout 5s` and reads its peak.
 */
export async function holdAndMeasure(
  pid: number,
  url: string,
  connections: number,
  seconds: number,
): Promise<MemoryTurn> {
  await (await fetch(url)).bytes();
  const idle = (await memoryMiB(pid)).now;
  const run = await wrk(url, connections, seconds, ["--timeout", "5s", "--latency"]);
  const peak = (await memoryMiB(pid)).peak;
  const pct = (p: string) => new RegExp(`^\\s+${p}%\\s+(\\S+)`, "m").exec(run.raw)?.[1] ?? "?";
  return {
    idle,
    peak,
    growth: peak - idle,
    requests: run.requests,
    errors: run.errorText,
    latency: `p50 ${pct("50")}, p99 ${pct("99")}`,
  };
}

/** The `ulimit -n` of this process (from /proc/self/limits). */
async function openFileLimit(): Promise<number> {
  const limits = await Deno.readTextFile("/proc/self/limits");
  return Number(/Max open files\s+(\d+)/.exec(limits)?.[1]);
}

/**
 * Exits with one line naming `bench` when this process may not open `descriptors` files
 * (`ulimit -n`) or `command` is missing.
 */
export async function requireLoadTools(
  bench: string,
  descriptors: number,
  command: string,
): Promise<void> {
  const limit = await openFileLimit();
  const why = limit < descriptors
    ? `ulimit -n is ${limit}; raise it above ${descriptors}`
    : await missingCommand(command);
  if (why !== undefined) fail(`${bench}: ${why}`);
}
