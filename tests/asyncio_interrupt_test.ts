/**
 * Ctrl+C on the asyncio-style and flags3 clients: interrupted by SIGINT or SIGTERM after the
 * k-th finished flag (an event, not a time), each removes what is in flight — flags3 keeps a
 * flag in a temporary file while its metadata is fetched — prints the report of what it
 * counted, and exits 130 or 143.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { PROJECT_ROOT, taskCommand } from "../lib/project/deno_tasks.ts";
import { startFlagServer } from "../lib/server/flag_server.ts";
import { startHostileServer } from "./fixtures/hostile_flags.ts";
import { interruptAfter, interruptFlags2Task } from "./fixtures/interrupt_runs.ts";

Deno.test("flags2:asyncio: interrupted at many points, nothing left, the report so far", async (t) => {
  await using hostile = startHostileServer();
  await interruptFlags2Task(
    t,
    "flags2:asyncio",
    ["-s", hostile.base("trickle"), "-e", "-m", "100"],
    676,
    [
      [0, "SIGINT"],
      [7, "SIGINT"],
      [40, "SIGTERM"],
      [150, "SIGINT"],
    ],
  );
});

Deno.test("flags3: interrupted while flags wait in temporary files for their metadata", async (t) => {
  // Each response 0.05–0.4 s late: many GIFs sit in temporary files while their metadata is out.
  await using srv = await startFlagServer({
    localPort: 0,
    delayPort: 0,
    errorPort: 0,
    delay: [0.05, 0.4],
    seed: 3,
    quiet: true,
  });
  for (const task of ["flags3:asyncio", "flags3:threadpool"]) {
    await interruptFlags2Task(t, task, ["-s", srv.urls.DELAY, "-a", "-m", "50"], 194, [
      [0, "SIGINT"],
      [5, "SIGTERM"],
      [60, "SIGINT"],
    ]);
  }
});

Deno.test("flags:asyncio: interrupted, removes what is in flight and exits 130", async () => {
  await using hostile = startHostileServer();
  const dest = await Deno.makeTempDir({
    dir: join(PROJECT_ROOT, "downloads"),
    prefix: ".interrupt-asyncio-",
  });
  try {
    const shown = (stdout: string) => stdout.match(/\b[A-Z]{2} /g)?.length ?? 0;
    const run = await interruptAfter((await taskCommand("flags:asyncio")).args, {
      cwd: PROJECT_ROOT,
      env: { FLAGS_BASE_URL: hostile.base("trickle"), FLAGS_DEST_DIR: dest },
      destDir: dest,
      seen: shown,
      after: 3,
      signal: "SIGINT",
    });
    assert.equal(run.code, 130, run.stderr);
    assert.deepEqual(run.files.filter((name) => !name.endsWith(".gif")), [], "leftovers");
    const counted = /\n(\d+) flags downloaded in \d+\.\d\ds\n$/.exec(run.stdout);
    assert.ok(counted, run.stdout);
    assert.ok(Number(counted[1]) >= 3 && Number(counted[1]) < 20, run.stdout);
    assert.equal(run.files.length, Number(counted[1]));
    assert.equal(run.stderr, "flags:asyncio: interrupted by SIGINT\n");
  } finally {
    await Deno.remove(dest, { recursive: true });
  }
});
