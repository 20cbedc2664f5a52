/**
 * The flag clients in a hostile world (issue "A hostile world", the clients' items): a 200 is
 * a flag only if it is one, for every client, with memory bounded whatever the server sends.
 * The misbehaving server is tests/fixtures/hostile_flags.ts, in-process on a free port.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  downloadFlag,
  fetchFlag,
  formatBytes,
  MAX_FLAG_BYTES,
} from "../lib/flags/checked_download.ts";
import { NotAFlagError } from "../lib/flags/errors.ts";
import { flagUrl } from "../lib/flags/servers.ts";
import { PROJECT_ROOT, taskCommand } from "../lib/project/deno_tasks.ts";
import { startFlagServer } from "../lib/server/flag_server.ts";
import { type HostileMode, startHostileServer } from "./fixtures/hostile_flags.ts";
import { runFlagsTask } from "./fixtures/flags_runs.ts";

/** What each bad 200 must be reported as, word for word. */
const BAD_BODIES: Array<[HostileMode, string]> = [
  ["html", 'not a GIF (it starts with "<html><body>")'],
  ["empty", "not a GIF (the body is empty)"],
  ["short", "truncated: 10 of 361 bytes"],
  ["big", "body over 4 MiB (Content-Length: 5242880)"],
  ["endless", "body over 4 MiB"],
];

async function listDir(dir: string): Promise<string[]> {
  const names = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

/** A fresh folder inside the project's downloads/ (the tasks' write grant), removed after. */
async function tempDest(): Promise<{ path: string } & AsyncDisposable> {
  const path = await Deno.makeTempDir({
    dir: join(PROJECT_ROOT, "downloads"),
    prefix: ".hostile-",
  });
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }) };
}

Deno.test("the cap is one constant, 4 MiB, and messages name it", () => {
  assert.equal(MAX_FLAG_BYTES, 4 * 2 ** 20);
  assert.equal(formatBytes(MAX_FLAG_BYTES), "4 MiB");
  assert.equal(formatBytes(1536), "1536 bytes");
});

