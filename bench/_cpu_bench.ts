/**
 * Helpers shared by the CPU benchmark reports (bench/cpu_scaling.ts, bench/cpu_vs_python.ts,
 * bench/cpu_throughput.ts): time whole processes, take medians.
 *
 * @module
 */

/** The repository root. */
export const ROOT: URL = new URL("../", import.meta.url);

/** One timed process run. */
export interface Run {
  /** Spawn to exit, in seconds: runtime start-up included. */
  wall: number;
  /** The time the program printed about itself (`… time: 0.93s`), in seconds. */
  reported: number;
  /** Its stdout. */
  stdout: string;
}

/** Runs `command args` in `cwd` (default: the repository root) and times it; throws on failure. */
export async function timeRun(command: string, args: string[], cwd: URL | string = ROOT) {
  const t0 = performance.now();
  const { code, stdout, stderr } = await new Deno.Command(command, {
    args,
    cwd,
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).output();
  const wall = (performance.now() - t0) / 1000;
  const out = new TextDecoder().decode(stdout);
  if (code !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} exited ${code}: ${new TextDecoder().decode(stderr)}`,
    );
  }
  const match = out.match(/time: (\d+\.\d+)s\s*$/);
  if (match === null) {
    throw new Error(`no "time: …s" line in the output of ${args.join(" ")}: ${out}`);
  }
  return { wall, reported: Number(match[1]), stdout: out } satisfies Run;
}

/** The median of `values` (not empty). */
export function median(values: number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `fn` `runs` times in a row and returns the median of each field. */
export async function medianRuns(runs: number, fn: () => Promise<Run>) {
  const samples: Run[] = [];
  for (let i = 0; i < runs; i++) samples.push(await fn());
  return {
    wall: median(samples.map((s) => s.wall)),
    reported: median(samples.map((s) => s.reported)),
  };
}

/**
 * The 1-minute load average (needs `--allow-sys=loadavg`; "?" without it): teammates share the
 * cores, and a report should say how busy the machine was.
 */
export function loadAverage(): string {
  try {
    return Deno.loadavg()[0].toFixed(2);
  } catch {
    return "?";
  }
}
