// A flood of connections past `ulimit -n`: the server runs as a child under a low limit, loses
// its accept loops for lack of file descriptors, lives, and answers on every listener once the
// flood ends; one log line per event (none with --quiet), counted in /stats.

import assert from "node:assert/strict";
import { FREE, startServerTask } from "./fixtures/server_task.ts";

const LIMIT = 256; // file descriptors the server may hold
const FLOOD = LIMIT + 64; // idle connections held open at once
const LISTENERS = ["LOCAL", "DELAY", "ERROR"] as const;

/** Opens up to `count` connections to `url`'s port and holds them; returns them. */
async function openIdle(url: string, count: number): Promise<Deno.TcpConn[]> {
  const port = Number(new URL(url).port);
  const conns: Deno.TcpConn[] = [];
  for (let i = 0; i < count; i++) {
    try {
      conns.push(await Deno.connect({ hostname: "127.0.0.1", port }));
    } catch {
      break; // the backlog is full: enough
    }
  }
  return conns;
}

/** GETs `url` until it answers 200 or `deadlineMs` passes; the time it took, or undefined. */
async function answersWithin(url: string, deadlineMs: number): Promise<number | undefined> {
  const t0 = performance.now();
  while (performance.now() - t0 < deadlineMs) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      if (res.status === 200) return performance.now() - t0;
    } catch {
      // refused or reset while the listener reopens: poll again
    }
    await new Promise((resolve) => setTimeout(resolve, 20)); // poll interval, not a sync point
  }
  return undefined;
}

/**
 * Floods DELAY past the limit, touches LOCAL and ERROR while it lasts, then ends the flood.
 * (That the server ran out is proven afterwards by the outages in /stats.)
 */
async function flood(urls: Record<string, string>): Promise<void> {
  const held = await openIdle(urls.DELAY, FLOOD);
  // Connections are refused once the server's descriptors are gone (and its listener with them).
  assert.ok(held.length > LIMIT / 2, `held ${held.length} connections`);
  // One connection each while no descriptor is free: their accept loops fail too.
  const touches = [...await openIdle(urls.LOCAL, 4), ...await openIdle(urls.ERROR, 4)];
  for (const conn of [...held, ...touches]) conn.close();
}

for (const quiet of [false, true]) {
  Deno.test(`out of file descriptors${quiet ? " (--quiet)" : ""}: the server lives and every listener answers again`, async () => {
    const child = await startServerTask([...FREE, ...(quiet ? ["--quiet"] : [])], {
      ulimit: LIMIT,
    });
    try {
      await flood(child.urls);
      for (const name of LISTENERS) {
        const took = await answersWithin(`${child.urls[name]}/br/br.gif`, 5000);
        assert.ok(took !== undefined, `${name} answers again after the flood`);
      }
      const stats = await (await fetch(new URL("/stats", child.urls.LOCAL))).json();
      const events = LISTENERS.map((name) => stats[name].outages as number);
      assert.ok(events[1] >= 1, `DELAY counted its outage: ${events}`);
      assert.ok(events.every((n) => n <= 3), `an event is not counted per connection: ${events}`);
      child.child.kill("SIGTERM");
      const { code, stderr } = await child.finished;
      assert.equal(code, 0, "the process lived to exit cleanly");
      const lines = stderr.split("\n").filter((line) => /file descriptor/.test(line));
      if (quiet) assert.deepEqual(lines, []);
      else {
        const total = events.reduce((a, b) => a + b, 0);
        assert.equal(lines.length, total, lines.join("\n"));
        for (const line of lines) {
          assert.match(line, /^server: (LOCAL|DELAY|ERROR): out of file descriptors/);
        }
      }
    } finally {
      try {
        child.child.kill("SIGKILL");
      } catch { /* already exited */ }
      await child.finished;
    }
  });
}