Deno.test("a 200 is a flag only if it is one: each bad body is its own error, no file left", async (t) => {
  await using hostile = startHostileServer();
  await using flags = await startFlagServer({
    localPort: 0,
    delayPort: 0,
    errorPort: 0,
    quiet: true,
  });
  const dir = await Deno.makeTempDir({ prefix: "hostile_" });
  try {
    for (const [mode, message] of BAD_BODIES) {
      await t.step(mode, async () => {
        const url = flagUrl(hostile.base(mode), "BR");
        await assert.rejects(
          fetchFlag(url),
          (e) => e instanceof NotAFlagError && e.message === message,
        );
        await assert.rejects(
          downloadFlag(url, dir, "br.gif"),
          (e) => e instanceof NotAFlagError && e.message === message,
        );
        assert.deepEqual(await listDir(dir), [], "no flag and no temporary file");
      });
    }
    await t.step("a real flag passes, byte for byte", async () => {
      const url = flagUrl(flags.urls.LOCAL, "BR");
      const served = await (await fetch(url)).bytes();
      assert.deepEqual(await fetchFlag(url), served);
      await downloadFlag(url, dir, "br.gif");
      assert.deepEqual(await Deno.readFile(join(dir, "br.gif")), served);
      assert.deepEqual(await listDir(dir), ["br.gif"]);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** This process's resident memory, in bytes. */
const rss = () => Deno.memoryUsage().rss;

Deno.test("endless bodies: every download stops at the cap and memory stays bounded", async () => {
  await using hostile = startHostileServer();
  const dir = await Deno.makeTempDir({ prefix: "hostile_rss_" });
  const before = rss();
  let peak = before;
  const sampler = setInterval(() => peak = Math.max(peak, rss()), 5);
  try {
    const urls = ["AA", "BB", "CC", "DD", "EE", "FF"].map((cc) =>
      flagUrl(hostile.base("endless"), cc)
    );
    const outcomes = await Promise.allSettled([
      ...urls.map((url) => fetchFlag(url)),
      ...urls.map((url, i) => downloadFlag(url, dir, `${i}.gif`)),
    ]);
    for (const outcome of outcomes) {
      assert.equal(outcome.status, "rejected");
      assert.equal((outcome as PromiseRejectedResult).reason.message, "body over 4 MiB");
    }
    peak = Math.max(peak, rss());
  } finally {
    clearInterval(sampler);
    await Deno.remove(dir, { recursive: true });
  }
  // Six in memory hold at most 6 × 4 MiB; six streamed to files, a chunk each.
  const grown = (peak - before) / 2 ** 20;
  console.log(`endless bodies: RSS grew ${grown.toFixed(1)} MiB`);
  assert.ok(grown < 96, `RSS grew ${grown.toFixed(1)} MiB`);
  assert.equal(hostile.requests.endless, 12);
});

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a task as `deno task` would (from the project root). */
async function runTask(
  task: string,
  args: string[],
  env: Record<string, string> = {},
  wrapper: string[] = [],
): Promise<Ran> {
  const command = [...wrapper, Deno.execPath(), ...(await taskCommand(task)).args, ...args];
  const out = await new Deno.Command(command[0], {
    args: command.slice(1),
    cwd: PROJECT_ROOT,
    env: { NO_COLOR: "1", ...env },
    stdin: "null",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

/** GNU time measures a child's peak memory (tests may not read /proc/PID without -A). */
const GNU_TIME = "/usr/bin/time";
const noGnuTime = await Deno.stat(GNU_TIME).then(
  () => undefined,
  () => `${GNU_TIME} is missing (Debian package time)`,
);
if (noGnuTime) console.log(`hostile_clients_test: skipping the peak-memory test: ${noGnuTime}`);

Deno.test("every client: a bad 200 is an error for that code, and nothing is saved", async (t) => {
  await using hostile = startHostileServer();
  await using dest = await tempDest();
  const clients = [
    "flags2:threadpool",
    "flags2:sequential",
    "flags2:asyncio",
    "flags3:threadpool",
    "flags3:asyncio",
  ];
  for (const task of clients) {
    await t.step(task, async () => {
      const run = await runTask(task, ["-v", "-s", hostile.base("html"), "br", "cn"], {
        FLAGS_DEST_DIR: dest.path,
      });
      assert.equal(run.code, 0, run.stderr);
      const lines = run.stdout.trimEnd().split("\n");
      assert.deepEqual(
        lines.slice(3, -1).sort(),
        [
          '*** Error for BR:not a GIF (it starts with "<html><body>")',
          '*** Error for CN:not a GIF (it starts with "<html><body>")',
          "--------------------",
          "0 flags downloaded.",
          "2 errors.",
        ].sort(),
      );
      assert.deepEqual(await listDir(dest.path), []);
      assert.deepEqual(
        await listDir(join(PROJECT_ROOT, "downloads")).then((names) =>
          names.filter((name) => name.endsWith(".part"))
        ),
        [],
      );
    });
  }
  const series1: Array<[string, HostileMode, string]> = [
    ["flags", "html", 'BD: not a GIF (it starts with "<html><body>")'],
    ["flags:threadpool", "short", "BD: truncated: 10 of 361 bytes"],
    ["flags:threadpool_ac", "empty", "BR: not a GIF (the body is empty)"],
    ["flags:processpool", "endless", "BD: body over 4 MiB"],
  ];
  for (const [task, mode, message] of series1) {
    await t.step(`${task} (${mode})`, async () => {
      const run = await runTask(task, [], {
        FLAGS_BASE_URL: hostile.base(mode),
        FLAGS_DEST_DIR: dest.path,
      });
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.stderr, `${task}: ${message}\n`);
      assert.deepEqual(await listDir(dest.path), [], "nothing saved");
    });
  }
});

Deno.test({
  name: "flags2 against endless bodies: each code fails at the cap, the process stays small",
  ignore: noGnuTime !== undefined,
}, async () => {
  await using hostile = startHostileServer();
  await using dest = await tempDest();
  const report = await Deno.makeTempFile({ prefix: "hostile_time_" });
  try {
    const run = await runTask(
      "flags2:threadpool",
      ["-v", "--timeout", "3", "-s", hostile.base("endless"), "aa", "bb", "cc", "dd", "ee"],
      { FLAGS_DEST_DIR: dest.path },
      [GNU_TIME, "-f", "%M", "-o", report],
    );
    assert.equal(run.code, 0, run.stderr);
    const errors = run.stdout.split("\n").filter((line) => line.startsWith("*** Error for "));
    assert.deepEqual(
      errors.sort(),
      ["AA", "BB", "CC", "DD", "EE"].map((cc) => `*** Error for ${cc}:body over 4 MiB`),
    );
    const peakMiB = Number((await Deno.readTextFile(report)).trim()) / 1024;
    console.log(`flags2, 5 endless bodies: peak RSS ${peakMiB.toFixed(0)} MiB`);
    assert.ok(peakMiB > 10 && peakMiB < 200, `peak RSS ${peakMiB.toFixed(0)} MiB`);
    assert.deepEqual(await listDir(dest.path), []);
  } finally {
    await Deno.remove(report);
  }
});

const SERIES1 = ["flags", "flags:threadpool", "flags:threadpool_ac", "flags:processpool"];

Deno.test("series 1 never hangs: a server that never answers is cut off after FLAGS_TIMEOUT", async (t) => {
  await using hostile = startHostileServer();
  await using dest = await tempDest();
  for (const task of SERIES1) {
    await t.step(task, async () => {
      const run = await runTask(task, [], {
        FLAGS_BASE_URL: hostile.base("hang"),
        FLAGS_DEST_DIR: dest.path,
        FLAGS_TIMEOUT: "0.3",
      });
      assert.equal(run.code, 1, run.stderr);
      assert.match(
        run.stderr,
        new RegExp(
          `^${task}: [A-Z]{2}: Timeout after 0\\.3s \\(FLAGS_TIMEOUT sets the seconds to wait\\)\\n$`,
        ),
      );
      assert.deepEqual(await listDir(dest.path), []);
    });
  }
  assert.ok(hostile.requests.hang >= 4, "each task asked and was cut off");
});

Deno.test("series 1: a FLAGS_TIMEOUT that is not seconds is one line, exit 1, nothing asked", async () => {
  await using hostile = startHostileServer();
  for (const value of ["soon", "0", "-1", "1e9"]) {
    const run = await runTask("flags", [], {
      FLAGS_BASE_URL: hostile.base("hang"),
      FLAGS_TIMEOUT: value,
    });
    assert.equal(run.code, 1, value);
    assert.equal(
      run.stderr,
      `flags: FLAGS_TIMEOUT must be seconds > 0 and <= 86400, got "${value}"\n`,
    );
    assert.equal(run.stdout, "");
  }
  assert.equal(hostile.requests.hang, undefined);
});

/** A loopback URL where nothing listens (a server was there a moment ago). */
function closedPortUrl(): string {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  return `127.0.0.1:${port}`;
}

Deno.test("URLs: a password in -s or FLAGS_BASE_URL is never printed", async () => {
  await using srv = await startFlagServer({
    localPort: 0,
    delayPort: 0,
    errorPort: 0,
    quiet: true,
  });
  await using dest = await tempDest();
  const hostPort = new URL(srv.urls.LOCAL).host;
  const secret = "s3cret-pw";
  const run = await runTask(
    "flags2:threadpool",
    ["-v", "-s", `http://ann:${secret}@${hostPort}/flags`, "br"],
    { FLAGS_DEST_DIR: dest.path },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout.split("\n")[0], `CUSTOM site: http://ann:***@${hostPort}/flags`);
  assert.match(run.stdout, /^BR OK$/m);

  const nowhere = closedPortUrl();
  const runs = [
    await runTask("flags2:threadpool", ["-s", `http://ann:${secret}@${nowhere}/flags`, "br"]),
    await runTask("flags2:threadpool", ["-s", `http://ann:${secret}@127.0.0.1:99999/flags`]),
    await runTask("flags", [], { FLAGS_BASE_URL: `http://ann:${secret}@${nowhere}/flags` }),
    await runTask("flags", [], { FLAGS_BASE_URL: `http://ann:${secret}@127.0.0.1:99999/flags` }),
  ];
  for (const { stdout, stderr } of [run, ...runs]) {
    assert.ok(!(stdout + stderr).includes(secret), stdout + stderr);
  }
  assert.match(
    runs[2].stderr,
    new RegExp(`^flags: cannot connect to http://ann:\\*\\*\\*@${nowhere}/flags`),
  );
});

Deno.test("URLs: a port out of range says so, for -s and FLAGS_BASE_URL", async () => {
  const flags2 = await runTask("flags2:threadpool", ["-s", "http://127.0.0.1:99999/flags"]);
  assert.equal(flags2.code, 1);
  assert.equal(
    flags2.stderr.split("\n")[0],
    "*** Usage error: --server http://127.0.0.1:99999/flags: port 99999 is out of range (1-65535)",
  );
  assert.match(flags2.stderr.split("\n")[1], /^usage: flags2_threadpool\.ts /);
  const series1 = await runTask("flags", [], { FLAGS_BASE_URL: "http://127.0.0.1:99999/flags" });
  assert.equal(series1.code, 1);
  assert.equal(
    series1.stderr,
    "flags: FLAGS_BASE_URL=http://127.0.0.1:99999/flags: port 99999 is out of range (1-65535)\n",
  );
  assert.equal(series1.stdout, "");
});

Deno.test({
  name: "flags3:asyncio against endless GIFs: each code fails at the cap, the process stays small",
  ignore: noGnuTime !== undefined,
}, async () => {
  await using hostile = startHostileServer();
  const report = await Deno.makeTempFile({ prefix: "asyncio_time_" });
  try {
    const codes = ["aa", "bb", "cc", "dd", "ee"];
    const run = await runFlagsTask(
      "flags3:asyncio",
      ["-v", "-m", "5", "--timeout", "5", "-s", hostile.base("endless"), ...codes],
      [GNU_TIME, "-f", "%M", "-o", report],
    );
    assert.equal(run.code, 0, run.stderr);
    const errors = run.stdout.split("\n").filter((line) => line.startsWith("*** Error for "));
    assert.deepEqual(
      errors.sort(),
      codes.map((cc) => `*** Error for ${cc.toUpperCase()}:body over 4 MiB`),
    );
    const peakMiB = Number((await Deno.readTextFile(report)).trim()) / 1024;
    console.log(`flags3:asyncio, 5 endless bodies: peak RSS ${peakMiB.toFixed(0)} MiB`);
    assert.ok(peakMiB > 10 && peakMiB < 200, `peak RSS ${peakMiB.toFixed(0)} MiB`);
    assert.deepEqual(run.files, [], "the temporary GIFs are gone");
  } finally {
    await Deno.remove(report);
  }
});
