/**
 * `deno task compile [TASK...]`: builds `bin/<name>` for `server.ts` and every
 * script (or just the tasks named), each with its task's permissions and its
 * worker modules and images embedded.
 *
 * `deno compile` fetches Deno's runtime (denort) from Deno's release site the
 * first time; offline, point `DENORT_BIN` at a denort binary.
 *
 * @module
 */

import { exitWith, parseCommand, positionals, str, usageError } from "../lib/cli/command.ts";
import { compilePlans } from "../lib/project/compile_plan.ts";
import { PROJECT_ROOT } from "../lib/project/deno_tasks.ts";
import { fail } from "../lib/cli/fail.ts";

const plans = await compilePlans();
const names = plans.map((plan) => plan.task);
const COMMAND = {
  prog: "deno task compile",
  name: "compile",
  description: "Builds bin/<script> with `deno compile` for the server and every script.",
  epilog: "Each binary has its task's permissions; TASK names limit the build to those tasks. " +
    "Offline, set DENORT_BIN to a denort binary.",
  options: {
    tasks: positionals({ metavar: "TASK", parse: str, help: `one of ${names.join(", ")}` }),
  },
};
const parsed = await parseCommand(COMMAND, Deno.args);
if (parsed.kind !== "run") exitWith(parsed);
const wanted = new Set(parsed.values.tasks);
const unknown = [...wanted].filter((name) => !names.includes(name));
if (unknown.length > 0) {
  exitWith({
    kind: "usage-error",
    error: await usageError(
      COMMAND,
      `no such task: ${unknown.join(", ")} (one of ${names.join(", ")})`,
    ),
  });
}

let failed = 0;
for (const plan of plans.filter((plan) => wanted.size === 0 || wanted.has(plan.task))) {
  const { code, stderr } = await new Deno.Command("deno", {
    args: plan.args,
    cwd: PROJECT_ROOT,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code === 0) {
    console.log(`${plan.output.padEnd(24)} ok`);
  } else {
    failed++;
    const text = new TextDecoder().decode(stderr);
    const [report] = text.split("Stack backtrace:");
    const lines = report.split("\n").map((line) => line.trim().replace(/^\d+: /, ""));
    const error = lines.find((line) => line.startsWith("error:")) ?? `exit status ${code}`;
    const cause = lines.find((line) => line.includes("://")) ?? lines.filter(Boolean).at(-1);
    const reason = cause && cause !== error ? `${error} (${cause})` : error;
    console.log(`${plan.output.padEnd(24)} FAILED: ${reason}`);
  }
}
if (failed > 0) {
  fail(
    `compile: ${failed} binar${failed === 1 ? "y" : "ies"} failed` +
      (Deno.env.get("DENORT_BIN") ? "" : " (offline? set DENORT_BIN to a denort binary)"),
  );
}
