import assert from "node:assert/strict";
import {
  ARCFOUR_KEY,
  arcfourJobSizes,
  jobCommand,
  MAX_WORKERS,
  runTimes,
  startupNote,
  WORKERS_PER_CPU,
} from "../lib/cpu/jobs.ts";
import { parseCommand } from "../lib/cli/command.ts";
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

const COMMAND = jobCommand("arcfour:futures", "RC4 jobs", DEFAULTS);

/** Parses a futures script's command line; a usage error comes back as `{ status, message }`. */
async function parseJobArgs(args: string[]) {
  const parsed = await parseCommand(COMMAND, args, { columns: 80 });
  if (parsed.kind === "usage-error") {
    return { status: parsed.error.status, message: parsed.error.message };
  }
  return parsed;
}

Deno.test("the futures scripts' command line: defaults, WORKERS, --size, --jobs, --help", async () => {
  const values = async (args: string[]) => {
    const parsed = await parseJobArgs(args);
    assert.ok("kind" in parsed && parsed.kind === "run", JSON.stringify(parsed));
    return parsed.values;
  };
  assert.deepEqual(await values([]), {
    workers: undefined,
    size: 2 ** 18,
    jobs: 12,
    timeline: undefined,
  });
  assert.deepEqual(await values(["3", "--size", "8388608", "--jobs=4", "--timeline", "t.svg"]), {
    workers: 3,
    size: 8388608,
    jobs: 4,
    timeline: "t.svg",
  });
  assert.equal((await values(["--jobs", "2", "7"])).workers, 7);
  assert.equal((await values(["--size=100"])).size, 100);
  for (const help of ["-h", "--help"]) {
    const parsed = await parseJobArgs([help]);
    assert.ok("kind" in parsed && parsed.kind === "help");
    assert.match(parsed.text, /^usage: deno task arcfour:futures \[-h\] \[--size BYTES\]/);
  }
});

