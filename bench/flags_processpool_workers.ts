/**
 * `flags:processpool` on a pool of 20 workers, the seed's `MAX_WORKERS` (its
 * `flags_processpool.py` defines it but passes no size: one process per CPU), for
 * bench/flags_compare.ts, which runs it with the `flags:processpool` task's flags from
 * deno.json: `deno run <those flags> bench/flags_processpool_workers.ts`. Like the task, it
 * takes no arguments; each worker has ceil(20 / 20) = 1 download in flight.
 *
 * @module
 */

import { main } from "../lib/flags/series1_main.ts";
import { downloadMany } from "../scripts/flags_processpool.ts";

/** The seed's `MAX_WORKERS`. */
const WORKERS = 20;

await main(
  "flags:processpool",
  `flags:processpool on ${WORKERS} workers (a bench).`,
  (ccList) => downloadMany(ccList, WORKERS),
);
