/**
 * The reference server of bench/server_throughput.ts, bench/server_delay_capacity.ts and
 * bench/server_memory_parts.ts, which start it: a bare `Deno.serve` answering one in-memory GIF,
 * optionally after a delay. Prints its port on stdout, and on SIGTERM the most requests it had
 * in flight at once. With a delay, `TOUCH` makes each request also use one thing the flag
 * server might, to price it: `signal` (reads `request.signal`), `listener` (and listens on it
 * for an abort), `url-host` (reads `request.url` and the Host header).
 *
 * ```sh
 * deno run --allow-net=127.0.0.1 --allow-read bench/server_bare.ts FILE [DELAY_SECONDS [TOUCH]]
 * ```
 *
 * @module
 */

const [file, delayText = "0", touch = "none"] = Deno.args;
const bytes = await Deno.readFile(file);
const delayMs = Number(delayText) * 1000;
const headers = { "content-type": "image/gif" };
const ignore = () => {};
const touches: Record<string, (request: Request) => unknown> = {
  none: ignore,
  signal: (request) => request.signal.aborted,
  listener: (request) => request.signal.addEventListener("abort", ignore),
  "url-host": (request) => request.url.length + (request.headers.get("host")?.length ?? 0),
};
const use = touches[touch];
if (use === undefined) throw new Error(`TOUCH is one of ${Object.keys(touches).join(", ")}`);
let inFlight = 0;
let peak = 0;
// Same listen queue as the flag server (lib/server/listen.ts), so only the handlers differ.
const server = Deno.serve(
  { hostname: "127.0.0.1", port: 0, tcpBacklog: 4096, onListen: () => {} },
  delayMs > 0
    ? async (request) => {
      use(request);
      peak = Math.max(peak, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      inFlight--;
      return new Response(bytes, { headers });
    }
    : () => new Response(bytes, { headers }),
);
console.log(server.addr.port);
Deno.addSignalListener("SIGTERM", () =>
  server.shutdown().then(() => {
    console.log(`peak in flight ${peak}`);
    Deno.exit(0);
  }));
