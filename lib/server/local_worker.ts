/**
 * A worker thread that serves LOCAL on the same port as the main thread
 * (`SO_REUSEPORT`: the kernel spreads connections over the threads), with the
 * same routes and the same shared counters. Started by `startFlagServer`
 * when `localThreads` > 1; see {@linkcode WorkerMessage} for the protocol.
 *
 * @module
 */

/// <reference lib="deno.worker" />

import { firstLine } from "../cli/fail.ts";
import { createHandler } from "./handler.ts";
import { type KeptListener, serveListener } from "./listen.ts";
import { createRouter, type FlagFiles } from "./routes.ts";
import { ServerCounters } from "./stats.ts";
import type { ResolvedOptions } from "./options.ts";

/** Messages from the main thread. */
export type WorkerMessage =
  | {
    type: "start";
    /** The server's options (host, quiet, fault settings). */
    options: ResolvedOptions;
    /** The port LOCAL shares. */
    port: number;
    /** The main thread's files (structured clone copies the maps). */
    files: FlagFiles;
    /** The main thread's counters (see `ServerCounters.buffer`). */
    counters: SharedArrayBuffer;
  }
  | { type: "stop" };

/** Messages to the main thread. */
export type WorkerReply = { type: "ready" } | { type: "error"; message: string } | {
  type: "stopped";
};

let server: KeptListener | undefined;
const closing = new AbortController();
const reply = (message: WorkerReply) => self.postMessage(message);

self.onmessage = async ({ data }: MessageEvent<WorkerMessage>) => {
  if (data.type === "start") {
    const { options } = data;
    try {
      const counters = new ServerCounters(data.counters);
      const handler = createHandler("LOCAL", {
        route: createRouter(data.files),
        faults: options,
        counters,
        closing: closing.signal,
        log: options.quiet ? undefined : (line) => console.log(line),
      });
      server = serveListener({
        listener: "LOCAL",
        host: options.host,
        port: data.port,
        reusePort: true,
        onOutage: () => counters.outage("LOCAL"),
        log: options.quiet ? undefined : (line) => console.error(line),
      }, handler);
      reply({ type: "ready" });
    } catch (error) {
      reply({ type: "error", message: firstLine(error) });
    }
  } else if (data.type === "stop") {
    closing.abort();
    await server?.shutdown();
    reply({ type: "stopped" });
  }
};
