/**
 * `deno task compile [TASK...]`: builds `bin/<name>` for `server.ts` and every
 * script (or just the tasks named), each with its task's permissions and its
 * worker modules and images embedded.
 *
 * `deno compile` fetches Deno's runtime (denort) from Deno's release site the
 * first time; offline, point `DENORT_BIN` at a denort binary. When the runtime
 * cannot be had, the first binary says why in one line and the run stops there
 * (every other binary would fail the same way); other failures are listed per
 * binary.
 *
 * @module
 */

import {
  exitWith,
  exitWithError,
  parseCommand,
  positionals,
  str,
  usageError,
} from "../lib/cli/command.ts";
import {
  checkDenortBin,
  compilePlans,
  DENORT_REMEDY,
  describeCompileFailure,
} from "../lib/project/compile_plan.ts";
import { PROJECT_ROOT } from "../lib/project/deno_tasks.ts";

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
  const message = `no such task: ${unknown.join(", ")} (one of ${names.join(", ")})`;
  exitWith({ kind: "usage-error", error: await usageError(COMMAND, message) });
}
const denortProblem = await checkDenortBin(Deno.env.get("DENORT_BIN"));
if (denortProblem !== undefined) exitWithError(COMMAND, denortProblem);

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
    continue;
  }
  const failure = describeCompileFailure(new TextDecoder().decode(stderr), code);
  if (failure.runtime) {
    exitWithError(
      COMMAND,
      `cannot get Deno's runtime (denort): ${failure.reason}; ${DENORT_REMEDY}`,
    );
  }
  failed++;
  console.log(`${plan.output.padEnd(24)} FAILED: ${failure.reason}`);
}
if (failed > 0) exitWithError(COMMAND, `${failed} binar${failed === 1 ? "y" : "ies"} failed`);
