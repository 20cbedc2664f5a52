/**
 * The asyncio-style tasks as a user runs them: `flags:asyncio` (the book's flags_asyncio.py:
 * 20 promises at once, no pool) and what is particular to `flags2:asyncio` (its default -m 5).
 * What every flags2/flags3 variant shares is in flags_variants_test.ts.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { POP20_CC } from "../lib/flags/country_codes.ts";
import { PROJECT_ROOT as ROOT, taskCommand } from "../lib/project/deno_tasks.ts";
import { startFlagServer } from "../lib/server/flag_server.ts";
import { runFlagsTask } from "./fixtures/flags_runs.ts";

const SERVER = { localPort: 0, delayPort: 0, errorPort: 0, quiet: true } as const;

/** Runs flags:asyncio from the project folder (its write grant is `downloads`). */
async function runSeries1(baseUrl: string, destDir: string) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: (await taskCommand("flags:asyncio")).args,
    cwd: ROOT,
    env: { FLAGS_BASE_URL: baseUrl, FLAGS_DEST_DIR: destDir, NO_COLOR: "1" },
    stdin: "null",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  const files = [];
  for await (const e of Deno.readDir(destDir)) files.push(e.name);
  return { code, stdout: decode(stdout), stderr: decode(stderr), files: files.sort() };
}

/** A fresh folder inside the project's downloads/ (the task may write there only). */
async function tempDest(): Promise<{ path: string } & AsyncDisposable> {
  const path = await Deno.makeTempDir({ dir: join(ROOT, "downloads"), prefix: ".test-asyncio-" });
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }) };
}

Deno.test("flags:asyncio: all 20 requests in flight at once, each code shown as it arrives", async () => {
  await using srv = await startFlagServer({ ...SERVER, delay: 0.3 });
  await using dest = await tempDest();
  const run = await runSeries1(srv.urls.DELAY, dest.path);
  assert.equal(run.stderr, "");
  assert.equal(run.code, 0);
  const lines = run.stdout.trimEnd().split("\n");
  assert.equal(lines.length, 2, run.stdout);
  assert.match(lines[0], /^([A-Z]{2} ){20}$/);
  assert.deepEqual(lines[0].trimEnd().split(" ").sort(), [...POP20_CC].sort());
  assert.match(lines[1], /^20 flags downloaded in \d+\.\d\ds$/);
  const stats = srv.stats().DELAY;
  assert.equal(stats.requests, 20);
  assert.equal(stats.peakInFlight, 20, "no pool: every request at once");
  assert.deepEqual(run.files, POP20_CC.map((cc) => `${cc.toLowerCase()}.gif`).sort());
});

Deno.test("flags:asyncio with no server: one line, exit 1, no file", async () => {
  const srv = await startFlagServer(SERVER);
  const gone = srv.urls.LOCAL;
  await srv.shutdown();
  await using dest = await tempDest();
  const run = await runSeries1(gone, dest.path);
  assert.equal(run.code, 1);
  assert.equal(run.stdout.trim(), "");
  assert.match(
    run.stderr.trim(),
    /^flags:asyncio: cannot connect to .*flag server running.*deno task server/,
  );
  assert.equal(run.stderr.trim().split("\n").length, 1);
  assert.deepEqual(run.files, []);
});

Deno.test("flags2:asyncio: -m defaults to 5, as the book's flags2_asyncio.py", async () => {
  const help = await runFlagsTask("flags2:asyncio", ["-h"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^usage: flags2_asyncio\.ts \[-h\] \[-a\]/);
  assert.match(help.stdout, /maximum concurrent requests \(default=5\)/);
  await using srv = await startFlagServer({ ...SERVER, delay: 0.1 });
  const run = await runFlagsTask("flags2:asyncio", ["-s", srv.urls.DELAY, "-l", "12"]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^5 concurrent connections will be used\.$/m);
  assert.match(run.stdout, /^12 flags downloaded\.$/m);
  assert.equal(srv.stats().DELAY.peakInFlight, 5);
});

Deno.test("no server: one line saying how to start it, exit 1, every code counted, no stack trace", async (t) => {
  // Nothing listens on port 1: each connection is refused at once, while the asyncio strategies
  // are still starting the other downloads.
  for (const task of ["flags2:asyncio", "flags3:threadpool", "flags3:asyncio"]) {
    await t.step(task, async () => {
      const run = await runFlagsTask(task, ["-s", "http://127.0.0.1:1/flags", "-e", "-m", "1000"]);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stdout, /^0 flags downloaded\.\n676 errors\.$/m);
      assert.match(
        run.stderr.trimEnd().split("\n").at(-1)!,
        /^\*\*\* Error: cannot connect to http:\/\/127\.0\.0\.1:1\/flags: .*deno task server/,
      );
      assert.doesNotMatch(run.stderr, /Uncaught|\bat /);
      assert.deepEqual(run.files, []);
    });
  }
});
