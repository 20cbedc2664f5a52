/**
 * Ctrl+C leaves nothing behind: every client, interrupted by SIGINT or SIGTERM at many points
 * of a run whose downloads trickle in (so temporary files are in flight), removes them, prints
 * the report of what it counted and exits 130 or 143. The points are events, not times: the
 * signal goes after the client has printed its k-th finished flag.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { PROJECT_ROOT, taskCommand } from "../lib/project/deno_tasks.ts";
import { startHostileServer } from "./fixtures/hostile_flags.ts";
import { interruptAfter } from "./fixtures/interrupt_runs.ts";
import { INTERRUPT_STATUS as STATUS } from "../lib/flags/interrupt.ts";

Deno.test("flags2: interrupted at many points, 0 temporary files left, the report so far", async (t) => {
  await using hostile = startHostileServer();
  const flags2 = {
    threadpool: (await taskCommand("flags2:threadpool")).argsFromAnywhere,
    sequential: (await taskCommand("flags2:sequential")).argsFromAnywhere,
  };
  const okLines = (stdout: string) => stdout.match(/^[A-Z]{2} OK$/gm)?.length ?? 0;
  const reported = (stdout: string) => stdout.includes("concurrent connection") ? 0 : -1;
  const points: Array<["threadpool" | "sequential", string[], number, "SIGINT" | "SIGTERM"]> = [
    ["threadpool", ["-e", "-m", "100"], 0, "SIGINT"],
    ["threadpool", ["-e", "-m", "100"], 1, "SIGTERM"],
    ["threadpool", ["-e", "-m", "100"], 7, "SIGINT"],
    ["threadpool", ["-e", "-m", "100"], 40, "SIGINT"],
    ["threadpool", ["-e", "-m", "100"], 150, "SIGTERM"],
    ["threadpool", ["-e", "-m", "100"], 333, "SIGINT"],
    ["threadpool", ["-e", "-m", "100"], 500, "SIGINT"],
    ["sequential", ["b"], 0, "SIGINT"],
    ["sequential", ["b"], 3, "SIGTERM"],
  ];
  let leftovers = 0;
  for (const [script, args, after, signal] of points) {
    await t.step(`flags2:${script} ${args.join(" ")}: ${signal} after ${after} flags`, async () => {
      const cwd = await Deno.makeTempDir({ prefix: "flags2_interrupt_" });
      try {
        await Deno.mkdir(join(cwd, "downloads"));
        const run = await interruptAfter(
          [...flags2[script], "-v", "-s", hostile.base("trickle"), ...args],
          {
            cwd,
            destDir: join(cwd, "downloads"),
            seen: after === 0 ? reported : okLines,
            after,
            signal,
          },
        );
        assert.equal(run.code, STATUS[signal], run.stderr);
        const parts = run.files.filter((name) => name.endsWith(".part"));
        leftovers += parts.length;
        assert.deepEqual(parts, [], "temporary files left");
        const ok = okLines(run.stdout);
        const total = script === "threadpool" ? 676 : 26;
        assert.ok(ok >= after && ok < total, `${ok} flags counted, ${after} before the signal`);
        assert.equal(run.files.length, ok, "one file per flag reported OK");
        const report = run.stdout.slice(run.stdout.lastIndexOf("-".repeat(20)));
        assert.match(report, new RegExp(`^-{20}\\n${ok} flags? downloaded\\.\\nElapsed time: `));
        assert.match(
          run.stderr,
          new RegExp(
            `\\*\\*\\* Error: interrupted by ${signal}: ${ok} of ${total} codes counted\\n$`,
          ),
        );
      } finally {
        await Deno.remove(cwd, { recursive: true });
      }
    });
  }
  assert.equal(leftovers, 0);
});

Deno.test("series 1: interrupted, each script removes what is in flight and exits 130/143", async (t) => {
  await using hostile = startHostileServer();
  const shown = (stdout: string) => stdout.match(/\b[A-Z]{2} /g)?.length ?? 0;
  const points: Array<[string, number, "SIGINT" | "SIGTERM"]> = [
    ["flags", 2, "SIGINT"],
    ["flags:threadpool", 1, "SIGINT"],
    ["flags:threadpool", 12, "SIGTERM"],
    ["flags:threadpool_ac", 1, "SIGINT"],
    ["flags:processpool", 1, "SIGINT"],
    ["flags:processpool", 9, "SIGTERM"],
  ];
  for (const [task, after, signal] of points) {
    await t.step(`${task}: ${signal} after ${after} flags`, async () => {
      const dest = await Deno.makeTempDir({
        dir: join(PROJECT_ROOT, "downloads"),
        prefix: ".interrupt-",
      });
      try {
        const run = await interruptAfter((await taskCommand(task)).args, {
          cwd: PROJECT_ROOT,
          env: { FLAGS_BASE_URL: hostile.base("trickle"), FLAGS_DEST_DIR: dest },
          destDir: dest,
          seen: shown,
          after,
          signal,
        });
        assert.equal(run.code, STATUS[signal], run.stderr);
        assert.deepEqual(run.files.filter((name) => !name.endsWith(".gif")), [], "leftovers");
        const counted = /\n(\d+) flags downloaded in \d+\.\d\ds\n$/.exec(run.stdout);
        assert.ok(counted, run.stdout);
        assert.ok(Number(counted[1]) < (task === "flags:threadpool_ac" ? 5 : 20), "interrupted");
        // A worker may have saved a flag whose result the main thread had not received yet.
        if (task === "flags:processpool") assert.ok(run.files.length >= Number(counted[1]));
        else assert.equal(run.files.length, Number(counted[1]));
        assert.equal(run.stderr, `${task}: interrupted by ${signal}\n`);
      } finally {
        await Deno.remove(dest, { recursive: true });
      }
    });
  }
});
