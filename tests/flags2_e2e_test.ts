/**
 * The flags2 scripts as a user runs them: child processes started with exactly
 * the permission flags of their deno.json tasks, in a temporary working
 * folder (so `downloads/` is created there), against an in-process flag server.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { COUNTRY_CODES } from "../lib/flags/country_codes.ts";
import { taskCommand } from "../lib/project/deno_tasks.ts";
import { missingCommand } from "../lib/project/host_tools.ts";
import { type FlagServerOptions, startFlagServer } from "../lib/server/flag_server.ts";

const SERVER: FlagServerOptions = { localPort: 0, delayPort: 0, errorPort: 0, quiet: true };
const BAR = /^100%\|█+\| (\d+)\/\1 \[\d\d:\d\d<00:00, +[\d.]+(it\/s|s\/it)\]$/;

/** `deno run` arguments of the tasks: their own flags, runnable from a temporary folder. */
const TASKS = {
  threadpool: (await taskCommand("flags2:threadpool")).argsFromAnywhere,
  sequential: (await taskCommand("flags2:sequential")).argsFromAnywhere,
};

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
  files: string[];
}

/** Runs a flags2 task in a fresh folder; returns its output and the files in `downloads/`. */
async function runTask(task: keyof typeof TASKS, args: string[]): Promise<Ran> {
  const cwd = await Deno.makeTempDir({ prefix: "flags2_e2e_" });
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [...TASKS[task], ...args],
      cwd,
      stdin: "null",
      env: { NO_COLOR: "1" },
    }).output();
    const files: string[] = [];
    try {
      for await (const e of Deno.readDir(join(cwd, "downloads"))) files.push(e.name);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    const decode = (b: Uint8Array) => new TextDecoder().decode(b);
    return {
      code: out.code,
      stdout: decode(out.stdout),
      stderr: decode(out.stderr),
      files: files.sort(),
    };
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
}

function reportCounts(stdout: string): { ok: number; notFound: number; errors: number } {
  const num = (re: RegExp) => Number(stdout.match(re)?.[1] ?? 0);
  return {
    ok: num(/^(\d+) flags? downloaded\.$/m),
    notFound: num(/^(\d+) not found\.$/m),
    errors: num(/^(\d+) errors?\.$/m),
  };
}

Deno.test("flags2:threadpool -s DELAY a b c: the seed's report, 43/35, 30 in flight, one bar line", async () => {
  await using srv = await startFlagServer({ ...SERVER, delay: 0.2 });
  const run = await runTask("threadpool", ["-s", srv.urls.DELAY, "a", "b", "c"]);
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trimEnd().split("\n");
  assert.deepEqual(lines.slice(0, -1), [
    `CUSTOM site: ${srv.urls.DELAY}`,
    "Searching for 78 flags: from AA to CZ",
    "30 concurrent connections will be used.",
    "--------------------",
    "43 flags downloaded.",
    "35 not found.",
  ]);
  assert.match(lines.at(-1)!, /^Elapsed time: \d+\.\d\ds$/);
  assert.ok(!run.stderr.includes("\r"), "no carriage returns when stderr is not a terminal");
  assert.deepEqual(run.stderr.trimEnd().split("\n").length, 1, run.stderr);
  assert.match(run.stderr.trimEnd(), BAR);
  assert.equal(run.files.length, 43);
  assert.ok(run.files.every((f) => /^[a-c][a-z]\.gif$/.test(f)), "no temporary files left");
  assert.equal(srv.stats().DELAY.peakInFlight, 30, "peak in flight = min(-m 30, 78 codes)");
});

