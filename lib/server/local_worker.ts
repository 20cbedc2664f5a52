/**
 * A worker thread that serves LOCAL on the same port as the main thread
 * (`SO_REUSEPORT`: the kernel spreads connections over the threads), with the
 * same routes and the same shared counters. Started by `startFlagServer`
 * when `localThreads` > 1; see {@linkcode WorkerMessage} for the protocol.
 *
 * @module
 */

/// <reference lib="deno.worker" />

import { createHandler } from "./handler.ts";
import { type KeptListener, serveListener } from "./listen.ts";
import { createRouter, type FlagFiles } from "./routes.ts";
import { ServerCounters } from "./stats.ts";

/** Messages from the main thread. */
export type WorkerMessage =
  | {
    type: "start";
    host: string;
    port: number;
    /** The main thread's files (structured clone copies the maps). */
    files: FlagFiles;
    counters: SharedArrayBuffer;
    quiet: boolean;
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
    try {
      const counters = new ServerCounters(data.counters);
      const handler = createHandler("LOCAL", {
        route: createRouter(data.files),
        counters,
        closing: closing.signal,
        log: data.quiet ? undefined : (line) => console.log(line),
      });
      server = serveListener({
        listener: "LOCAL",
        host: data.host,
        port: data.port,
        reusePort: true,
        onOutage: () => counters.outage("LOCAL"),
        log: data.quiet ? undefined : (line) => console.error(line),
      }, handler);
      reply({ type: "ready" });
    } catch (error) {
      reply({ type: "error", message: error instanceof Error ? error.message : String(error) });
    }
  } else if (data.type === "stop") {
    closing.abort();
    await server?.shutdown();
    reply({ type: "stopped" });
  }
};
