/**
 * `deno task demo --quick` runs the whole chapter against its own in-process
 * server and ends with a table: one row per step, each with a time.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { PROJECT_ROOT, taskCommand } from "../lib/project/deno_tasks.ts";
import { formatTable, tourSteps } from "../lib/project/tour.ts";

const DOWNLOADS = join(PROJECT_ROOT, "downloads");

/** The names in the project's `downloads/` folder. */
async function downloaded(): Promise<Set<string>> {
  const names = new Set<string>();
  for await (const entry of Deno.readDir(DOWNLOADS)) names.add(entry.name);
  return names;
}

/** The names in the project's `downloads/` folder (dot files included), sorted. */
async function downloadsNow(): Promise<string[]> {
  return [...await downloaded()].sort();
}

Deno.test("demo --quick runs every step, ends with a table, and leaves downloads/ as it was", async () => {
  const demo = await taskCommand("demo");
  const before = await downloadsNow();
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [...demo.args, "--quick", "--workers", "2"],
    cwd: PROJECT_ROOT,
    stdin: "null",
  }).output();
  const out = new TextDecoder().decode(stdout);
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  assert.deepEqual(await downloadsNow(), before, "the demo left something in downloads/");

  const steps = tourSteps({ DELAY: "d", ERROR: "e" }, { quick: true, workers: 2 });
  const lines = out.trimEnd().split("\n");
  const closing =
    /^The flags went to a temporary folder, (downloads\/\.demo-\w+)\/ \((\d+) files\), now removed: downloads\/ is as it was\.$/
      .exec(lines.at(-1)!);
  assert.ok(closing, lines.at(-1));
  assert.ok(Number(closing[2]) >= 20, "the series-1 steps' 20 flags at least");
  await assert.rejects(Deno.stat(join(PROJECT_ROOT, closing[1])), Deno.errors.NotFound);
  const table = out.slice(out.lastIndexOf("\nstep "), out.lastIndexOf("\n\nThe flags went"));
  const rows = table.trim().split("\n").slice(2);
  assert.equal(rows.length, steps.length, table);
  steps.forEach((step, i) => {
    assert.ok(rows[i].startsWith(step.label), `row ${i}: ${rows[i]}`);
    const speedup = step.baseline === undefined ? "" : String.raw`\s+\d+\.\dx`;
    assert.match(rows[i], new RegExp(String.raw`\s\d+\.\d\ds${speedup}$`), rows[i]);
  });
  // Each step's own output is there too, in order.
  const markers = ["20 flags downloaded in", "running", "result 4: 40", "flags downloaded.", "OK"];
  assert.ok(markers.slice(0, 4).every((m) => out.includes(m)), out);
  assert.match(out, /1 workers, elapsed time: \d+\.\d\ds\n/);
  assert.match(out, /2 workers, elapse time: \d+\.\d\ds\n/);
});

Deno.test("demo interrupted: it stops after the step in progress, removes its folder, exits 130", async () => {
  const demo = await taskCommand("demo");
  const before = await downloadsNow();
  const child = new Deno.Command(Deno.execPath(), {
    args: [...demo.args, "--quick", "--workers", "2"],
    cwd: PROJECT_ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  let out = "";
  let sent = false;
  for await (const text of child.stdout.pipeThrough(new TextDecoderStream())) {
    out += text;
    // The first step has saved its 20 flags: interrupt the demo (not its step) now.
    if (!sent && out.includes("flags downloaded in")) {
      child.kill("SIGINT");
      sent = true;
    }
  }
  assert.ok(sent, out);
  assert.equal((await child.status).code, 130);
  assert.equal(
    await stderr,
    "demo: interrupted by SIGINT; its temporary folder is removed\n",
  );
  assert.ok(!out.includes("$ deno task flags:processpool"), "the tour went on");
  assert.deepEqual(await downloadsNow(), before);
});

Deno.test("formatTable aligns rows and shows speedups only where there is a baseline", () => {
  const text = formatTable([
    { label: "slow", seconds: 2 },
    { label: "fast one", seconds: 0.5, speedup: 4 },
  ]);
  const lines = text.split("\n");
  assert.equal(lines.length, 4);
  // The time column ends at the same place on every row.
  const timeEnd = lines[0].indexOf("time") + "time".length;
  assert.equal(lines[2].indexOf("2.00s") + "2.00s".length, timeEnd, text);
  assert.equal(lines[3].indexOf("0.50s") + "0.50s".length, timeEnd, text);
  assert.match(lines[2], /^slow\s+2\.00s$/);
  assert.match(lines[3], /^fast one\s+0\.50s\s+4\.0x$/);
});

Deno.test("demo rejects a bad --workers: the task's usage error, no stack trace", async () => {
  const demo = await taskCommand("demo");
  for (
    const [value, status, message] of [
      ["zero", 2, /invalid int value: 'zero'/],
      ["0", 1, /--workers must be an integer from 1 to \d+ \(16 per CPU\), got 0/],
    ] as const
  ) {
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [...demo.args, "--workers", value],
      cwd: PROJECT_ROOT,
      stdin: "null",
    }).output();
    assert.equal(code, status, value);
    assert.equal(new TextDecoder().decode(stdout), "");
    const err = new TextDecoder().decode(stderr).trim().split("\n");
    assert.match(err[0], new RegExp(`^demo: .*${message.source}`));
    assert.match(
      err[1],
      /^usage: deno task demo \[-h\] \[--quick\] \[--workers N\] \[--report FILE\]$/,
    );
    assert.ok(err.length === 2 && !/ at /.test(err.join("\n")), "no stack trace");
  }
});
