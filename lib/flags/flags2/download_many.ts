/**
 * The two `download_many` strategies of the flags2 series:
 * {@linkcode downloadManySequential} (`flags2_sequential.py`: one request at a
 * time, in alphabetical order) and {@linkcode downloadManyPool}
 * (`flags2_threadpool.py`: an {@linkcode AsyncPoolExecutor} with `submit` and
 * `asCompleted`, and a map from future to code for the error messages).
 *
 * Both count every code exactly once, as `ok`, `not_found` or `error`: no
 * per-flag failure ends the run. Without `verbose`, a tqdm-style progress bar
 * runs on stderr.
 *
 * @example
 * ```ts ignore
 * import { downloadManyPool } from "./download_many.ts";
 *
 * const counter = await downloadManyPool("http://localhost:8001/flags", ["BR", "CN", "ZZ"], {
 *   concurReq: 3,
 *   destDir: "downloads",
 * });
 * console.log(counter); // { ok: 2, not_found: 1, error: 0 }
 * ```
 *
 * @module
 */

import { AsyncPoolExecutor } from "../../futures/async_pool.ts";
import { asCompleted, type Future } from "../../futures/future.ts";
import { type ProgressOptions, track } from "../../progress.ts";
import { downloadOne, errorMessage, type Result } from "./download.ts";
import { type Counter, countError, countResult, newCounter } from "../run_report.ts";
import type { FetchFlagOptions } from "../checked_download.ts";
import { type TimelineRecorder, trackWith } from "../../timeline/recorder.ts";

/** Options shared by both strategies (`timeout`, `signal` and `maxBytes` go to each download). */
export interface DownloadManyOptions extends FetchFlagOptions {
  /** Requests in flight at most (the sequential strategy ignores it: always 1). */
  concurReq: number;
  /** Folder the flags are saved in; it must exist. */
  destDir: string;
  /** Print a line per code instead of the progress bar. */
  verbose?: boolean;
  /** Where verbose lines go; default `console.log`. */
  log?: (line: string) => void;
  /** Progress bar settings (output, width); `total` is filled in. */
  progress?: Omit<ProgressOptions, "total">;
  /** Records each code's download for a timeline (`--timeline`). */
  recorder?: TimelineRecorder;
  /** How one code is downloaded; default flags2's {@linkcode downloadOne} (flags3 has its own). */
  downloadOne?: (baseUrl: string, cc: string, options: DownloadManyOptions) => Promise<Result>;
}

/** The signature both strategies share (what the seed passes to `main`). */
export type DownloadMany = (
  baseUrl: string,
  ccList: readonly string[],
  options: DownloadManyOptions,
) => Promise<Counter>;

/**
 * Adds one outcome to `counter`, printing `*** Error for CC:...` in verbose mode. Once the run
 * is interrupted (`signal` aborted), errors are not counted: they are the interruption's.
 */
function tally(
  counter: Counter,
  cc: string,
  outcome: Ending,
  { verbose = false, log = console.log, signal }: DownloadManyOptions,
): void {
  if ("result" in outcome) {
    countResult(counter, outcome.result.status);
    return;
  }
  if (signal?.aborted) return;
  countError(counter, outcome.error);
  if (verbose) log(`*** Error for ${cc}:${errorMessage(outcome.error)}`); // the seed's format
}

/**
 * Downloads the flags one at a time, in alphabetical order.
 *
 * @example
 * ```ts ignore
 * import { downloadManySequential } from "./download_many.ts";
 * await downloadManySequential("http://localhost:8001/flags", ["BR"], {
 *   concurReq: 1,
 *   destDir: "downloads",
 * });
 * ```
 */
export async function downloadManySequential(
  baseUrl: string,
  ccList: readonly string[],
  options: DownloadManyOptions,
): Promise<Counter> {
  const counter = newCounter();
  const sorted = [...ccList].sort();
  const codes = options.verbose
    ? sorted
    : track(sorted, { ...options.progress, total: sorted.length });
  for await (const cc of codes) {
    if (options.signal?.aborted) break;
    const download = () => (options.downloadOne ?? downloadOne)(baseUrl, cc, options);
    try {
      const result = await trackWith(options.recorder, cc, download);
      tally(counter, cc, { result }, options);
    } catch (error) {
      tally(counter, cc, { error }, options);
    }
  }
  return counter;
}

/** How a code's download ended: its result, or what it threw. */
export type Ending = { result: Result } | { error: unknown };

/**
 * Counts the codes of `toDo` (a code by whatever stands for its download) as their downloads
 * end, in the order `asEnded` yields them — the seed's `as_completed` loop — with the progress
 * bar unless verbose. Once the run is interrupted the bar stops there, and the downloads still
 * going, aborted at once, are counted as they end.
 *
 * @param ending what an item of `asEnded` says: whose download it is and how it ended
 */
export async function countAsTheyEnd<K, E>(
  toDo: Map<K, string>,
  asEnded: (keys: Iterable<K>) => AsyncIterable<E>,
  ending: (ended: E) => [K, Ending] | Promise<[K, Ending]>,
  options: DownloadManyOptions,
): Promise<Counter> {
  const counter = newCounter();
  const total = toDo.size;
  const count = async (ended: E) => {
    const [key, outcome] = await ending(ended);
    const cc = toDo.get(key)!;
    toDo.delete(key);
    tally(counter, cc, outcome, options);
  };
  const stream = asEnded(toDo.keys());
  const done = options.verbose ? stream : track(stream, { ...options.progress, total });
  for await (const ended of done) {
    await count(ended);
    if (options.signal?.aborted) break; // the bar stops where the run was interrupted
  }
  for await (const ended of asEnded([...toDo.keys()])) await count(ended);
  return counter;
}

/**
 * How many downloads are started between turns of the event loop. A `fetch`
 * reaches its socket only when the loop turns, so submitting hundreds in one go
 * holds back the first request until the last one is prepared (~0.2 s for 676);
 * yielding every 32 puts the first requests on the wire at once (measured with
 * bench/flags2_delay_timeline.ts: 8 and 128 were slower).
 */
export const SUBMIT_BATCH = 32;

/** Resolves on a later turn of the event loop (after pending I/O is polled). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Downloads the flags with at most `concurReq` requests in flight: every code
 * is submitted to an {@linkcode AsyncPoolExecutor}, and the results are
 * taken as they complete.
 *
 * @example
 * ```ts ignore
 * import { downloadManyPool } from "./download_many.ts";
 * await downloadManyPool("http://localhost:8001/flags", ["BR", "CN"], {
 *   concurReq: 2,
 *   destDir: "downloads",
 * });
 * ```
 */
export async function downloadManyPool(
  baseUrl: string,
  ccList: readonly string[],
  options: DownloadManyOptions,
): Promise<Counter> {
  await using executor = new AsyncPoolExecutor(options.concurReq, {
    observer: options.recorder,
  });
  const toDoMap = new Map<Future<Result>, string>();
  let started = 0; // downloads started by submit (the rest wait in the pool's queue)
  for (const cc of [...ccList].sort()) {
    const future = executor.submit(options.downloadOne ?? downloadOne, baseUrl, cc, options);
    toDoMap.set(future, cc);
    if (future.running() && ++started % SUBMIT_BATCH === 0) await nextTurn();
  }
  return await countAsTheyEnd(toDoMap, asCompleted, async (future) => {
    try {
      return [future, { result: await future.result() }];
    } catch (error) {
      return [future, { error }];
    }
  }, options);
}
