/**
 * Downloads flags and their countries' names (`metadata.json`) all at once,
 * no pool: each request holds a permit of a `Semaphore(-m)` on its own. Saves
 * `{country}-{CC}.gif`, with error handling and a progress bar (the book's
 * `flags3_asyncio.py`).
 *
 * ```sh
 * deno task flags3:asyncio -s DELAY -a -m 1000
 * ```
 *
 * @module
 */

import { downloadManyAsyncio3 } from "../lib/flags/flags3/download_many.ts";
import { main } from "../lib/flags/flags2/main.ts";

const DEFAULT_CONCUR_REQ = 5;
const MAX_CONCUR_REQ = 1000; // whatever -m says

Deno.exit(await main(downloadManyAsyncio3, DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ));
