// The flag server in-process: routes, headers, images, delays, errors, /stats, clients that leave.

import assert from "node:assert/strict";
// @ts-types="@types/omggif"
import { GifReader } from "omggif";
import { type FlagServer, type FlagServerOptions, startFlagServer } from "../server.ts";
import { COUNTRY_CODES } from "../lib/flags/country_codes.ts";
import { bundledGifFolder } from "../lib/server/images.ts";

const FREE_PORTS = { localPort: 0, delayPort: 0, errorPort: 0, quiet: true } as const;

async function withServer(
  options: FlagServerOptions,
  fn: (srv: FlagServer) => Promise<void>,
): Promise<void> {
  const srv = await startFlagServer({ ...FREE_PORTS, ...options });
  try {
    await fn(srv);
  } finally {
    await srv.shutdown();
  }
}

/** Origin (`http://host:port`) of a listener's base URL. */
const origin = (url: string) => new URL(url).origin;

/** Sends `request` verbatim over TCP; returns all the server sent until it closed, a char per byte. */
async function rawHttp(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  await conn.write(new TextEncoder().encode(request));
  const chunks: Uint8Array[] = [];
  for await (const chunk of conn.readable) chunks.push(chunk);
  const bytes = await new Response(ReadableStream.from(chunks)).arrayBuffer();
  return new TextDecoder("latin1").decode(bytes); // one char per byte
}

/** Polls GET /stats (no sleeping) until `ok` holds; gives up after `tries` requests. */
async function statsUntil(
  srv: FlagServer,
  ok: (s: ReturnType<FlagServer["stats"]>) => boolean,
  tries = 10_000,
): Promise<ReturnType<FlagServer["stats"]>> {
  for (let i = 0; i < tries; i++) {
    const res = await fetch(`${origin(srv.urls.LOCAL)}/stats`);
    const stats = await res.json();
    if (ok(stats)) return stats;
  }
  throw new Error("stats never reached the expected state");
}

function decodeGif(bytes: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  const reader = new GifReader(bytes);
  const rgba = new Uint8Array(reader.width * reader.height * 4);
  reader.decodeAndBlitFrameRGBA(0, rgba);
  return { width: reader.width, height: reader.height, rgba };
}

function allPairs(): string[] {
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  return [...letters].flatMap((a) => [...letters].map((b) => a + b));
}

Deno.test("LOCAL: AA..ZZ gives 194 valid GIFs and 482 404s", async () => {
  await withServer({}, async (srv) => {
    const found: string[] = [];
    let missing = 0;
    const codes = allPairs();
    for (let i = 0; i < codes.length; i += 32) {
      await Promise.all(
        codes.slice(i, i + 32).map(async (cc) => {
          const lower = cc.toLowerCase();
          const res = await fetch(`${srv.urls.LOCAL}/${lower}/${lower}.gif`);
          const body = await res.bytes();
          if (res.status === 404) {
            missing++;
            return;
          }
          assert.deepEqual(res.status, 200, cc);
          assert.deepEqual(res.headers.get("content-type"), "image/gif");
          assert.deepEqual(res.headers.get("content-length"), String(body.length));
          assert.match(res.headers.get("etag") ?? "", /^"[0-9a-f]+"$/);
          const gif = decodeGif(body);
          assert.ok(gif.width > 0 && gif.height > 0, `${cc} decodes`);
          found.push(cc);
        }),
      );
    }
    assert.deepEqual(found.sort(), [...COUNTRY_CODES]);
    assert.deepEqual(missing, 676 - 194);
    const stats = srv.stats().LOCAL;
    assert.deepEqual(stats.requests, 676);
    assert.deepEqual(stats.statuses, { "200": 194, "404": 482 });
  });
});

Deno.test("LOCAL: a bundled flag is served byte for byte; SS is data/ss.gif, a GIF89a", async () => {
  await withServer({}, async (srv) => {
    const res = await fetch(`${srv.urls.LOCAL}/br/br.gif`);
    assert.deepEqual(await res.bytes(), await Deno.readFile(`${bundledGifFolder()}/br.gif`));
    const ss = await (await fetch(`${srv.urls.LOCAL}/ss/ss.gif`)).bytes();
    assert.deepEqual(new TextDecoder().decode(ss.subarray(0, 6)), "GIF89a");
    const { width, height, rgba } = decodeGif(ss);
    assert.deepEqual([width, height], [16, 11]);
    const pixel = (
      x: number,
      y: number,
    ) => [...rgba.subarray((y * 16 + x) * 4, (y * 16 + x) * 4 + 3)];
    assert.deepEqual(pixel(15, 0), [0, 0, 0], "black band");
    assert.deepEqual(pixel(15, 5), [218, 18, 26], "red band");
    assert.deepEqual(pixel(15, 10), [7, 137, 48], "green band");
    assert.deepEqual(pixel(0, 5), [15, 71, 175], "blue triangle");
    assert.deepEqual(pixel(2, 5), [252, 221, 9], "yellow star");
  });
});

