/**
 * The flag test server (`deno task server`): LOCAL :8001, DELAY :8002 and
 * ERROR :8003 on 127.0.0.1, replacing the book's nginx and vaurien proxies.
 * Run with `--help` for the options.
 *
 * The images and metadata are read into memory at start; after that the process
 * drops its read permission, so it cannot read any file whatever the request.
 * LOCAL is served by one thread per CPU when ports can be shared
 * (`--unstable-net`).
 *
 * Importable: tests and benchmarks use {@linkcode startFlagServer}.
 *
 * @example
 * ```ts
 * import { startFlagServer } from "./server.ts";
 * await using srv = await startFlagServer({ localPort: 0, delayPort: 0, errorPort: 0, quiet: true });
 * console.log(srv.urls.DELAY); // e.g. http://127.0.0.1:41234/flags
 * ```
 *
 * @module
 */

import { exitWith } from "./lib/cli/command.ts";
import { fail, firstLine } from "./lib/cli/fail.ts";
import { startFlagServer } from "./lib/server/flag_server.ts";
import { parseServerArgs } from "./lib/server/options.ts";
import { canSharePorts } from "./lib/server/listen.ts";

export { ListenError, startFlagServer } from "./lib/server/flag_server.ts";
export type { FlagServer, FlagServerOptions, ServerStats } from "./lib/server/flag_server.ts";

async function main(args: string[]): Promise<void> {
  const localThreads = canSharePorts() ? navigator.hardwareConcurrency : 1;
  const parsed = await parseServerArgs(args, { localThreads });
  if (parsed.kind !== "run") exitWith(parsed);
  const options = parsed.values;
  let server;
  try {
    server = await startFlagServer(options);
  } catch (error) {
    fail(`server: ${firstLine(error)}`);
  }
  await Deno.permissions.revoke({ name: "read" });
  let stopping = false;
  const stop = (signal: Deno.Signal) => {
    if (stopping) return;
    stopping = true;
    console.error(`server: ${signal}, closing`);
    server.shutdown().then(() => Deno.exit(0));
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, () => stop(signal));
  }
  for (const [name, url] of Object.entries(server.urls)) console.log(`${name.padEnd(5)} ${url}/`);
  if (server.missing.length > 0) {
    console.error(`server: no image for ${server.missing.join(" ").toUpperCase()} (404)`);
  }
  if (server.missingMetadata.length > 0) {
    const codes = server.missingMetadata.join(" ").toUpperCase();
    console.error(`server: no metadata.json for ${codes} (404)`);
  }
  console.log(`Gallery: ${server.urls.LOCAL}/  Stats: ${new URL("/stats", server.urls.LOCAL)}`);
}

if (import.meta.main) await main(Deno.args);
