/**
 * The asyncio-style `download_many` of the book's `flags2_asyncio.py`: no
 * pool. Every code's download starts at once as a plain promise, and an
 * explicit {@linkcode Semaphore} of `concurReq` permits bounds the requests
 * in flight; the outcomes are taken as they settle with
 * {@linkcode asSettled} (asyncio's `as_completed`), with the same progress bar,
 * verbose lines and accounting as the pool strategy.
 *
 * {@linkcode semaphoreStrategy} turns any "download one code while holding
 * the semaphore for each request" function into such a strategy: flags2's
 * holds it around its one request, flags3's around each of its two.
 *
 * @example
 * ```ts ignore
 * import { downloadManyAsyncio } from "./asyncio.ts";
 *
 * const counter = await downloadManyAsyncio("http://localhost:8001/flags", ["BR", "CN", "ZZ"], {
 *   concurReq: 2,
 *   destDir: "downloads",
 * });
 * console.log(counter); // { ok: 2, not_found: 1, error: 0 }
 * ```
 *
 * @module
 */

import { asSettled, type Settled } from "../../futures/future.ts";
import { Semaphore } from "../../futures/semaphore.ts";
import { downloadOne, type Result } from "./download.ts";
import {
  countAsTheyEnd,
  type DownloadMany,
  type DownloadManyOptions,
  nextTurn,
  SUBMIT_BATCH,
} from "./download_many.ts";

/** What a download holds while each of its requests is in flight: the semaphore's `acquire`. */
export type Permits = Pick<Semaphore, "acquire">;

/**
 * Downloads one code, holding a permit for each request it makes (and only
 * then), as the book's asyncio `download_one(cc, base_url, semaphore, verbose)`.
 * Resolves with the code's result (`ok` or `not_found`); rejects for an error.
 */
export type DownloadOneHolding = (
  baseUrl: string,
  cc: string,
  options: DownloadManyOptions,
  permits: Permits,
) => Promise<Result>;

/**
 * Starts `downloadOne` for `cc`; with a recorder, the timeline shows it from
 * the moment its first request gets a permit to when its last gives it back.
 */
function startDownload(
  downloadOne: DownloadOneHolding,
  baseUrl: string,
  cc: string,
  options: DownloadManyOptions,
  semaphore: Semaphore,
): Promise<Result> {
  const { recorder } = options;
  if (recorder === undefined) return downloadOne(baseUrl, cc, options, semaphore);
  return recorder.track(cc, (marks) =>
    downloadOne(baseUrl, cc, options, {
      acquire: async (opts) => {
        const permit = await semaphore.acquire(opts);
        marks.start();
        return {
          [Symbol.dispose]() {
            marks.end();
            permit[Symbol.dispose]();
          },
        };
      },
    }));
}

/**
 * The asyncio strategy for `downloadOne`: all codes started at once, in
 * alphabetical order, each request bounded by one shared
 * `Semaphore(concurReq)`; outcomes counted as they settle.
 *
 * @example
 * ```ts ignore
 * import { semaphoreStrategy } from "./asyncio.ts";
 * import { downloadOne } from "./download.ts";
 *
 * const downloadMany = semaphoreStrategy(async (baseUrl, cc, options, semaphore) => {
 *   using _ = await semaphore.acquire({ signal: options.signal });
 *   return await downloadOne(baseUrl, cc, options);
 * });
 * ```
 */
export function semaphoreStrategy(downloadOne: DownloadOneHolding): DownloadMany {
  return async (baseUrl, ccList, options) => {
    const semaphore = new Semaphore(options.concurReq);
    const toDo = new Map<Promise<Result>, string>();
    let started = 0; // downloads whose first request got a permit at once
    for (const cc of [...ccList].sort()) {
      const startsNow = !semaphore.locked();
      const download = startDownload(downloadOne, baseUrl, cc, options, semaphore);
      // asSettled reads every outcome below; a download that fails while the others are still
      // being started (no server, Ctrl+C) must not count as an unhandled rejection meanwhile.
      download.catch(() => {});
      toDo.set(download, cc);
      if (startsNow && ++started % SUBMIT_BATCH === 0) {
        // As the pool does, let the event loop put this batch of requests on the wire: first
        // let its downloads (each resumes a microtask after its permit) call fetch, then yield
        // (a timer set before those calls fires before their requests leave: ~35 ms later).
        await undefined;
        await nextTurn();
      }
    }
    return await countAsTheyEnd(toDo, asSettled, (settled: Settled<Promise<Result>>) => [
      settled.promise,
      settled.status === "fulfilled" ? { result: settled.value } : { error: settled.reason },
    ], options);
  };
}

/**
 * `flags2_asyncio.py`'s `download_many`: each flag's one request (and its
 * saving) holds a permit of the semaphore, so at most `concurReq` are in
 * flight.
 */
export const downloadManyAsyncio: DownloadMany = semaphoreStrategy(
  async (baseUrl, cc, options, semaphore) => {
    using _ = await semaphore.acquire({ signal: options.signal });
    return await downloadOne(baseUrl, cc, options);
  },
);
