/**
 * End-to-end tests of the flags series 1 (`flags`, `flags:threadpool`,
 * `flags:threadpool_ac`, `flags:processpool`): each script runs as a child
 * process with exactly the permission flags of its deno.json task, against an
 * in-process flag server on free ports. Flags are saved in a fresh folder
 * inside `downloads/`, so the task's own `--allow-write=downloads` must be
 * enough.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { POP20_CC } from "../lib/flags/country_codes.ts";
import { PROJECT_ROOT as ROOT, taskCommand } from "../lib/project/deno_tasks.ts";
import { type FlagServer, startFlagServer } from "../lib/server/flag_server.ts";

const DOWNLOADS = join(ROOT, "downloads");
const SERIES = ["flags", "flags:threadpool", "flags:threadpool_ac", "flags:processpool"];
const SORTED = [...POP20_CC].sort();
const TOTAL_LINE = /^(\d+) flags downloaded in (\d+\.\d\d)s$/;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a task as `deno task` would (cwd = the project), with the flags env vars. */
async function runTask(name: string, baseUrl: string, destDir: string): Promise<Run> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: (await taskCommand(name)).args,
    cwd: ROOT,
    env: { FLAGS_BASE_URL: baseUrl, FLAGS_DEST_DIR: destDir, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

/** A flag server on free ports whose DELAY listener waits `delay` seconds. */
function server(delay: number): Promise<FlagServer> {
  return startFlagServer({ localPort: 0, delayPort: 0, errorPort: 0, delay, quiet: true });
}

/** A fresh, empty folder, removed with its contents when disposed (`await using`). */
async function tempDir(options: Deno.MakeTempOptions): Promise<{ path: string } & AsyncDisposable> {
  const path = await Deno.makeTempDir(options);
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }) };
}

/** A fresh, empty folder inside the project's downloads/, removed when disposed. */
function tempDest(): Promise<{ path: string } & AsyncDisposable> {
  return tempDir({ dir: DOWNLOADS, prefix: ".test-flags-" });
}

