/**
 * What the flag-client comparisons (flags2_compare.ts, flags3_compare.ts)
 * share: their `--runs N [--out FILE]` command line, the seed's runner and the
 * bare fetch loops, and one timed run of a client in a fresh folder — its whole-process time, the "Elapsed time" it
 * printed, its report's counts and the files it saved.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { fail } from "../lib/cli/fail.ts";
import { ROOT, timed } from "./_common.ts";
import { type FlagServer, startFlagServer } from "../lib/server/flag_server.ts";

/** The flag server in this process, on free ports, with the book's 0.5 s delays. */
export function bookServer(): Promise<FlagServer> {
  return startFlagServer({ localPort: 0, delayPort: 0, errorPort: 0, delay: 0.5, quiet: true });
}

/** bench/flags2_seed_runner.py: runs one of the seed's scripts against any server. */
export const SEED_RUNNER: string = join(ROOT, "bench", "flags2_seed_runner.py");

/** The `deno run` arguments of a bare fetch loop in bench/ (`script`): a comparison's floor. */
export function bareFetch(script: string): string[] {
  return ["run", "--allow-net=127.0.0.1", "--allow-write=downloads", join(ROOT, "bench", script)];
}

/** One run of a client. */
export interface ClientRun {
  /** Whole process, spawn to exit, in seconds. */
  wall: number;
  /** The "Elapsed time" it printed, if it did. */
  elapsed?: number;
  /** Its report's counts: `194 flags downloaded, 482 not found`. */
  summary: string;
  /** The names of the files it saved, sorted. */
  files: string[];
}

/** `--runs N` (default 5) and `--out FILE` of a comparison; a bad count ends the process. */
export function runsArgs(): { runs: number; out?: string } {
  const { values } = parseArgs({
    args: Deno.args,
    options: { runs: { type: "string", default: "5" }, out: { type: "string" } },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) fail("--runs must be a positive integer");
  return { runs, out: values.out };
}

/**
 * Runs `cmd args` in a fresh temporary folder with a `downloads/` folder (given to the seed's
 * Python as `FLAGS2_DEST`), times it and reads what it printed and saved.
 */
export async function runClient(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<ClientRun> {
  const cwd = await Deno.makeTempDir({ prefix: "flags_bench_" });
  try {
    const downloads = join(cwd, "downloads");
    await Deno.mkdir(downloads);
    const { wall, stdout } = await timed(cmd, args, {
      cwd,
      env: { ...env, FLAGS2_DEST: downloads + "/" },
    });
    const elapsed = stdout.match(/Elapsed time: ([\d.]+)s/)?.[1];
    const summary = [...stdout.matchAll(/^(\d+ (flags? downloaded|not found|errors?|responses))/gm)]
      .map((m) => m[1]).join(", ");
    const files = [];
    for await (const entry of Deno.readDir(downloads)) files.push(entry.name);
    return { wall, elapsed: elapsed ? Number(elapsed) : undefined, summary, files: files.sort() };
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
}
