// server.ts as `deno task server` runs it: spawned with exactly the task's permission flags.

import assert from "node:assert/strict";
import { FREE, serverTask, startServerTask } from "./fixtures/server_task.ts";
import { parseServerArgs } from "../lib/server/options.ts";

/** Runs the server task to completion with `args`. */
async function runServerTask(args: string[]) {
  const out = await (await serverTask(args)).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.test(`the task serves all three listeners, logs each request, exits 0 on ${signal}`, async () => {
    const srv = await startServerTask([...FREE, "--delay", "0.01", "--error-rate", "0"]);
    for (const name of ["LOCAL", "DELAY", "ERROR"]) {
      const res = await fetch(`${srv.urls[name]}/br/br.gif`);
      assert.equal(res.status, 200, name);
      assert.equal(res.headers.get("content-type"), "image/gif");
      await res.body?.cancel();
    }
    srv.child.kill(signal);
    const { code, stdout, stderr } = await srv.finished;
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^LOCAL GET \/flags\/br\/br\.gif 200 0\.000s$/m);
    assert.match(stdout, /^DELAY GET \/flags\/br\/br\.gif 200 0\.010s$/m);
    assert.match(stdout, /^ERROR GET \/flags\/br\/br\.gif 200 0\.0[01]0s$/m);
    assert.match(stderr, new RegExp(`${signal}, closing`));
  });
}

Deno.test("--local-threads 2: LOCAL served by two threads on one port, counted once", async () => {
  const srv = await startServerTask([...FREE, "--quiet", "--local-threads", "2"]);
  const statuses = await Promise.all(Array.from({ length: 200 }, async (_, i) => {
    const cc = i % 2 ? "br" : "zz";
    const file = i % 4 === 1 ? "metadata.json" : `${cc}.gif`; // both kinds from every thread
    const res = await fetch(`${srv.urls.LOCAL}/${cc}/${file}`, {
      headers: { connection: "close" },
    });
    const body = await res.text();
    if (file === "metadata.json") assert.equal(JSON.parse(body).country, "Brazil");
    return res.status;
  }));
  assert.equal(statuses.filter((s) => s === 200).length, 100);
  const stats = await (await fetch(new URL("/stats", srv.urls.DELAY))).json();
  assert.deepEqual(stats.LOCAL.statuses, { "200": 100, "404": 100 });
  assert.equal(stats.LOCAL.inFlight, 0);
  srv.child.kill("SIGINT");
  const { code, stderr } = await srv.finished;
  assert.equal(code, 0, stderr);
});

Deno.test("--quiet logs no request", async () => {
  const srv = await startServerTask([...FREE, "--quiet"]);
  const res = await fetch(`${srv.urls.LOCAL}/cn/cn.gif`);
  await res.body?.cancel();
  const stats = await (await fetch(new URL("/stats", srv.urls.LOCAL))).json();
  assert.equal(stats.LOCAL.requests, 1);
  srv.child.kill("SIGINT");
  const { code, stdout } = await srv.finished;
  assert.equal(code, 0);
  assert.doesNotMatch(stdout, /GET/);
});

Deno.test("a port in use: one line naming the port, exit 1", async () => {
  using taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = String(taken.addr.port);
  const { code, stdout, stderr } = await runServerTask([...FREE, "--delay-port", port]);
  assert.equal(code, 1);
  assert.equal(stdout, "");
  assert.match(stderr, new RegExp(`^server: port ${port} is already in use[^\\n]*\\n$`));
});

Deno.test("bad option values: `server: …` and the usage on stderr, exit 1 or 2, no stack trace", async () => {
  // The server's own checks, and unknown arguments: exit 1.
  const refused = [
    ["--local-port", "99999"],
    ["--delay", "-1"],
    ["--delay", "0.9-0.1"],
    ["--error-rate", "2"],
    ["--error-status", "200"],
    ["--local-threads", "0"],
    ["--bogus"],
    ["extra"],
  ];
  // What argparse cannot read: exit 2, as Python's argparse.
  const unreadable = [
    ["--local-port", "x"],
    ["--delay", "fast"],
    ["--delay-rate", "half"],
    ["--error-status", "500,abc"],
    ["--seed", "1.5"],
    ["--delay"],
  ];
  const cases = [...refused.map((a) => [1, a] as const), ...unreadable.map((a) => [2, a] as const)];
  await Promise.all(cases.map(async ([status, args]) => {
    const { code, stdout, stderr } = await runServerTask([...FREE, ...args]);
    assert.equal(code, status, args.join(" "));
    assert.equal(stdout, "");
    assert.match(stderr, /^server: [^\n]+\nusage: deno task server \[-h\] /, args.join(" "));
    assert.doesNotMatch(stderr, /^\s+at /m, "no stack trace");
  }));
  const negative = await runServerTask([...FREE, "--delay", "-1"]);
  assert.match(negative.stderr, /^server: --delay must be seconds from 0 to 3600/);
});

Deno.test("a --dir that does not exist: one line naming it, exit 1", async () => {
  const { code, stdout, stderr } = await runServerTask([...FREE, "--dir", "/nonexistent/flags"]);
  assert.equal(code, 1);
  assert.equal(stdout, "");
  assert.match(stderr, /^server: --dir \/nonexistent\/flags: [^\n]+\n$/);
});

Deno.test("--help prints the options and exits 0", async () => {
  const { code, stdout } = await runServerTask(["--help"]);
  assert.equal(code, 0);
  for (const option of ["--host", "--local-port", "--delay-port", "--error-port", "--delay"]) {
    assert.ok(stdout.includes(option), option);
  }
  for (const option of ["--error-rate", "--delay-rate", "--error-status", "--seed", "--dir"]) {
    assert.ok(stdout.includes(option), option);
  }
  assert.ok(stdout.includes("--quiet") && stdout.includes("-h, --help"));
});

Deno.test("parseServerArgs converts every option", async () => {
  const parsed = await parseServerArgs([
    "--host=127.0.0.2",
    "--local-port=1",
    "--delay-port",
    "2",
    "--error-port",
    "3",
    "--delay",
    "0.1-0.4",
    "--error-rate",
    "0.1",
    "--delay-rate",
    "0",
    "--error-status",
    "503, TRUNCATE",
    "--seed",
    "12",
    "--dir",
    "/tmp/flags",
    "--quiet",
    "--local-threads",
    "2",
  ]);
  assert.deepEqual(parsed, {
    kind: "run",
    values: {
      host: "127.0.0.2",
      localPort: 1,
      delayPort: 2,
      errorPort: 3,
      delay: [0.1, 0.4],
      errorRate: 0.1,
      delayRate: 0,
      errorStatus: [503, "truncate"],
      seed: 12,
      dir: "/tmp/flags",
      quiet: true,
      localThreads: 2,
    },
  });
  const fixed = await parseServerArgs(["--delay", "2"]);
  assert.deepEqual(fixed.kind === "run" && fixed.values.delay, [2, 2]);
  assert.equal((await parseServerArgs(["-h"])).kind, "help");
});
