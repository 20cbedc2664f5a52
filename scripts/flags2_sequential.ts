/**
 * Downloads flags one at a time, with error handling and a progress bar
 * (the seed's `flags2_sequential.py`).
 *
 * ```sh
 * deno task flags2:sequential -s DELAY a b c
 * ```
 *
 * @module
 */

import { downloadManySequential } from "../lib/flags/flags2/download_many.ts";
import { main } from "../lib/flags/flags2/main.ts";

/** Default of `-m/--max_req`. */
const DEFAULT_CONCUR_REQ = 1;
/** One request at a time, whatever `-m` says. */
const MAX_CONCUR_REQ = 1;

// Exit at once: everything is awaited and written by now; this skips closing
// hundreds of idle keep-alive connections one by one at teardown (about 0.04 s).
Deno.exit(
  await main(downloadManySequential, {
    prog: "flags2_sequential.ts",
    defaultConcurReq: DEFAULT_CONCUR_REQ,
    maxConcurReq: MAX_CONCUR_REQ,
  }),
);