const BOOK_METADATA = await Deno.readTextFile(
  new URL("../lib/server/data/metadata.jsonl", import.meta.url),
);

Deno.test("metadata.json: AA..ZZ gives the book's 194 files, byte for byte, and 482 404s", async () => {
  await withServer({}, async (srv) => {
    const found = new Map<string, string>();
    const codes = allPairs();
    for (let i = 0; i < codes.length; i += 32) {
      await Promise.all(
        codes.slice(i, i + 32).map(async (cc) => {
          const res = await fetch(`${srv.urls.LOCAL}/${cc.toLowerCase()}/metadata.json`);
          const body = await res.text();
          if (res.status === 404) return;
          assert.equal(res.status, 200, cc);
          assert.equal(res.headers.get("content-type"), "application/json");
          assert.equal(res.headers.get("content-length"), String(new Blob([body]).size));
          assert.match(res.headers.get("etag") ?? "", /^"[0-9a-f]+"$/);
          assert.equal(JSON.parse(body).iso_cc, cc);
          found.set(cc, body);
        }),
      );
    }
    assert.deepEqual([...found.keys()].sort(), [...COUNTRY_CODES]);
    assert.equal(
      COUNTRY_CODES.map((cc) => found.get(cc)).join("\n") + "\n",
      BOOK_METADATA,
      "each file is its line of data/metadata.jsonl",
    );
    assert.equal(
      found.get("BR"),
      '{"tld_cc": ".br", "iso_cc": "BR", "country": "Brazil", "gec_cc": "BR"}',
    );
    assert.deepEqual(srv.stats().LOCAL.statuses, { "200": 194, "404": 482 });
  });
});

Deno.test("metadata.json: HEAD, ETag and If-None-Match as for GIFs", async () => {
  await withServer({}, async (srv) => {
    const url = `${srv.urls.LOCAL}/ci/metadata.json`;
    const get = await fetch(url);
    const bytes = await get.bytes();
    assert.match(new TextDecoder().decode(bytes), /"country": "C\\u00f4te d'Ivoire"/);
    const etag = get.headers.get("etag")!;
    const gifEtag = (await fetch(`${srv.urls.LOCAL}/ci/ci.gif`, { method: "HEAD" }))
      .headers.get("etag");
    assert.notEqual(etag, gifEtag);
    const head = await fetch(url, { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get("content-length"), String(bytes.length));
    assert.equal(head.headers.get("content-type"), "application/json");
    assert.equal((await head.bytes()).length, 0);
    const cached = await fetch(url, { headers: { "if-none-match": etag } });
    assert.equal(cached.status, 304);
    assert.equal((await cached.bytes()).length, 0);
    const stale = await fetch(url, { headers: { "if-none-match": '"old"' } });
    assert.deepEqual(await stale.bytes(), bytes);
    assert.deepEqual(srv.stats().LOCAL.statuses, { "200": 4, "304": 1 });
  });
});

Deno.test("metadata.json: DELAY delays it, ERROR fails, delays and truncates it", async () => {
  await withServer({ delay: 0.03 }, async (srv) => {
    const t0 = performance.now();
    const res = await fetch(`${srv.urls.DELAY}/jp/metadata.json`);
    assert.equal(JSON.parse(await res.text()).country, "Japan");
    assert.ok(performance.now() - t0 >= 30, "delayed");
    assert.equal(res.headers.get("server-timing"), "delay;dur=30.0");
  });
  await withServer(
    { errorRate: 1, delayRate: 1, delay: 0.001, errorStatus: [502] },
    async (srv) => {
      const res = await fetch(`${srv.urls.ERROR}/jp/metadata.json`);
      assert.equal(res.status, 502);
      assert.ok(res.headers.has("server-timing"));
      assert.equal(await res.text(), "502 Bad Gateway\n");
    },
  );
  await withServer({ errorRate: 1, delayRate: 0, errorStatus: ["truncate"] }, async (srv) => {
    const full = await (await fetch(`${srv.urls.LOCAL}/jp/metadata.json`)).bytes();
    const raw = await rawHttp(
      srv.urls.ERROR,
      "GET /flags/jp/metadata.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert.match(raw, new RegExp(`content-length: ${full.length}\r\n`));
    assert.equal(raw.slice(raw.indexOf("\r\n\r\n") + 4).length, Math.floor(full.length / 2));
    assert.deepEqual(srv.stats().ERROR.statuses, { truncate: 1 });
  });
});

Deno.test("a fixed reply sent many times keeps its body and headers (prebuilt responses are cloned)", async () => {
  await withServer({}, async (srv) => {
    const url = `${srv.urls.LOCAL}/br/br.gif`;
    const expected = await Deno.readFile(`${bundledGifFolder()}/br.gif`);
    const bodies = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const res = await fetch(i % 2 ? url : `${srv.urls.LOCAL}/zz/zz.gif`);
        return {
          status: res.status,
          type: res.headers.get("content-type"),
          bytes: await res.bytes(),
        };
      }),
    );
    const again = await fetch(url);
    assert.deepEqual(again.headers.get("content-length"), String(expected.length));
    assert.deepEqual(await again.bytes(), expected);
    for (const [i, b] of bodies.entries()) {
      if (i % 2) {
        assert.deepEqual([b.status, b.type, b.bytes], [200, "image/gif", expected]);
      } else {
        assert.deepEqual(b.status, 404);
        assert.deepEqual(new TextDecoder().decode(b.bytes), "404 Not Found\n");
      }
    }
    assert.deepEqual(srv.stats().LOCAL.statuses, { "200": 11, "404": 10 });
  });
});

