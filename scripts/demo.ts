/**
 * `deno task demo`: the whole chapter in one command, ending with a table of
 * the times and speedups it measured. `--quick` shrinks delays and sizes.
 *
 * @module
 */

import { exitWithError, flag, int, option, runCommand, str } from "../lib/cli/command.ts";
import { firstLine } from "../lib/cli/fail.ts";
import { checkWorkerCount, MAX_WORKERS } from "../lib/cpu/jobs.ts";
import { Interrupt } from "../lib/flags/interrupt.ts";
import { formatTable, runTour } from "../lib/project/tour.ts";
import { renderReport } from "../lib/project/report.ts";
import { timelineProblem, TIMELINES_DIR, writeWhole } from "../lib/timeline/file.ts";

const COMMAND = {
  prog: "deno task demo",
  name: "demo",
  description: "Runs the whole chapter on its own flag server and prints a table of times.",
  epilog: "The steps: sequential vs pool vs workers on DELAY, demo:executor_map, " +
    "flags2:threadpool on ERROR, the CPU jobs on 1 and N workers.",
  options: {
    quick: flag(["--quick"], "shrink delays and job sizes: the whole tour in a few seconds"),
    workers: option(["--workers"], {
      metavar: "N",
      parse: int,
      default: undefined,
      check: checkWorkerCount("--workers"),
      help: `workers for the 'N workers' CPU steps (default: one per CPU; at most ${MAX_WORKERS})`,
    }),
    report: option(["--report"], {
      metavar: "FILE",
      parse: str,
      default: undefined,
      check: (path) => path === undefined ? undefined : timelineProblem(path),
      help: `write an HTML page with each step's timeline beside the table (in ${TIMELINES_DIR}/)`,
    }),
  },
};
const { quick, workers, report } = await runCommand(COMMAND);

using interrupt = new Interrupt();
try {
  const { rows, flags, flagsDir } = await runTour({
    quick,
    workers,
    signal: interrupt.signal,
    timelines: report !== undefined,
  });
  console.log(`\n${formatTable(rows)}`);
  if (report !== undefined) {
    await writeWhole(report, renderReport(`deno task demo${quick ? " --quick" : ""}`, rows));
    console.log(`\nThe report, with each step's timeline: ${report}`);
  }
  console.log(
    `\nThe flags went to a temporary folder, ${flagsDir}/ (${flags} files), now removed: ` +
      "downloads/ is as it was.",
  );
} catch (error) {
  if (interrupt.received !== undefined) {
    const message = `interrupted by ${interrupt.received}; its temporary folder is removed`;
    exitWithError(COMMAND, message, interrupt.exitStatus);
  }
  exitWithError(COMMAND, firstLine(error));
}
