/**
 * `deno task demo`: the whole chapter in one command, ending with a table of
 * the times and speedups it measured. `--quick` shrinks delays and sizes.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { fail, firstLine } from "../lib/cli/fail.ts";
import { formatTable, runTour } from "../lib/project/tour.ts";

const USAGE = "usage: deno task demo [--quick] [--workers N]";

let values;
try {
  ({ values } = parseArgs({
    args: Deno.args,
    options: {
      quick: { type: "boolean", default: false },
      workers: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  }));
} catch (error) {
  fail(`demo: ${firstLine(error)}\n${USAGE}`);
}
if (values.help) {
  console.log(`${USAGE}

Starts the flag server on free ports, runs the chapter's scripts in order
(sequential vs pool vs workers on DELAY, demo:executor_map, flags2:threadpool
on ERROR, the CPU jobs on 1 and N workers) and prints what each took.`);
  Deno.exit(0);
}
const workers = values.workers === undefined ? undefined : Number(values.workers);
if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) {
  fail(`demo: --workers must be an integer >= 1, got "${values.workers}"\n${USAGE}`);
}

try {
  const rows = await runTour({ quick: values.quick, workers });
  console.log(`\n${formatTable(rows)}`);
} catch (error) {
  fail(`demo: ${(error as Error).message}`);
}
