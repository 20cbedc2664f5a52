// A hostile world for the flag server, in-process: routes come from the request path alone and
// a bad Host is a 400; idle and half-sent connections do not stop normal requests.

import assert from "node:assert/strict";
import { type FlagServer, startFlagServer } from "../server.ts";
import { FREE, startServerTask } from "./fixtures/server_task.ts";

const FREE_PORTS = { localPort: 0, delayPort: 0, errorPort: 0, quiet: true } as const;

/** Sends `request` verbatim; returns the status line and the body (one char per byte). */
async function rawHttp(url: string, request: string): Promise<{ status: string; body: string }> {
  const { hostname, port } = new URL(url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  await conn.write(new TextEncoder().encode(request));
  const text = new TextDecoder("latin1").decode(await new Response(conn.readable).arrayBuffer());
  return { status: text.split("\r\n", 1)[0], body: text.slice(text.indexOf("\r\n\r\n") + 4) };
}

const get = (path: string, host: string) =>
  `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;

/** Hosts that are not `host[:port]`. */
const BAD_HOSTS = [
  "x/flags/br/br.gif?",
  "x/stats?reset=1&",
  "x y",
  "user@x",
  "x#frag",
  "x:99999",
  "x:8o",
  "x\\y",
  "[::1",
  "x?",
];

/** Hosts that are. */
const GOOD_HOSTS = ["x", "localhost:8001", "127.0.0.1:1", "[::1]:80", "flags.example", "x:", ""];

Deno.test("a Host that is not host[:port] is a 400: nothing is routed or reset from it", async () => {
  await using srv = await startFlagServer(FREE_PORTS);
  const gif = await fetch(`${srv.urls.LOCAL}/br/br.gif`);
  await gif.body?.cancel();
  for (const host of BAD_HOSTS) {
    for (const path of ["/nothing-here", "/flags/br/br.gif", "/stats", "/flags/"]) {
      const { status, body } = await rawHttp(srv.urls.LOCAL, get(path, host));
      assert.match(status, /^HTTP\/1\.1 400 /, `${path} with Host: ${host}`);
      assert.ok(!body.includes("GIF8") && !body.includes("requests"), `${path} ${host}`);
    }
  }
  const stats = srv.stats().LOCAL;
  assert.equal(stats.statuses["200"], 1, "nothing was reset: the first GIF is still counted");
  assert.equal(stats.statuses["400"], BAD_HOSTS.length * 4, "each is counted, /stats too");
});

Deno.test("a valid Host (or none) routes by the path alone, on every listener", async () => {
  await using srv = await startFlagServer({ ...FREE_PORTS, delay: 0.001, errorRate: 0 });
  for (const url of Object.values(srv.urls)) {
    for (const host of GOOD_HOSTS) {
      assert.match((await rawHttp(url, get("/flags/br/br.gif", host))).status, / 200 /, host);
      assert.match((await rawHttp(url, get("/nothing-here", host))).status, / 404 /, host);
    }
    const none = "GET /flags/br/br.gif HTTP/1.0\r\n\r\n";
    assert.match((await rawHttp(url, none)).status, /^HTTP\/1\.[01] 200 /);
    const absolute = await rawHttp(url, get("http://evil.example/flags/br/br.gif", "x"));
    assert.match(absolute.status, / 200 /, "an absolute target: its path is the route");
    const stats = await rawHttp(url, get("/stats?reset=1", "x"));
    assert.match(stats.status, / 200 /);
  }
  assert.equal(srv.stats().LOCAL.requests, 0, "the last /stats?reset=1 zeroed the counters");
});

Deno.test("bad Hosts under --quiet: 400s and not one line on stderr", async () => {
  const srv = await startServerTask([...FREE, "--quiet"]);
  for (const host of BAD_HOSTS) {
    assert.match((await rawHttp(srv.urls.LOCAL, get("/stats", host))).status, / 400 /, host);
  }
  srv.child.kill("SIGTERM");
  const { code, stderr } = await srv.finished;
  assert.equal(code, 0);
  assert.equal(stderr, "server: SIGTERM, closing\n");
});

/** Opens `count` connections to `url`'s port; each sends `head` (maybe nothing) and waits. */
async function hold(url: string, count: number, head: string): Promise<Deno.TcpConn[]> {
  const port = Number(new URL(url).port);
  return await Promise.all(Array.from({ length: count }, async () => {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    if (head !== "") await conn.write(new TextEncoder().encode(head));
    return conn;
  }));
}

Deno.test("idle and half-sent connections do not stop normal requests, and cost no request", async () => {
  await using srv: FlagServer = await startFlagServer(FREE_PORTS);
  const held = [
    ...await hold(srv.urls.LOCAL, 200, ""),
    ...await hold(srv.urls.LOCAL, 200, "GET /flags/br/br.gif HTTP/1.1\r\nHost: x\r\nX-Slow: "),
    ...await hold(srv.urls.DELAY, 100, "GET /flags/br/br"),
  ];
  try {
    const statuses = await Promise.all(Array.from({ length: 50 }, async (_, i) => {
      const res = await fetch(`${i % 2 ? srv.urls.LOCAL : srv.urls.DELAY}/br/br.gif`);
      await res.body?.cancel();
      return res.status;
    }));
    assert.deepEqual(new Set(statuses), new Set([200]));
    const stats = srv.stats();
    assert.equal(stats.LOCAL.requests + stats.DELAY.requests, 50, "a partial head is no request");
    assert.equal(stats.LOCAL.inFlight + stats.DELAY.inFlight, 0);
  } finally {
    for (const conn of held) conn.close();
  }
});