Deno.test("flags2:sequential -v: one request at a time, the seed's verbose lines", async () => {
  await using srv = await startFlagServer({ ...SERVER, delay: 0.01 });
  const run = await runTask("sequential", [
    "-s",
    srv.urls.DELAY,
    "-v",
    "-m",
    "50",
    "zz",
    "br",
    "CN",
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(run.stdout.trimEnd().split("\n").slice(0, -1), [
    `CUSTOM site: ${srv.urls.DELAY}`,
    "Searching for 3 flags: BR, CN, ZZ",
    "1 concurrent connection will be used.",
    "BR OK",
    "CN OK",
    "ZZ not found",
    "--------------------",
    "2 flags downloaded.",
    "1 not found.",
  ]);
  assert.equal(run.stderr, "", "no progress bar with -v");
  assert.deepEqual(run.files, ["br.gif", "cn.gif"]);
  assert.equal(srv.stats().DELAY.peakInFlight, 1);
});

Deno.test("the user's -s ERROR -al 100 -m 100: 100 accounted for, split reproducible with a seed", async () => {
  const splits = [];
  for (let i = 0; i < 2; i++) {
    await using srv = await startFlagServer({ ...SERVER, delay: 0.02, seed: 2024 });
    const run = await runTask("threadpool", ["-s", srv.urls.ERROR, "-al", "100", "-m", "100"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Searching for 100 flags: from AD to LK$/m);
    assert.match(run.stdout, /^100 concurrent connections will be used\.$/m);
    const counts = reportCounts(run.stdout);
    assert.equal(counts.ok + counts.notFound + counts.errors, 100);
    assert.equal(counts.ok, srv.stats().ERROR.statuses["200"]);
    assert.ok(counts.errors > 0, run.stdout);
    assert.equal(run.files.length, counts.ok);
    assert.ok(run.files.every((f) => COUNTRY_CODES.includes(f.slice(0, 2).toUpperCase())));
    splits.push(counts);
  }
  assert.deepEqual(splits[0], splits[1]);
});

Deno.test("--timeout cuts off a server that never answers", async () => {
  const answer = new Set<() => void>();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => new Promise<Response>((resolve) => answer.add(() => resolve(new Response("late")))),
  );
  try {
    const base = `http://127.0.0.1:${server.addr.port}/flags`;
    const run = await runTask("threadpool", ["-s", base, "--timeout", "0.2", "-v", "br", "cn"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^\*\*\* Error for BR:Timeout after 0\.2s$/m);
    assert.match(run.stdout, /^\*\*\* Error for CN:Timeout after 0\.2s$/m);
    assert.match(run.stdout, /^0 flags downloaded\.\n2 errors\.$/m);
    assert.deepEqual(run.files, []);
  } finally {
    for (const resolve of answer) resolve();
    await server.shutdown();
  }
});

Deno.test("bad input: one *** Usage error line and the usage on stderr, exit 1, nothing written", async () => {
  const cases: Array<[string[], string]> = [
    [["-m", "0"], "--max_req CONCURRENT must be >= 1"],
    [["-l", "0"], "--limit N must be >= 1"],
    [["-s", "MARS"], "--server LABEL must be one of DELAY, ERROR, LOCAL or an http(s):// URL"],
    [["a", "1"], "each CC argument must be A to Z or AA to ZZ."],
    [["--frobnicate"], "unrecognized arguments: --frobnicate"],
    [["--timeout", "-1"], "--timeout SECONDS must be > 0 and <= 86400"],
    [
      ["-s", "http://example.com/flags"],
      "--server http://example.com/flags: no network permission for example.com " +
      "(the deno task grants 127.0.0.1 and localhost only)",
    ],
  ];
  const runs = await Promise.all(cases.map(([args]) => runTask("threadpool", args)));
  for (const [i, run] of runs.entries()) {
    const [args, message] = cases[i];
    assert.equal(run.code, 1, args.join(" "));
    assert.equal(run.stdout, "", args.join(" "));
    const lines = run.stderr.trimEnd().split("\n");
    assert.equal(lines[0], `*** Usage error: ${message}`);
    assert.equal(
      lines[1],
      "usage: flags2_threadpool.ts [-h] [-a] [-e] [-l N] [-m CONCURRENT] [-s LABEL]",
    );
    assert.ok(lines.slice(1).every((l) => /^(usage: | {28}\[)/.test(l)), run.stderr);
    assert.deepEqual(run.files, []);
  }
});

Deno.test("what argparse cannot read: the usage, then Python's `prog: error:` line, exit 2", async () => {
  const run = await runTask("threadpool", ["-m", "many"]);
  assert.equal(run.code, 2);
  assert.equal(run.stdout, "");
  const lines = run.stderr.trimEnd().split("\n");
  assert.equal(
    lines[0],
    "usage: flags2_threadpool.ts [-h] [-a] [-e] [-l N] [-m CONCURRENT] [-s LABEL]",
  );
  assert.equal(
    lines.at(-1),
    "flags2_threadpool.ts: error: argument -m/--max_req: invalid int value: 'many'",
  );
  assert.deepEqual(run.files, []);
});

Deno.test("-h prints the help screen on stdout and exits 0", async () => {
  const run = await runTask("sequential", ["-h"]);
  assert.equal(run.code, 0);
  assert.equal(run.stderr, "");
  assert.match(run.stdout, /^usage: flags2_sequential\.ts \[-h\] \[-a\]/);
  assert.match(run.stdout, /maximum concurrent requests \(default=1\)/);
});

const noScript = await missingCommand("script", "bsdutils");
if (noScript) console.log(`flags2_e2e_test: skipping the terminal test: ${noScript}`);

Deno.test({
  name: "on a terminal the bar redraws in place, as wide as the terminal",
  ignore: noScript !== undefined,
}, async () => {
  await using srv = await startFlagServer({ ...SERVER, delay: 0.05 });
  const cwd = await Deno.makeTempDir({ prefix: "flags2_tty_" });
  try {
    const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
    const command = [Deno.execPath(), ...TASKS.threadpool, "-s", srv.urls.DELAY, "-m", "4", "b"]
      .map(quote).join(" ");
    const out = await new Deno.Command("script", {
      args: ["-qfec", `stty cols 90 rows 24; exec ${command}`, "/dev/null"],
      cwd,
      stdin: "null",
      env: { NO_COLOR: "1" },
    }).output();
    const text = new TextDecoder().decode(out.stdout).replaceAll("\r\n", "\n");
    assert.equal(out.code, 0, text);
    const barLine = text.split("\n").find((l) => l.includes("\r"));
    assert.ok(barLine, `no in-place bar in:\n${JSON.stringify(text)}`);
    const draws = barLine.split("\r").slice(1);
    assert.ok(draws.length >= 2, JSON.stringify(draws));
    assert.match(draws[0], /^ {2}0%\| +\| 0\/26 \[00:00<\?, \?it\/s\]$/);
    assert.match(draws.at(-1)!.trimEnd(), BAR);
    for (const draw of draws) assert.equal(draw.trimEnd().length, 90, JSON.stringify(draw));
    assert.match(text, /^26 flags? downloaded\.|^\d+ flags downloaded\.$/m);
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
});
