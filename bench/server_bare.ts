/**
 * The reference server of bench/server_throughput.ts and bench/server_delay_capacity.ts, which
 * start it: a bare `Deno.serve` answering one in-memory GIF, optionally after a delay. Prints
 * its port on stdout.
 *
 * ```sh
 * deno run --allow-net=127.0.0.1 --allow-read bench/server_bare.ts FILE [DELAY_SECONDS]
 * ```
 *
 * @module
 */

const [file, delayText = "0"] = Deno.args;
const bytes = await Deno.readFile(file);
const delayMs = Number(delayText) * 1000;
const headers = { "content-type": "image/gif" };
// Same listen queue as the flag server (lib/server/listen.ts), so only the handlers differ.
const server = Deno.serve(
  { hostname: "127.0.0.1", port: 0, tcpBacklog: 4096, onListen: () => {} },
  async () => {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return new Response(bytes, { headers });
  },
);
console.log(server.addr.port);
Deno.addSignalListener("SIGTERM", () => server.shutdown().then(() => Deno.exit(0)));
