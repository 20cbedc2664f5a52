/**
 * Downloads flags and their countries' names (`metadata.json`) on an
 * `AsyncPoolExecutor(-m)`: each code's GIF, then its metadata, in one pool
 * call. Saves `{country}-{CC}.gif`, with error handling and a progress bar
 * (the book's `flags3_threadpool.py`).
 *
 * ```sh
 * deno task flags3:threadpool -s DELAY -a -m 1000
 * ```
 *
 * @module
 */

import { downloadManyPool3 } from "../lib/flags/flags3/download_many.ts";
import { main } from "../lib/flags/flags2/main.ts";

const DEFAULT_CONCUR_REQ = 30;
const MAX_CONCUR_REQ = 1000; // whatever -m says

Deno.exit(await main(downloadManyPool3, DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ));
