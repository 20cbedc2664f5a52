/**
 * The worker task module of `flags:processpool`: each named export runs in a
 * module worker of a `WorkerPoolExecutor`. A worker reads the same
 * `FLAGS_BASE_URL` / `FLAGS_DEST_DIR` as the main thread, as each process of
 * Python's pool imports the same `flags` module.
 *
 * @example
 * ```ts ignore
 * import { WorkerPoolExecutor } from "../futures/worker_pool.ts";
 * await using pool = new WorkerPoolExecutor<typeof import("./series1_tasks.ts")>(
 *   new URL("./series1_tasks.ts", import.meta.url),
 * );
 * console.log(await pool.submit("downloadOne", "BR").result()); // "BR"
 * ```
 *
 * @module
 */

import { abortDownloadsOn } from "./series1.ts";
import { Interrupt } from "./interrupt.ts";

// A worker receives Ctrl+C and SIGTERM too: it aborts its own downloads, so that no save is cut
// in the middle (a terminated worker could leave a temporary file behind).
abortDownloadsOn(new Interrupt().signal);

export {
  /** Downloads, shows and saves the flag of one country; returns its code. */
  downloadOne,
} from "./series1.ts";
