/**
 * Downloads flags with every request started at once and at most `-m` in
 * flight through a `Semaphore`, no pool, with error handling and a progress
 * bar (the book's `flags2_asyncio.py`).
 *
 * ```sh
 * deno task flags2:asyncio -s DELAY -e -m 1000
 * ```
 *
 * @module
 */

import { downloadManyAsyncio } from "../lib/flags/flags2/asyncio.ts";
import { main } from "../lib/flags/flags2/main.ts";

// The book's: "default set low to avoid errors from remote site, such as
// 503 - Service Temporarily Unavailable".
const DEFAULT_CONCUR_REQ = 5;
const MAX_CONCUR_REQ = 1000; // whatever -m says

Deno.exit(await main(downloadManyAsyncio, DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ));
