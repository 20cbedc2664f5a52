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

const DEFAULT_CONCUR_REQ = 1;
const MAX_CONCUR_REQ = 1; // whatever -m says

Deno.exit(await main(downloadManySequential, DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ));
