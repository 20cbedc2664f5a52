/**
 * A tiny instrumented DELAY server, started by bench/flags2_delay_timeline.ts: every
 * request waits `DELAY` seconds; `GET /timeline` returns (and clears) the
 * epoch-ms arrival and timer-fire times and the peak in flight. Prints its port.
 *
 * ```sh
 * deno run --allow-net=127.0.0.1 bench/flags2_timeline_server.ts [DELAY] [PORT]
 * ```
 *
 * @module
 */

const delay = Number(Deno.args[0] ?? "0.5") * 1000;
const port = Number(Deno.args[1] ?? "0");
let arrivals: number[] = [];
let fires: number[] = [];
let inflight = 0, peak = 0;
import { COUNTRY_CODES } from "../lib/flags/country_codes.ts";
const real = new Set(COUNTRY_CODES.map((c: string) => c.toLowerCase()));
const body = new Uint8Array(1500);
const now = () => performance.timeOrigin + performance.now();
Deno.serve({
  hostname: "127.0.0.1",
  port,
  tcpBacklog: 4096,
  onListen: ({ port }) => console.log(port),
}, (req) => {
  const u = new URL(req.url);
  if (u.pathname === "/timeline") {
    const a = arrivals;
    arrivals = [];
    const f = fires;
    fires = [];
    const p = peak;
    peak = 0;
    return Response.json({
      n: a.length,
      first: Math.min(...a),
      last: Math.max(...a),
      peak: p,
      arrivals: a,
      fires: f,
    });
  }
  arrivals.push(now());
  inflight++;
  if (inflight > peak) peak = inflight;
  const cc = u.pathname.split("/")[2];
  return new Promise((r) =>
    setTimeout(() => {
      fires.push(now());
      inflight--;
      r(real.has(cc) ? new Response(body) : new Response("nf", { status: 404 }));
    }, delay)
  );
});