async function listDir(dir: string): Promise<string[]> {
  const names = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

/** Every saved file is named `<cc>.gif` and holds exactly what the server serves. */
async function assertSavedFlags(dir: string, codes: readonly string[], baseUrl: string) {
  assert.deepEqual(await listDir(dir), codes.map((cc) => `${cc.toLowerCase()}.gif`).sort());
  for (const cc of codes) {
    const lower = cc.toLowerCase();
    const served = await (await fetch(`${baseUrl}/${lower}/${lower}.gif`)).bytes();
    const saved = await Deno.readFile(join(dir, `${lower}.gif`));
    assert.ok(saved.length > 0, `${lower}.gif is empty`);
    assert.deepEqual(saved, served, `${lower}.gif differs from what the server serves`);
  }
}

/** Splits the `show` line (`BD BR … ` then, maybe, more text) into the codes it shows. */
function shownCodes(line: string): string[] {
  assert.match(line, /^([A-Z]{2} )+$/, `not a line of codes: ${JSON.stringify(line)}`);
  return line.trimEnd().split(" ");
}

/** Asserts the closing `20 flags downloaded in 0.56s` line; returns the seconds reported. */
function assertTotal(lines: string[], count: number): number {
  const m = lines.at(-1)!.match(TOTAL_LINE);
  assert.ok(m, `bad total line: ${JSON.stringify(lines.at(-1))}`);
  assert.equal(Number(m[1]), count);
  return Number(m[2]);
}

Deno.test("flags: one download at a time, in alphabetical order", async () => {
  const delay = 0.05;
  await using srv = await server(delay);
  await using dest = await tempDest();
  const { code, stdout, stderr } = await runTask("flags", srv.urls.DELAY, dest.path);
  assert.equal(stderr, "");
  assert.equal(code, 0);
  const lines = stdout.trimEnd().split("\n");
  assert.equal(lines.length, 2);
  assert.deepEqual(shownCodes(lines[0]), SORTED);
  const seconds = assertTotal(lines, 20);
  assert.ok(seconds >= 20 * delay * 0.95, `${seconds}s is less than 20 delays`);

  const stats = srv.stats().DELAY;
  assert.equal(stats.requests, 20);
  assert.equal(stats.peakInFlight, 1);
  await assertSavedFlags(dest.path, POP20_CC, srv.urls.LOCAL);
});

// flags:threadpool: 20 calls on AsyncPoolExecutor(20). flags:processpool: one worker per CPU,
// each with its share in flight (0.5 s responses: the second worker starts long before the
// first one's downloads end). Either way the server sees all 20 requests at once.
for (const task of ["flags:threadpool", "flags:processpool"]) {
  Deno.test(`${task}: prints running, then has all 20 requests in flight`, async () => {
    await using srv = await server(0.5);
    await using dest = await tempDest();
    const { code, stdout, stderr } = await runTask(task, srv.urls.DELAY, dest.path);
    assert.equal(stderr, "");
    assert.equal(code, 0);
    const lines = stdout.trimEnd().split("\n");
    assert.equal(lines.length, 3);
    assert.equal(lines[0], "running");
    assert.deepEqual(shownCodes(lines[1]).sort(), SORTED);
    assertTotal(lines, 20);

    const stats = srv.stats().DELAY;
    assert.equal(stats.requests, 20);
    assert.equal(stats.peakInFlight, 20);
    await assertSavedFlags(dest.path, POP20_CC, srv.urls.LOCAL);
  });
}

Deno.test("flags:threadpool_ac: five futures on three workers, results as completed", async () => {
  await using srv = await server(0.3);
  await using dest = await tempDest();
  const { code, stdout, stderr } = await runTask("flags:threadpool_ac", srv.urls.DELAY, dest.path);
  assert.equal(stderr, "");
  assert.equal(code, 0);
  const five = POP20_CC.slice(0, 5).sort();
  const lines = stdout.trimEnd().split("\n");
  assert.deepEqual(
    lines.slice(0, 5),
    five.map((cc, i) =>
      `Scheduled for ${cc}:<Future #${i + 1} state=${i < 3 ? "running" : "pending"}>`
    ),
  );
  assertTotal(lines, 5);
  assert.equal(lines.at(-2), "", "the last result line ends, then a blank line");

  // What remains is codes shown as they land, and one result line per future,
  // each after its own code was shown.
  const rest = lines.slice(5, -2).join("\n") + "\n";
  const result = /<Future #(\d+) state=finished returned string> result: '([A-Z]{2})'\n/g;
  const shown = rest.replace(result, "");
  const results = [...rest.matchAll(result)];
  assert.deepEqual(results.map((m) => m[2]).sort(), five);
  for (const m of results) {
    assert.equal(m[2], five[Number(m[1]) - 1], `future #${m[1]} is not ${m[2]}'s`);
    const shownAt = rest.search(new RegExp(`(^|[ \\n])${m[2]} `));
    assert.ok(shownAt >= 0 && shownAt < m.index, `result for ${m[2]} before it was shown`);
  }
  assert.deepEqual(shown.split(/\s+/).filter(Boolean).sort(), five);

  const stats = srv.stats().DELAY;
  assert.equal(stats.requests, 5);
  assert.equal(stats.peakInFlight, 3);
  await assertSavedFlags(dest.path, five, srv.urls.LOCAL);
});

Deno.test("flags series: the tasks' own grants refuse a write outside downloads/", async (t) => {
  await using srv = await server(0);
  await using outside = await tempDir({ prefix: "flags-outside-" });
  for (const name of SERIES) {
    await t.step(name, async () => {
      const { code, stderr } = await runTask(name, srv.urls.DELAY, outside.path);
      assert.equal(code, 1);
      const prefix = name.replaceAll(":", "\\:");
      assert.match(
        stderr,
        new RegExp(`^${prefix}: not allowed: Requires write access to "[^"\\n]+"[^\\n]*\\n$`),
      );
      assert.deepEqual(await listDir(outside.path), [], "something was written outside downloads/");
    });
  }
  assert.equal(srv.stats().DELAY.requests, 0, "refused before downloading anything");
});

Deno.test("flags series: no server is one line on stderr and exit 1", async (t) => {
  const srv = await server(0);
  const baseUrl = srv.urls.DELAY;
  await srv.shutdown(); // nothing listens at baseUrl now
  await using dest = await tempDest();
  for (const name of SERIES) {
    await t.step(name, async () => {
      const { code, stderr } = await runTask(name, baseUrl, dest.path);
      assert.equal(code, 1);
      assert.equal(
        stderr,
        `${name}: cannot connect to ${baseUrl}: is the flag server running? ` +
          `Start it with "deno task server".\n`,
      );
      assert.deepEqual(await listDir(dest.path), [], "a file was left behind");
    });
  }
});

Deno.test("flags: an HTTP error or a bad FLAGS_BASE_URL is one line and exit 1", async () => {
  await using srv = await server(0);
  await using dest = await tempDest();
  const notFound = await runTask("flags", `${srv.urls.LOCAL}/nowhere`, dest.path);
  assert.equal(notFound.code, 1);
  assert.equal(
    notFound.stderr,
    `flags: BD: HTTP error 404 - Not Found: is ${srv.urls.LOCAL}/nowhere the base URL of the ` +
      "flags? It looks like http://HOST:PORT/flags\n",
  );

  const bad = await runTask("flags", "ftp://example.com/flags", dest.path);
  assert.equal(bad.code, 1);
  assert.equal(
    bad.stderr,
    "flags: FLAGS_BASE_URL=ftp://example.com/flags: not an http:// or https:// URL\n",
  );
  assert.deepEqual(await listDir(dest.path), []);
});