Deno.test("HEAD, ETag and If-None-Match", async () => {
  await withServer({}, async (srv) => {
    const url = `${srv.urls.LOCAL}/fr/fr.gif`;
    const get = await fetch(url);
    const size = (await get.bytes()).length;
    const etag = get.headers.get("etag")!;
    const head = await fetch(url, { method: "HEAD" });
    assert.deepEqual(head.status, 200);
    assert.deepEqual(head.headers.get("content-length"), String(size));
    assert.deepEqual(head.headers.get("etag"), etag);
    assert.deepEqual((await head.bytes()).length, 0);
    for (const inm of [etag, `W/${etag}`, `"nope", ${etag}`, "*"]) {
      const res = await fetch(url, { headers: { "if-none-match": inm } });
      assert.deepEqual(res.status, 304, inm);
      assert.deepEqual(res.headers.get("etag"), etag);
      assert.deepEqual((await res.bytes()).length, 0);
    }
    const other = await fetch(url, { headers: { "if-none-match": '"nope"' } });
    assert.deepEqual(other.status, 200);
    assert.deepEqual((await other.bytes()).length, size);
    const de = await (await fetch(`${srv.urls.LOCAL}/de/de.gif`)).bytes();
    assert.ok(de.length > 0);
    assert.deepEqual(srv.stats().LOCAL.statuses, { "200": 4, "304": 4 });
  });
});

Deno.test("/ redirects to the gallery, which shows every flag with its code and name", async () => {
  await withServer({}, async (srv) => {
    for (const path of ["/", "/flags"]) {
      const res = await fetch(origin(srv.urls.LOCAL) + path, { redirect: "manual" });
      await res.body?.cancel();
      assert.deepEqual(res.status, 301);
      assert.deepEqual(res.headers.get("location"), "/flags/");
    }
    const res = await fetch(origin(srv.urls.LOCAL) + "/");
    assert.deepEqual(res.url, `${srv.urls.LOCAL}/`);
    assert.deepEqual(res.headers.get("content-type"), "text/html; charset=utf-8");
    const html = await res.text();
    const images = [...html.matchAll(/<img src="([a-z]{2})\/\1\.gif"/g)].map((m) => m[1]);
    assert.deepEqual(images, COUNTRY_CODES.map((cc) => cc.toLowerCase()));
    const captions = [...html.matchAll(/<figcaption>(.*?)<\/figcaption>/g)].map((m) => m[1]);
    assert.equal(captions.length, 194);
    for (
      const [cc, name] of [
        ["AD", "Andorra"],
        ["BR", "Brazil"],
        ["CI", "Côte d&#39;Ivoire"],
        ["SS", "South Sudan"],
        ["ZW", "Zimbabwe"],
      ]
    ) {
      assert.ok(
        captions.includes(`<code>${cc}</code><br><span class="name">${name}</span>`),
        `${cc} ${name}`,
      );
    }
  });
});

