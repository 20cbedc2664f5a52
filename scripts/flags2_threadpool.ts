/**
 * Downloads flags with up to `-m` requests in flight on an `AsyncPoolExecutor`,
 * with error handling and a progress bar (the seed's `flags2_threadpool.py`).
 *
 * ```sh
 * deno task flags2:threadpool -s ERROR -al 100 -m 100
 * ```
 *
 * @module
 */

import { downloadManyPool } from "../lib/flags/flags2/download_many.ts";
import { main } from "../lib/flags/flags2/main.ts";

/** Default of `-m/--max_req`. */
const DEFAULT_CONCUR_REQ = 30;
/** A safety cap on concurrent requests, whatever `-m` says. */
const MAX_CONCUR_REQ = 1000;

// Exit at once: everything is awaited and written by now; this skips closing
// hundreds of idle keep-alive connections one by one at teardown (about 0.04 s).
Deno.exit(
  await main(downloadManyPool, {
    prog: "flags2_threadpool.ts",
    defaultConcurReq: DEFAULT_CONCUR_REQ,
    maxConcurReq: MAX_CONCUR_REQ,
  }),
);
