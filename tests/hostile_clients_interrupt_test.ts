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
import { interruptAfter, interruptFlags2Task } from "./fixtures/interrupt_runs.ts";
import { INTERRUPT_STATUS as STATUS } from "../lib/flags/interrupt.ts";

Deno.test("flags2: interrupted at many points, 0 temporary files left, the report so far", async (t) => {
  await using hostile = startHostileServer();
  const trickle = ["-s", hostile.base("trickle")];
  let leftovers = await interruptFlags2Task(
    t,
    "flags2:threadpool",
    [...trickle, "-e", "-m", "100"],
    676,
    [
      [0, "SIGINT"],
      [1, "SIGTERM"],
      [7, "SIGINT"],
      [40, "SIGINT"],
      [150, "SIGTERM"],
      [333, "SIGINT"],
      [500, "SIGINT"],
    ],
  );
  leftovers += await interruptFlags2Task(t, "flags2:sequential", [...trickle, "b"], 26, [
    [0, "SIGINT"],
    [3, "SIGTERM"],
  ]);
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
