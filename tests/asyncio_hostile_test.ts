/**
 * The asyncio-style and flags3 clients in a hostile world: a 200 is a flag only if it is one
 * (the shared checked download), an error for that code leaves nothing behind, and memory
 * stays bounded against endless bodies. The misbehaving server is
 * tests/fixtures/hostile_flags.ts, in-process on a free port.
 */
import assert from "node:assert/strict";
import { startHostileServer } from "./fixtures/hostile_flags.ts";
import { runFlagsTask } from "./fixtures/flags_runs.ts";

const TASKS = ["flags2:asyncio", "flags3:threadpool", "flags3:asyncio"];

Deno.test("a 200 that is not a GIF is an error for that code; nothing is saved", async (t) => {
  await using hostile = startHostileServer();
  for (const task of TASKS) {
    await t.step(task, async () => {
      const run = await runFlagsTask(task, ["-v", "-s", hostile.base("html"), "br", "cn"]);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(
        run.stdout.trimEnd().split("\n").slice(3, -1).sort(),
        [
          '*** Error for BR:not a GIF (it starts with "<html><body>")',
          '*** Error for CN:not a GIF (it starts with "<html><body>")',
          "--------------------",
          "0 flags downloaded.",
          "2 errors.",
        ].sort(),
      );
      assert.deepEqual(run.files, [], "no flag and no temporary file");
    });
  }
});

/** GNU time measures a child's peak memory. */
const GNU_TIME = "/usr/bin/time";
const noGnuTime = await Deno.stat(GNU_TIME).then(
  () => undefined,
  () => `${GNU_TIME} is missing (Debian package time)`,
);
if (noGnuTime) console.log(`asyncio_hostile_test: skipping the peak-memory test: ${noGnuTime}`);

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
