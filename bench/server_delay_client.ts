/**
 * The load client of bench/server_delay_capacity.ts, which starts it: N concurrent HTTP/1.1
 * GETs, one connection each, all started at once. Prints one JSON line: wall time, errors,
 * latency range, statuses.
 *
 * ```sh
 * deno run --allow-net=127.0.0.1 bench/server_delay_client.ts URL N
 * ```
 *
 * @module
 */

const [url, countText] = Deno.args;
const { hostname, port, pathname } = new URL(url);
const count = Number(countText);
const request = new TextEncoder().encode(
  `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`,
);

async function once(): Promise<{ status: string; ms: number }> {
  const t0 = performance.now();
  const conn = await Deno.connect({ hostname, port: Number(port) });
  try {
    await conn.write(request);
    let head = "";
    const decoder = new TextDecoder("latin1");
    for await (const chunk of conn.readable) head += decoder.decode(chunk).slice(0, 64);
    const status = /^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? "no response";
    return { status, ms: performance.now() - t0 };
  } catch (error) {
    try {
      conn.close();
    } catch { /* closed by readable */ }
    return { status: (error as Error).name, ms: performance.now() - t0 };
  }
}

const t0 = performance.now();
const results = await Promise.all(
  Array.from(
    { length: count },
    () => once().catch((error) => ({ status: (error as Error).name, ms: 0 })),
  ),
);
const wall = (performance.now() - t0) / 1000;
const statuses: Record<string, number> = {};
for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
const ok = results.filter((r) => r.status === "200").map((r) => r.ms);
console.log(JSON.stringify({
  wall,
  errors: count - ok.length,
  minMs: Math.min(...ok),
  maxMs: Math.max(...ok),
  statuses,
}));
