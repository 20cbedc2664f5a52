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

const DEFAULT_CONCUR_REQ = 30;
const MAX_CONCUR_REQ = 1000; // whatever -m says

Deno.exit(await main(downloadManyPool, DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ));
