/**
 * `deno task demo`: the whole chapter in one command, ending with a table of
 * the times and speedups it measured. `--quick` shrinks delays and sizes.
 *
 * @module
 */

import { flag, int, option, runCommand } from "../lib/cli/command.ts";
import { fail } from "../lib/cli/fail.ts";
import { checkWorkerCount, MAX_WORKERS } from "../lib/cpu/jobs.ts";
import { formatTable, runTour } from "../lib/project/tour.ts";

const { quick, workers } = await runCommand({
  prog: "deno task demo",
  name: "demo",
  description: "Starts the flag server on free ports, runs the chapter's scripts in order " +
    "(sequential vs pool vs workers on DELAY, demo:executor_map, flags2:threadpool on ERROR, " +
    "the CPU jobs on 1 and N workers) and prints what each took.",
  options: {
    quick: flag(["--quick"], "shrink delays and job sizes: the whole tour in a few seconds"),
    workers: option(["--workers"], {
      metavar: "N",
      parse: int,
      default: undefined,
      check: checkWorkerCount("--workers"),
      help: `workers for the 'N workers' CPU steps (default: one per CPU; at most ${MAX_WORKERS})`,
    }),
  },
});

try {
  const rows = await runTour({ quick, workers });
  console.log(`\n${formatTable(rows)}`);
} catch (error) {
  fail(`demo: ${(error as Error).message}`);
}