Deno.test("other methods get 405 with Allow, on every route", async () => {
  await withServer({}, async (srv) => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"]) {
      for (const path of ["/flags/br/br.gif", "/flags/", "/stats", "/nope"]) {
        const res = await fetch(origin(srv.urls.LOCAL) + path, { method });
        await res.body?.cancel();
        assert.deepEqual(res.status, 405, `${method} ${path}`);
        assert.deepEqual(res.headers.get("allow"), "GET, HEAD");
      }
    }
  });
});

Deno.test("paths that try to leave the folder are 404 and leak nothing", async () => {
  await withServer({}, async (srv) => {
    const secret = new TextDecoder().decode(await Deno.readFile("deno.json")).slice(0, 40);
    const paths = [
      "/flags/../deno.json",
      "/flags/br/../../deno.json",
      "/flags/%2e%2e/deno.json",
      "/flags/%2E%2E/%2e%2e/deno.json",
      "/flags/br/..%2fbr.gif",
      "/flags/br%2fbr.gif",
      "/flags\\br\\br.gif",
      "/flags/br\\br.gif",
      "/flags//br/br.gif",
      "//flags/br/br.gif",
      "/flags/br/br.gif/..",
      "/flags/./br/br.gif",
      "/etc/passwd",
      "/flags/BR/BR.gif",
      "/flags/br/br.GIF",
      "/flags/br/br.gif%00",
      "/flags/aa/aa.gif",
      "/flags/br/cn.gif",
      "/flags/br/",
      "/flags/br/metadata.JSON",
      "/flags/br/br/metadata.json",
      "/flags/zz/metadata.json",
      "/node_modules/famfamfam-flags/dist/gif/br.gif",
    ];
    for (const path of paths) {
      const text = await rawHttp(
        srv.urls.LOCAL,
        `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      );
      assert.match(text, /^HTTP\/1\.1 404 /, path);
      assert.ok(!text.includes(secret), path);
      assert.ok(!text.includes("GIF8"), path);
    }
    const absolute = await rawHttp(
      srv.urls.LOCAL,
      "GET http://x/flags/../../deno.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert.match(absolute, /^HTTP\/1\.1 (400|404) /);
    assert.ok(!absolute.includes(secret));
  });
});

Deno.test("DELAY answers no earlier than the delay, fixed or a range", async () => {
  await withServer({ delay: 0.05 }, async (srv) => {
    const t0 = performance.now();
    const res = await fetch(`${srv.urls.DELAY}/cn/cn.gif`);
    await res.bytes();
    assert.ok(performance.now() - t0 >= 50, "fixed delay applied");
    assert.deepEqual(res.status, 200);
    assert.deepEqual(res.headers.get("server-timing"), "delay;dur=50.0");
    const missing = await fetch(`${srv.urls.DELAY}/zz/zz.gif`);
    await missing.body?.cancel();
    assert.deepEqual(missing.status, 404);
    assert.ok(missing.headers.has("server-timing"), "a 404 is delayed too");
  });
  await withServer({ delay: [0.02, 0.06], seed: 3 }, async (srv) => {
    const delays = await Promise.all(Array.from({ length: 20 }, async () => {
      const t0 = performance.now();
      const res = await fetch(`${srv.urls.DELAY}/cn/cn.gif`);
      await res.bytes();
      const elapsed = performance.now() - t0;
      const dur = Number(/dur=([\d.]+)/.exec(res.headers.get("server-timing") ?? "")?.[1]);
      assert.ok(dur >= 20 && dur <= 60, `drawn delay ${dur} in range`);
      assert.ok(elapsed >= Math.floor(dur), `answered after ${elapsed} ms, delay ${dur}`);
      return dur;
    }));
    assert.ok(new Set(delays).size > 10, "delays are drawn per request");
  });
});

Deno.test("ERROR: about 25 % errors over 2,000 seeded requests, statuses from the list", async () => {
  await withServer({ seed: 42, delayRate: 0 }, async (srv) => {
    const statuses: Record<number, number> = {};
    for (let i = 0; i < 2000; i += 50) {
      await Promise.all(Array.from({ length: 50 }, async () => {
        const res = await fetch(`${srv.urls.ERROR}/br/br.gif`);
        await res.body?.cancel();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }));
    }
    const errors = 2000 - statuses[200];
    assert.ok(Math.abs(errors / 2000 - 0.25) < 0.03, `${errors} errors in 2000`);
    assert.deepEqual(Object.keys(statuses).sort(), ["200", "500", "502", "503", "504"]);
    for (const s of [500, 502, 503, 504]) assert.ok(statuses[s] > errors / 8, `${s} is picked`);
    const stats = srv.stats().ERROR;
    assert.deepEqual(stats.requests, 2000);
    assert.deepEqual(
      stats.statuses,
      Object.fromEntries(Object.entries(statuses).map(([k, v]) => [k, v])),
    );
  });
});

Deno.test("ERROR: about half the requests are delayed; rates 0 and 1 are exact", async () => {
  const delayedShare = async (options: FlagServerOptions, n: number) => {
    let delayed = 0;
    await withServer({ delay: 0.001, seed: 9, ...options }, async (srv) => {
      await Promise.all(Array.from({ length: n }, async () => {
        const res = await fetch(`${srv.urls.ERROR}/jp/jp.gif`);
        await res.body?.cancel();
        if (res.headers.has("server-timing")) delayed++;
      }));
    });
    return delayed / n;
  };
  const half = await delayedShare({ errorRate: 0 }, 400);
  assert.ok(Math.abs(half - 0.5) < 0.1, `delayed share ${half}`);
  assert.deepEqual(await delayedShare({ errorRate: 0, delayRate: 0 }, 50), 0);
  assert.deepEqual(await delayedShare({ errorRate: 1, delayRate: 1 }, 50), 1);
});

Deno.test("--seed replays the same errors; another seed does not", async () => {
  const run = async (seed: number) => {
    const seen: number[] = [];
    await withServer({ seed, delayRate: 0, errorRate: 0.5 }, async (srv) => {
      for (let i = 0; i < 40; i++) {
        const res = await fetch(`${srv.urls.ERROR}/in/in.gif`);
        await res.body?.cancel();
        seen.push(res.status);
      }
    });
    return seen;
  };
  const a = await run(1);
  assert.deepEqual(await run(1), a);
  assert.ok((await run(2)).join() !== a.join());
});

Deno.test("error status 'truncate' sends the headers and half the body, then aborts", async () => {
  await withServer({ errorRate: 1, delayRate: 0, errorStatus: ["truncate"] }, async (srv) => {
    const full = await (await fetch(`${srv.urls.LOCAL}/br/br.gif`)).bytes();
    const res = await fetch(`${srv.urls.ERROR}/br/br.gif`);
    assert.deepEqual(res.status, 200);
    assert.deepEqual(res.headers.get("content-length"), String(full.length));
    await assert.rejects(() => res.bytes());
    const raw = await rawHttp(
      srv.urls.ERROR,
      "GET /flags/br/br.gif HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    const body = raw.slice(raw.indexOf("\r\n\r\n") + 4);
    assert.deepEqual(body.length, Math.floor(full.length / 2), "half the body arrived");
    assert.deepEqual(srv.stats().ERROR.statuses, { truncate: 2 });
  });
  await withServer({ errorRate: 1, delayRate: 0, errorStatus: [503, 418] }, async (srv) => {
    const seen = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const res = await fetch(`${srv.urls.ERROR}/br/br.gif`);
      await res.body?.cancel();
      seen.add(res.status);
    }
    assert.deepEqual([...seen].sort(), [418, 503]);
  });
});

Deno.test("/stats counts requests, statuses and peak in-flight; ?reset=1 zeroes it", async () => {
  await withServer({ delay: 0.3 }, async (srv) => {
    const pending = Array.from({ length: 10 }, async (_, i) => {
      const res = await fetch(
        `${srv.urls.DELAY}/${i < 8 ? "us" : "xx"}/${i < 8 ? "us" : "xx"}.gif`,
      );
      await res.body?.cancel();
      return res.status;
    });
    const during = await statsUntil(srv, (s) => s.DELAY.inFlight === 10);
    assert.deepEqual(during.DELAY.requests, 10);
    assert.deepEqual(during.DELAY.peakInFlight, 10);
    assert.deepEqual((await Promise.all(pending)).filter((s) => s === 200).length, 8);
    const after = srv.stats();
    assert.deepEqual(after.DELAY, {
      requests: 10,
      statuses: { "200": 8, "404": 2 },
      inFlight: 0,
      peakInFlight: 10,
      outages: 0,
    });
    assert.deepEqual(after.LOCAL.requests, 0, "/stats itself is not counted");
    const reset = await fetch(`${origin(srv.urls.ERROR)}/stats?reset=1`);
    assert.deepEqual(reset.headers.get("content-type"), "application/json");
    assert.deepEqual((await reset.json()).DELAY.requests, 10, "reset returns what was counted");
    assert.deepEqual(srv.stats().DELAY, {
      requests: 0,
      statuses: {},
      inFlight: 0,
      peakInFlight: 0,
      outages: 0,
    });
  });
});

Deno.test("a client that hangs up mid-delay is counted as aborted and costs nothing", async () => {
  await withServer({ delay: 30 }, async (srv) => {
    const { port } = new URL(srv.urls.DELAY);
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: Number(port) });
    await conn.write(new TextEncoder().encode("GET /flags/br/br.gif HTTP/1.1\r\nHost: x\r\n\r\n"));
    await statsUntil(srv, (s) => s.DELAY.inFlight === 1);
    conn.close();
    const stats = await statsUntil(srv, (s) => s.DELAY.inFlight === 0);
    assert.deepEqual(stats.DELAY.statuses, { aborted: 1 });
    const res = await fetch(`${srv.urls.LOCAL}/br/br.gif`);
    assert.deepEqual(res.status, 200);
    await res.body?.cancel();
  });
});

Deno.test("a client that hangs up mid-body harms nothing", async () => {
  await withServer({}, async (srv) => {
    const { port } = new URL(srv.urls.LOCAL);
    for (let i = 0; i < 20; i++) {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port: Number(port) });
      await conn.write(new TextEncoder().encode("GET /flags/ HTTP/1.1\r\nHost: x\r\n\r\n"));
      const buf = new Uint8Array(64);
      assert.ok((await conn.read(buf))! > 0);
      conn.close();
    }
    const stats = await statsUntil(srv, (s) => s.LOCAL.inFlight === 0);
    assert.deepEqual(stats.LOCAL.requests, 20);
    assert.deepEqual(stats.LOCAL.statuses, { "200": 20 });
    const res = await fetch(`${srv.urls.LOCAL}/`);
    assert.deepEqual(res.status, 200);
    await res.body?.cancel();
  });
});

Deno.test("shutdown cuts pending delays short and closes every listener", async () => {
  const srv = await startFlagServer({ ...FREE_PORTS, delay: 60 });
  const pending = fetch(`${srv.urls.DELAY}/br/br.gif`).then(async (res) => {
    await res.body?.cancel();
    return res.status;
  });
  await statsUntil(srv, (s) => s.DELAY.inFlight === 1);
  await srv.shutdown();
  assert.deepEqual(await pending, 503);
  await srv.shutdown(); // idempotent
  for (const url of Object.values(srv.urls)) {
    await assert.rejects(() => fetch(`${url}/br/br.gif`));
  }
});

Deno.test("a port already in use is a one-line ListenError naming it; nothing leaks", async () => {
  using taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = taken.addr.port;
  for (const which of ["localPort", "delayPort", "errorPort"] as const) {
    await assert.rejects(() => startFlagServer({ ...FREE_PORTS, [which]: port }), {
      name: "ListenError",
      message: new RegExp(`^port ${port} is already in use[^\n]*$`),
    });
  }
});

Deno.test("bad option values are rejected before anything starts", async () => {
  const bad: FlagServerOptions[] = [
    { localPort: 70000 },
    { delayPort: -1 },
    { errorPort: 1.5 },
    { delay: -1 },
    { delay: [0.5, 0.1] },
    { delay: Number.NaN },
    { errorRate: 1.5 },
    { delayRate: -0.1 },
    { errorStatus: [] },
    { errorStatus: [200] },
    { errorStatus: [600] },
    { seed: 1.5 },
    { host: "" },
    { dir: "/nonexistent/flags/folder" },
    { localThreads: 0 },
    { localThreads: 2 }, // the tests run without --unstable-net
  ];
  for (const options of bad) {
    await assert.rejects(
      () => startFlagServer({ ...FREE_PORTS, ...options }),
      { name: "OptionError", message: /^[^\n]+$/ },
      JSON.stringify(options),
    );
  }
});

Deno.test("await using closes the server", async () => {
  let url: string;
  {
    await using srv = await startFlagServer(FREE_PORTS);
    url = srv.urls.LOCAL;
    const res = await fetch(`${url}/br/br.gif`);
    await res.body?.cancel();
  }
  await assert.rejects(() => fetch(`${url}/br/br.gif`));
});
