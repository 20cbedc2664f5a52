/**
 * The flag test server: what the book set up with nginx (LOCAL) and two
 * vaurien proxies (DELAY, ERROR), in one process. What each listener does is
 * in `handler.ts`; this module loads the images and metadata, opens the
 * listeners (LOCAL optionally in several threads sharing its port) and closes
 * them.
 *
 * @example
 * ```ts
 * import { startFlagServer } from "./flag_server.ts";
 * const srv = await startFlagServer({ localPort: 0, delayPort: 0, errorPort: 0, quiet: true });
 * try {
 *   const res = await fetch(`${srv.urls.LOCAL}/br/br.gif`);
 *   console.log(res.status, (await res.bytes()).length > 0); // 200 true
 *   console.log(srv.stats().LOCAL.requests); // 1
 * } finally {
 *   await srv.shutdown();
 * }
 * ```
 *
 * @module
 */

import {
  type FlagServerOptions,
  OptionError,
  type ResolvedOptions,
  resolveOptions,
} from "./options.ts";
import { loadFlagImages } from "./images.ts";
import { loadMetadata } from "./metadata.ts";
import { createRouter, type FlagFiles } from "./routes.ts";
import { createHandler } from "./handler.ts";
import { canSharePorts, type KeptListener, reservePort, serveListener } from "./listen.ts";
import type { WorkerMessage, WorkerReply } from "./local_worker.ts";
import { type Listener, LISTENERS, ServerCounters, type ServerStats } from "./stats.ts";
import { seededRandom } from "./random.ts";

export type { FlagServerOptions } from "./options.ts";
export type { ListenerStats, ServerStats } from "./stats.ts";
export { ListenError } from "./listen.ts";

/** A running flag server. */
export interface FlagServer {
  /** Base URL of each listener's flags, e.g. `http://127.0.0.1:8002/flags`. */
  urls: Record<Listener, string>;
  /** The counters of each listener (the same as `GET /stats`). */
  stats(): ServerStats;
  /** Zeroes the counters (like `GET /stats?reset=1`) and returns what they were. */
  resetStats(): ServerStats;
  /** Codes of the book with no image in the served folder (they answer 404). */
  missing: readonly string[];
  /** Codes of the book with no `metadata.json` in the served folder (they answer 404). */
  missingMetadata: readonly string[];
  /** Cuts pending delays short (answered 503), closes the listeners and connections. */
  shutdown(): Promise<void>;
  /** Same as `shutdown()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Loads the images and metadata, then opens the three listeners.
 *
 * @throws {OptionError} for a bad option or an unusable `dir`
 * @throws {ListenError} when a port is taken or the address cannot be used
 */
export async function startFlagServer(options: FlagServerOptions = {}): Promise<FlagServer> {
  const opts = resolveOptions(options);
  if (opts.localThreads > 1 && !canSharePorts()) {
    throw new OptionError(
      "--local-threads above 1 needs Linux and `deno run --unstable-net` (for SO_REUSEPORT)",
    );
  }
  const { images, missing } = await loadFlagImages(opts.dir);
  const { metadata, names, missing: missingMetadata } = await loadMetadata(opts.dir);
  const files: FlagFiles = { images, metadata, names, missing };
  const counters = new ServerCounters();
  const closing = new AbortController();
  const common = {
    route: createRouter(files),
    faults: opts,
    counters,
    closing: closing.signal,
    log: opts.quiet ? undefined : (line: string) => console.log(line),
    random: seededRandom(opts.seed),
  };
  const servers: KeptListener[] = [];
  const workers: LocalWorker[] = [];
  const stopAll = () =>
    Promise.all([...servers.map((s) => s.shutdown()), ...workers.map((w) => w.stop())]);
  const listen = (listener: Listener, port: number) =>
    serveListener({
      listener,
      host: opts.host,
      port,
      reusePort: listener === "LOCAL" && opts.localThreads > 1,
      onOutage: () => counters.outage(listener),
      log: opts.quiet ? undefined : (line) => console.error(line),
    }, createHandler(listener, common));
  const urls = {} as Record<Listener, string>;
  try {
    const threads = opts.localThreads;
    const localPort = threads > 1
      ? reservePort("LOCAL", opts.host, opts.localPort)
      : opts.localPort;
    const local = listen("LOCAL", localPort);
    servers.push(local);
    for (let i = 1; i < threads; i++) {
      workers.push(await LocalWorker.start(opts, local.addr.port, files, counters));
    }
    servers.push(listen("DELAY", opts.delayPort));
    servers.push(listen("ERROR", opts.errorPort));
    LISTENERS.forEach((name, i) =>
      urls[name] = `${baseUrl(opts.host, servers[i].addr.port)}/flags`
    );
  } catch (error) {
    await stopAll();
    throw error;
  }

  let stopped: Promise<void> | undefined;
  const shutdown = () => {
    stopped ??= (async () => {
      closing.abort();
      await stopAll();
    })();
    return stopped;
  };
  return {
    urls,
    stats: () => counters.snapshot(),
    resetStats: () => counters.reset(),
    missing,
    missingMetadata,
    shutdown,
    [Symbol.asyncDispose]: shutdown,
  };
}

/** A thread serving LOCAL on the shared port (see `local_worker.ts`). */
class LocalWorker {
  #worker: Worker;
  #replies: ReadableStreamDefaultReader<WorkerReply>;

  private constructor(worker: Worker) {
    this.#worker = worker;
    this.#replies = new ReadableStream<WorkerReply>({
      start(controller) {
        worker.onmessage = (e: MessageEvent<WorkerReply>) => controller.enqueue(e.data);
        worker.onerror = (e) => {
          e.preventDefault();
          controller.enqueue({ type: "error", message: e.message });
        };
      },
    }).getReader();
  }

  /** Starts a worker and waits until it listens. */
  static async start(
    opts: ResolvedOptions,
    port: number,
    files: FlagFiles,
    counters: ServerCounters,
  ): Promise<LocalWorker> {
    const worker = new LocalWorker(
      new Worker(new URL("./local_worker.ts", import.meta.url), { type: "module" }),
    );
    worker.#post({ type: "start", options: opts, port, files, counters: counters.buffer });
    const first = await worker.#next();
    if (first.type !== "ready") {
      worker.#worker.terminate();
      throw new Error(`LOCAL worker: ${first.type === "error" ? first.message : first.type}`);
    }
    return worker;
  }

  /** Closes the worker's listener, then ends the thread. */
  async stop(): Promise<void> {
    this.#post({ type: "stop" });
    await this.#next();
    this.#worker.terminate();
  }

  #post(message: WorkerMessage) {
    this.#worker.postMessage(message);
  }

  async #next(): Promise<WorkerReply> {
    const { value } = await this.#replies.read();
    return value ?? { type: "error", message: "worker ended" };
  }
}

function baseUrl(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}
