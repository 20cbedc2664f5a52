/**
 * `flags:processpool` with a chosen pool size, for bench/flags_compare.ts:
 * `deno run <the flags:processpool task's flags> bench/flags_processpool_workers.ts 20`.
 * The seed's script has no command line (its pool is one worker per CPU).
 * Each worker has ceil(20 / WORKERS) downloads in flight, as in the task.
 *
 * @module
 */

import { fail } from "../lib/cli/fail.ts";
import { main } from "../lib/flags/series1_main.ts";
import { downloadMany } from "../scripts/flags_processpool.ts";

const workers = Number(Deno.args[0]);
if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
  fail("usage: flags_processpool_workers.ts WORKERS (an integer from 1 to 64)");
}
await main(
  "flags:processpool",
  "flags:processpool on N workers (a bench).",
  (ccList) => downloadMany(ccList, workers),
);
