/**
 * The flags3 strategies: flags2's pool and asyncio strategies, with flags3's
 * {@linkcode downloadOne} (the GIF, then `metadata.json`; saved as
 * `{country}-{CC}.gif`).
 *
 * - {@linkcode downloadManyPool3} (`flags3_threadpool.py`): each code is one
 *   call on an `AsyncPoolExecutor(concurReq)`, its two requests one after the
 *   other inside it — at most `concurReq` in flight.
 * - {@linkcode downloadManyAsyncio3} (`flags3_asyncio.py`): every code
 *   started at once; each of its two requests holds the shared semaphore on
 *   its own — at most `concurReq` in flight, never more.
 *
 * @example
 * ```ts ignore
 * import { downloadManyAsyncio3 } from "./download_many.ts";
 *
 * const counter = await downloadManyAsyncio3("http://localhost:8001/flags", ["BR", "ZZ"], {
 *   concurReq: 2,
 *   destDir: "downloads",
 * });
 * console.log(counter); // { ok: 1, not_found: 1, error: 0 }; downloads/Brazil-BR.gif
 * ```
 *
 * @module
 */

import { semaphoreStrategy } from "../flags2/asyncio.ts";
import type { Counter } from "../flags2/download.ts";
import {
  type DownloadMany,
  type DownloadManyOptions,
  downloadManyPool,
} from "../flags2/download_many.ts";
import { downloadOne } from "./download.ts";

/** `flags3_threadpool.py`'s `download_many`: one pool call per code, GIF then metadata. */
export function downloadManyPool3(
  baseUrl: string,
  ccList: readonly string[],
  options: DownloadManyOptions,
): Promise<Counter> {
  return downloadManyPool(baseUrl, ccList, { ...options, downloadOne });
}

/** `flags3_asyncio.py`'s `download_many`: each request holds the semaphore on its own. */
export const downloadManyAsyncio3: DownloadMany = semaphoreStrategy(downloadOne);
