import assert from "node:assert/strict";
import { PROJECT_ROOT as ROOT, taskCommand } from "../lib/project/deno_tasks.ts";

const TASK = "demo:executor_map";
const UNIT = 0.05;

async function run(...extra: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [...(await taskCommand(TASK)).args, ...extra],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

Deno.test("demo:executor_map: map yields in input order, three at a time", async () => {
  const { code, stdout, stderr } = await run("--unit", String(UNIT));
  assert.deepEqual(stderr, "");
  assert.deepEqual(code, 0);
  const lines = stdout.trimEnd().split("\n");
  for (const line of lines) assert.match(line, /^\[\d\d:\d\d:\d\d\] /);
  const texts = lines.map((line) => line.slice("[HH:MM:SS] ".length));
  const at = (text: string) => {
    const i = texts.indexOf(text);
    assert.ok(i >= 0, `missing line ${JSON.stringify(text)} in\n${stdout}`);
    return i;
  };

  assert.deepEqual(texts[0], "Script starting.");
  const results = texts.findIndex((t) => t.startsWith("results: "));
  assert.match(texts[results], /^results: <AsyncGenerator object AsyncPoolExecutor\.map>$/);
  assert.deepEqual(texts[results + 1], "Waiting for individual results:");

  const starts: number[] = [];
  const dones: number[] = [];
  const resultLines: number[] = [];
  for (let n = 0; n < 5; n++) {
    const tabs = "\t".repeat(n);
    starts.push(at(`${tabs}loiter(${n}): doing nothing for ${Number((n * UNIT).toFixed(3))} s...`));
    dones.push(at(`${tabs}loiter(${n}): done.`));
    resultLines.push(at(`result ${n}: ${n * 10}`));
    assert.ok(starts[n] < dones[n] && dones[n] < resultLines[n], `loiter(${n}) out of order`);
  }
  // map submits everything at once: the first three start before it returns.
  for (const n of [0, 1, 2]) assert.ok(starts[n] < results, `loiter(${n}) should start at once`);
  // Three workers: the fourth and fifth calls wait for the first and second to finish.
  assert.ok(starts[3] > Math.min(...dones), "loiter(3) started before any worker was free");
  assert.ok(starts[4] > [...dones].sort((a, b) => a - b)[1], "loiter(4) started too early");
  // The results come in input order.
  assert.deepEqual(resultLines, [...resultLines].sort((a, b) => a - b));
  assert.deepEqual(texts.filter((t) => t.startsWith("result ")).length, 5);
});

Deno.test("demo:executor_map: a bad --unit is the task's usage error, exit 1 or 2", async () => {
  const cases: Array<[string[], number, RegExp]> = [
    [["--unit", "soon"], 2, /^argument --unit: invalid float value: 'soon'$/],
    [["--unit", "-1"], 1, /^--unit must be a number of seconds from 0 to 60, got -1$/],
    [["--unit", "61"], 1, /^--unit must be a number of seconds from 0 to 60, got 61$/],
    [["--frobnicate"], 1, /^unrecognized arguments: --frobnicate$/],
    [["extra"], 1, /^unrecognized arguments: extra$/],
  ];
  for (const [args, status, message] of cases) {
    const { code, stdout, stderr } = await run(...args);
    assert.deepEqual(code, status, `args ${args.join(" ")}`);
    assert.deepEqual(stdout, "");
    const [first, ...usage] = stderr.trimEnd().split("\n");
    assert.match(first.replace(/^demo:executor_map: /, ""), message, stderr);
    assert.ok(first.startsWith("demo:executor_map: "), stderr);
    assert.deepEqual(usage, [
      "usage: deno task demo:executor_map [-h] [--unit SECONDS] [--timeline FILE]",
    ]);
  }
});
