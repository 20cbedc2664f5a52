import assert from "node:assert/strict";
import { ARCFOUR_KEY, arcfourJobSizes, parseJobArgs, UsageError } from "../lib/cpu/jobs.ts";
import { arcfourTest, fillRandom, sha } from "../lib/cpu/tasks.ts";
import { WorkerPoolExecutor } from "../lib/futures/worker_pool.ts";
import { asCompleted } from "../lib/futures/future.ts";
import { taskCommand } from "../lib/project/deno_tasks.ts";
import { firstLine } from "../lib/cli/fail.ts";

const ROOT = new URL("../", import.meta.url);
const TASKS = new URL("../lib/cpu/tasks.ts", import.meta.url);
const DEFAULTS = { size: 2 ** 18, jobs: 12 };

/** Runs a task as `deno task` would (same flags, repo root as cwd); collects its output. */
async function runTask(name: string, ...args: string[]) {
  const cmd = new Deno.Command(Deno.execPath(), {
    args: [...(await taskCommand(name)).args, ...args],
    cwd: ROOT,
    stdin: "null",
    env: { NO_COLOR: "1" },
  });
  const { code, stdout, stderr } = await cmd.output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

Deno.test("arcfourJobSizes computes the seed's sizes (Python's int() truncates toward 0)", () => {
  // From the seed: [SIZE + int(SIZE / JOBS * (i - JOBS/2)) for i in range(JOBS, 0, -1)]
  assert.deepEqual(arcfourJobSizes(), [
    393216,
    371370,
    349525,
    327680,
    305834,
    283989,
    262144,
    240299,
    218454,
    196608,
    174763,
    152918,
  ]);
  assert.deepEqual(arcfourJobSizes(1000, 5), [1500, 1300, 1100, 900, 700]);
  assert.equal(arcfourJobSizes(2 ** 23).reduce((a, b) => a + b), 104857600);
});

Deno.test("parseJobArgs: defaults, WORKERS, --size, --jobs, --help", () => {
  assert.deepEqual(parseJobArgs([], DEFAULTS), {
    workers: undefined,
    size: 2 ** 18,
    jobs: 12,
    help: false,
  });
  assert.deepEqual(parseJobArgs(["3", "--size", "8388608", "--jobs=4"], DEFAULTS), {
    workers: 3,
    size: 8388608,
    jobs: 4,
    help: false,
  });
  assert.equal(parseJobArgs(["--jobs", "2", "7"], DEFAULTS).workers, 7);
  assert.equal(parseJobArgs(["-h"], DEFAULTS).help, true);
  assert.equal(parseJobArgs(["--help"], DEFAULTS).help, true);
  assert.equal(parseJobArgs(["--size=100"], DEFAULTS).size, 100);
});

Deno.test("parseJobArgs rejects 0, negatives, non-numbers and extra arguments", () => {
  const bad: Array<[string[], RegExp]> = [
    [["0"], /WORKERS .* got "0"/],
    [["-2"], /WORKERS .* got "-2"/],
    [["abc"], /WORKERS .* got "abc"/],
    [["2.5"], /WORKERS .* got "2.5"/],
    [["1e3"], /WORKERS/],
    [["1", "2"], /too many arguments/],
    [["--size", "0"], /--size/],
    [["--size", "-5"], /--size .* got "-5"/],
    [["--jobs", "x"], /--jobs/],
    [["--size"], /--size needs a value/],
    [["--bogus"], /^unknown option --bogus$/],
    [["-x"], /^unknown option -x$/],
  ];
  for (const [args, message] of bad) {
    assert.throws(() => parseJobArgs(args, DEFAULTS), (e) => {
      assert.ok(e instanceof UsageError, `${args} → UsageError`);
      assert.match(e.message, message);
      assert.doesNotMatch(e.message, /\n/);
      return true;
    });
  }
});

Deno.test("firstLine keeps the first line of an error's message", () => {
  assert.equal(firstLine(new Error("worker died\n    at x.ts:1:1")), "worker died");
  assert.equal(firstLine("plain"), "plain");
});

Deno.test("task functions: arcfourTest returns its size, sha a hex SHA-256", async () => {
  assert.equal(arcfourTest(100_003, ARCFOUR_KEY), 100_003);
  assert.equal(arcfourTest(0, new Uint8Array([1, 2, 3])), 0);
  // The SHA-256 of zero bytes is a known answer; random input gives 64 hex digits.
  assert.equal(await sha(0), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  assert.match(await sha(70_000), /^[0-9a-f]{64}$/);
  assert.throws(() => arcfourTest(-1, "k"), { name: "RangeError", message: /size/ });
  await assert.rejects(sha(2.5), { name: "RangeError", message: /size/ });
});

Deno.test("fillRandom fills more than one 64 KiB chunk", () => {
  const bytes = fillRandom(new Uint8Array(3 * 65_536 + 5));
  // Each 64 KiB chunk of random bytes is all zeros with probability 2^-524288.
  for (let at = 0; at < bytes.length; at += 65_536) {
    assert.ok(bytes.subarray(at, at + 65_536).some((b) => b !== 0), `chunk at ${at}`);
  }
});

Deno.test("fillRandom fills unaligned views exactly, and two calls differ", () => {
  const buffer = new Uint8Array(16);
  fillRandom(buffer.subarray(1, 8)); // unaligned, with a 3-byte tail after one word
  assert.equal(buffer[0], 0);
  assert.deepEqual([...buffer.subarray(8)], new Array(8).fill(0));
  // 7 random bytes are all zero with probability 2^-56.
  assert.ok(buffer.subarray(1, 8).some((b) => b !== 0));
  // The generator moves on: two 64-byte fills are equal with probability 2^-512.
  assert.notDeepEqual(fillRandom(new Uint8Array(64)), fillRandom(new Uint8Array(64)));
});

Deno.test("jobs run in workers; a job that fails surfaces as a failed future", async () => {
  await using pool = new WorkerPoolExecutor<typeof import("../lib/cpu/tasks.ts")>(TASKS, {
    maxWorkers: 2,
  });
  const sizes = arcfourJobSizes(4096, 6);
  const good = sizes.map((size) => pool.submit("arcfourTest", size, ARCFOUR_KEY));
  const longKey = pool.submit("arcfourTest", 10, "k".repeat(300));
  const badSize = pool.submit("sha", -1);
  const results: number[] = [];
  for await (const f of asCompleted(good)) results.push(await f.result());
  assert.deepEqual(results.toSorted((a, b) => a - b), sizes.toSorted((a, b) => a - b));
  await assert.rejects(longKey.result(), {
    name: "RangeError",
    message: "key is longer than 256 bytes (300)",
  });
  await assert.rejects(badSize.result(), { name: "RangeError", message: /got -1/ });
  assert.match(await pool.submit("sha", 1024).result(), /^[0-9a-f]{64}$/);
});

Deno.test("deno task arcfour prints the seed's three lines", async () => {
  const { code, stdout, stderr } = await runTask("arcfour");
  assert.equal(stderr, "");
  assert.equal(code, 0);
  assert.match(stdout, /^elapse time: \d+\.\d\ds\nelapsed time: \d+\.\d\ds\nOK\n$/);
});

Deno.test("deno task arcfour:futures prints N workers, elapsed time (with its own grants)", async () => {
  const { code, stdout, stderr } = await runTask("arcfour:futures", "2", "--size", "20000");
  assert.equal(stderr, "");
  assert.equal(code, 0);
  assert.match(stdout, /^2 workers, elapsed time: \d+\.\d\ds\n$/);
});

Deno.test("deno task sha:futures defaults to the CPU count", async () => {
  const { code, stdout, stderr } = await runTask("sha:futures", "--size", "20000", "--jobs", "3");
  assert.equal(stderr, "");
  assert.equal(code, 0);
  const workers = navigator.hardwareConcurrency;
  assert.match(stdout, new RegExp(`^${workers} workers, elapse time: \\d+\\.\\d\\ds\\n$`));
});

Deno.test("futures scripts: bad WORKERS is a one-line usage error, exit 1", async () => {
  for (
    const [task, arg] of [["sha:futures", "0"], ["arcfour:futures", "-1"], ["sha:futures", "x"]]
  ) {
    const { code, stdout, stderr } = await runTask(task, arg);
    assert.equal(code, 1, `${task} ${arg}`);
    assert.equal(stdout, "");
    assert.match(stderr, /^\w+_futures: .*\(usage: \w+_futures \[WORKERS\] .*\)\n$/);
  }
  const help = await runTask("arcfour:futures", "--help");
  assert.equal(help.code, 0);
  assert.equal(help.stdout, "usage: arcfour_futures [WORKERS] [--size BYTES] [--jobs N]\n");
});