Deno.test("the futures scripts refuse 0, negatives, non-numbers, extra arguments, too many workers", async () => {
  const bad: Array<[string[], 1 | 2, RegExp]> = [
    [["0"], 1, /WORKERS must be an integer from 1 to \d+ \(16 per CPU\), got 0/],
    [["-2"], 1, /WORKERS .* got -2/],
    [[String(MAX_WORKERS + 1)], 1, new RegExp(`WORKERS .* to ${MAX_WORKERS} .*, got`)],
    [["abc"], 2, /argument WORKERS: invalid int value: 'abc'/],
    [["2.5"], 2, /argument WORKERS: invalid int value: '2.5'/],
    [["1e3"], 2, /argument WORKERS: invalid int value: '1e3'/],
    [["1", "2"], 1, /unrecognized arguments: 2/],
    [["--size", "0"], 1, /--size must be/],
    [["--size", "-5"], 1, /--size .* got -5/],
    [["--jobs", "x"], 2, /argument --jobs: invalid int value: 'x'/],
    [["--size"], 2, /argument --size: expected one argument/],
    [["--bogus"], 1, /unrecognized arguments: --bogus/],
    [["-x"], 1, /unrecognized arguments: -x/],
  ];
  for (const [args, status, message] of bad) {
    const parsed = await parseJobArgs(args);
    assert.ok("status" in parsed, `${args} was accepted`);
    assert.equal(parsed.status, status, args.join(" "));
    const [first, ...usage] = parsed.message.split("\n");
    assert.match(first, new RegExp(`^arcfour:futures: ${message.source}`), args.join(" "));
    assert.match(usage.join("\n"), /^usage: deno task arcfour:futures /);
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
  const { code, stdout, stderr } = await runTask("arcfour:futures", "1", "--size", "20000");
  assert.equal(stderr, "", "one worker: nothing to note");
  assert.equal(code, 0);
  assert.match(stdout, /^1 workers, elapsed time: \d+\.\d\ds\n$/);
});

Deno.test("deno task sha:futures defaults to the CPU count", async () => {
  const { code, stdout, stderr } = await runTask("sha:futures", "--size", "20000", "--jobs", "3");
  assert.match(stderr, /^(sha:futures: note: [^\n]+\n)?$/, "at most the start-up note");
  assert.equal(code, 0);
  const workers = navigator.hardwareConcurrency;
  assert.match(stdout, new RegExp(`^${workers} workers, elapse time: \\d+\\.\\d\\ds\\n$`));
});

Deno.test("futures scripts: a bad WORKERS is the task's usage error, exit 1 or 2", async () => {
  for (
    const [task, arg, status] of [
      ["sha:futures", "0", 1],
      ["arcfour:futures", "-1", 1],
      ["sha:futures", "x", 2],
    ] as const
  ) {
    const { code, stdout, stderr } = await runTask(task, arg);
    assert.equal(code, status, `${task} ${arg}`);
    assert.equal(stdout, "");
    assert.match(stderr, new RegExp(`^${task}: [^\n]*WORKERS[^\n]*\nusage: deno task ${task} `));
  }
  const help = await runTask("arcfour:futures", "--help");
  assert.equal(help.code, 0);
  assert.match(
    help.stdout,
    /^usage: deno task arcfour:futures \[-h\] \[--size BYTES\] \[--jobs N\]/,
  );
  assert.match(help.stdout, /^ {2}WORKERS +how many workers/m);
});

Deno.test("every script that takes a worker count refuses more than 16 per CPU, in one line", async () => {
  assert.equal(MAX_WORKERS, WORKERS_PER_CPU * navigator.hardwareConcurrency);
  const tooMany = String(MAX_WORKERS + 1);
  const bound = `must be an integer from 1 to ${MAX_WORKERS} (16 per CPU), got ${tooMany}`;
  for (
    const [task, args, what] of [
      ["arcfour:futures", [tooMany], "WORKERS"],
      ["sha:futures", [tooMany], "WORKERS"],
      ["sha:futures", ["4096"], "WORKERS"],
      ["demo", ["--workers", tooMany], "--workers"],
    ] as const
  ) {
    const { code, stdout, stderr } = await runTask(task, ...args);
    assert.equal(code, 1, `${task} ${args.join(" ")}`);
    assert.equal(stdout, "");
    const [first, usage, ...rest] = stderr.split("\n");
    assert.equal(first, `${task}: ${what} ${bound.replace(tooMany, args.at(-1)!)}`);
    assert.match(usage, new RegExp(`^usage: deno task ${task} `));
    assert.equal(rest.pop(), "");
    assert.ok(rest.every((line) => /^ {10,}\[/.test(line)), `only the usage goes on: ${rest}`);
  }
  const help = await runTask("arcfour:futures", "--help");
  assert.match(help.stdout, new RegExp(`at most ${MAX_WORKERS}\\)`));
});

Deno.test("runTimes: the jobs' time in all, and when the last worker started its first job", () => {
  const t0 = 1_000_000;
  const job = (worker: number, start: number, ms: number) => ({
    value: 0,
    worker,
    startedAt: t0 + start,
    ms,
  });
  // Worker A starts at 10 ms and runs three jobs; worker B starts at 40 ms and runs one.
  const times = runTimes([job(1, 10, 5), job(1, 15, 5), job(2, 40, 5), job(1, 20, 5)], t0);
  assert.equal(times.jobSeconds, 0.02);
  assert.equal(times.lastWorkerStart, 0.04);
});

Deno.test("startupNote: only for more than one worker whose start-up outweighs its share", () => {
  assert.equal(startupNote(1, { jobSeconds: 0.03, lastWorkerStart: 0.5 }, 2 ** 18), undefined);
  assert.equal(startupNote(2, { jobSeconds: 2, lastWorkerStart: 0.03 }, 2 ** 18), undefined);
  assert.equal(
    startupNote(4, { jobSeconds: 0.03, lastWorkerStart: 0.06 }, 2 ** 18),
    "the jobs took 0.03s in all, but the last of 4 workers started after 0.06s: at this size, " +
      "starting workers costs more than they save; try --size 33554432 to see them speed the " +
      "jobs up",
  );
  // The size suggested never passes the cap on a job's size.
  assert.match(
    startupNote(4, { jobSeconds: 0.0001, lastWorkerStart: 1 }, 2 ** 29)!,
    /--size 1073741824 /,
  );
});

Deno.test("newcomer 3: more workers at the seed's size: one note line with this run's figures", async () => {
  const note = (task: string, workers: number) =>
    new RegExp(
      `^${task}: note: the jobs took (\\d+\\.\\d\\d)s in all, but the last of ${workers} workers ` +
        `started after (\\d+\\.\\d\\d)s: at this size, starting workers costs more than they ` +
        `save; try --size (\\d+) to see them speed the jobs up\\n$`,
    );
  for (const task of ["arcfour:futures", "sha:futures"]) {
    const ran = await runTask(task, "4");
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /^4 workers, elapsed? time: \d+\.\d\ds\n$/);
    const m = note(task, 4).exec(ran.stderr);
    assert.ok(m, ran.stderr);
    assert.ok(Number(m[3]) > JOB_DEFAULT_SIZES[task], `--size ${m[3]} is bigger than the seed's`);
    const alone = await runTask(task, "1");
    assert.equal(alone.stderr, "", "one worker: no note");
  }
  // At a size that scales, the jobs outweigh the start-up: no note.
  const big = await runTask("arcfour:futures", "2", "--size", String(2 ** 22));
  assert.equal(big.code, 0);
  assert.equal(big.stderr, "");
});

const JOB_DEFAULT_SIZES: Record<string, number> = {
  "arcfour:futures": 2 ** 18,
  "sha:futures": 2 ** 20,
};
