// flags3's one code: the GIF, then metadata.json; a 404 on either is "not found"; the file is
// `{country}-{CC}.gif`; bad metadata is an error; with a semaphore, each request holds it alone.
import assert from "node:assert/strict";
import { HTTPError, NotAFlagError } from "../lib/flags/errors.ts";
import {
  countryOf,
  downloadOne,
  flags3FileName,
  METADATA_MAX_BYTES,
  MetadataError,
} from "../lib/flags/flags3/download.ts";
import { Semaphore } from "../lib/futures/semaphore.ts";
import {
  gifResponse,
  metadataResponse,
  type StubAnswer,
  stubFlagServer,
  TINY_GIF,
} from "./fixtures/stub_flag_server.ts";

/** A fresh folder, removed with what is in it when disposed. */
async function tempDir(): Promise<{ path: string } & AsyncDisposable> {
  const path = await Deno.makeTempDir({ prefix: "flags3_test_" });
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }) };
}

async function listDir(dir: string): Promise<string[]> {
  const names = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

const KR = {
  "/flags/kr/kr.gif": gifResponse(),
  "/flags/kr/metadata.json": metadataResponse({
    tld_cc: ".kr",
    iso_cc: "KR",
    country: "Korea, South",
    gec_cc: "KS",
  }),
};

Deno.test("the book's file names: spaces become _, the code in upper case", () => {
  assert.equal(flags3FileName("United States of America", "us"), "United_States_of_America-US.gif");
  assert.equal(flags3FileName("Côte d'Ivoire", "CI"), "Côte_d'Ivoire-CI.gif");
  assert.equal(flags3FileName("Congo (Kinshasa)", "CD"), "Congo_(Kinshasa)-CD.gif");
});

Deno.test("a country name that is not a plain file name is a MetadataError", () => {
  for (
    const bad of [
      "",
      "../../etc/passwd",
      "a/b",
      "a\\b",
      ".hidden",
      "..",
      "tab\there",
      "x".repeat(201),
    ]
  ) {
    assert.throws(() => flags3FileName(bad, "BR"), MetadataError, JSON.stringify(bad));
  }
  assert.equal(flags3FileName("é".repeat(100), "BR"), `${"é".repeat(100)}-BR.gif`, "200 bytes");
  assert.throws(() => flags3FileName("é".repeat(101), "BR"), MetadataError, "202 bytes");
});

Deno.test("countryOf: a JSON object with a string country, nothing else", () => {
  const encode = (text: string) => new TextEncoder().encode(text);
  assert.equal(countryOf(encode('{"country": "Brazil", "iso_cc": "BR"}')), "Brazil");
  const cases: Array<[string | Uint8Array, RegExp]> = [
    ["not json", /not JSON/],
    [new Uint8Array([0x7b, 0xff, 0x7d]), /not JSON/],
    ["[1, 2]", /no country/],
    ["null", /no country/],
    ['{"country": 42}', /no country/],
  ];
  for (const [body, message] of cases) {
    assert.throws(
      () => countryOf(typeof body === "string" ? encode(body) : body),
      (e) => e instanceof MetadataError && message.test(e.message),
      String(body),
    );
  }
});

Deno.test("downloadOne saves {country}-{CC}.gif after both requests, GIF first", async () => {
  await using stub = stubFlagServer(KR);
  await using dir = await tempDir();
  const lines: string[] = [];
  const result = await downloadOne(stub.baseUrl, "KR", {
    destDir: dir.path,
    verbose: true,
    log: (line) => lines.push(line),
  });
  assert.deepEqual(result, { status: "ok", cc: "KR" });
  assert.deepEqual(lines, ["KR OK"]);
  assert.deepEqual(stub.requests, ["/flags/kr/kr.gif", "/flags/kr/metadata.json"]);
  assert.deepEqual(await listDir(dir.path), ["Korea,_South-KR.gif"]);
  assert.deepEqual(await Deno.readFile(`${dir.path}/Korea,_South-KR.gif`), TINY_GIF);
});

Deno.test("a 404 on the GIF is not found, and the metadata is not asked for", async () => {
  await using stub = stubFlagServer({
    "/flags/zz/metadata.json": metadataResponse({ country: "Z" }),
  });
  await using dir = await tempDir();
  const lines: string[] = [];
  const result = await downloadOne(stub.baseUrl, "ZZ", {
    destDir: dir.path,
    verbose: true,
    log: (line) => lines.push(line),
  });
  assert.deepEqual(result, { status: "not_found", cc: "ZZ" });
  assert.deepEqual(lines, ["ZZ not found"]);
  assert.deepEqual(stub.requests, ["/flags/zz/zz.gif"]);
  assert.deepEqual(await listDir(dir.path), []);
});

Deno.test("a 404 on the metadata is not found too, and nothing is saved", async () => {
  await using stub = stubFlagServer({ "/flags/br/br.gif": gifResponse() });
  await using dir = await tempDir();
  const result = await downloadOne(stub.baseUrl, "BR", { destDir: dir.path });
  assert.deepEqual(result, { status: "not_found", cc: "BR" });
  assert.deepEqual(stub.requests, ["/flags/br/br.gif", "/flags/br/metadata.json"]);
  assert.deepEqual(await listDir(dir.path), []);
});

Deno.test("any other failure of either request is an error for the code; nothing saved", async () => {
  const failures: Array<[Record<string, StubAnswer>, (e: unknown) => boolean]> = [
    [
      { "/flags/br/br.gif": new Response("busy", { status: 503 }) },
      (e) => e instanceof HTTPError && e.status === 503,
    ],
    [
      {
        "/flags/br/br.gif": gifResponse(),
        "/flags/br/metadata.json": new Response("oops", { status: 500 }),
      },
      (e) => e instanceof HTTPError && e.status === 500,
    ],
    [
      { "/flags/br/br.gif": gifResponse(), "/flags/br/metadata.json": new Response("<html>") },
      (e) => e instanceof MetadataError && /not JSON/.test(e.message),
    ],
    [
      {
        "/flags/br/br.gif": gifResponse(),
        "/flags/br/metadata.json": metadataResponse({ country: "../../outside" }),
      },
      (e) => e instanceof MetadataError && /Bad country name/.test(e.message),
    ],
    [
      {
        "/flags/br/br.gif": gifResponse(),
        "/flags/br/metadata.json": metadataResponse({
          country: "x".repeat(2 * METADATA_MAX_BYTES),
        }),
      },
      (e) =>
        e instanceof MetadataError &&
        /^Bad metadata: body over 4 KiB \(Content-Length: \d+\)$/.test(e.message),
    ],
    [
      {
        "/flags/br/br.gif": gifResponse(),
        "/flags/br/metadata.json": () =>
          new Response(
            ReadableStream.from([new TextEncoder().encode(`{"country": "${"x".repeat(5000)}"}`)]),
          ),
      },
      (e) => e instanceof MetadataError && e.message === "Bad metadata: body over 4 KiB",
    ],
    [
      { "/flags/br/br.gif": new Response("<html>") },
      (e) => e instanceof NotAFlagError && /^not a GIF/.test(e.message),
    ],
  ];
  for (const [routes, check] of failures) {
    await using stub = stubFlagServer(routes);
    await using dir = await tempDir();
    await assert.rejects(downloadOne(stub.baseUrl, "BR", { destDir: dir.path }), check);
    assert.deepEqual(await listDir(dir.path), [], "nothing saved, no temporary file");
  }
});

Deno.test("with a semaphore, each of the two requests holds a permit on its own", async () => {
  const routes: Record<string, Response> = {};
  for (const [cc, country] of [["br", "Brazil"], ["cn", "China"]]) {
    routes[`/flags/${cc}/${cc}.gif`] = gifResponse();
    routes[`/flags/${cc}/metadata.json`] = metadataResponse({ country });
  }
  await using stub = stubFlagServer(routes);
  await using dir = await tempDir();
  const semaphore = new Semaphore(1);
  const results = await Promise.all(
    ["BR", "CN"].map((cc) => downloadOne(stub.baseUrl, cc, { destDir: dir.path }, semaphore)),
  );
  assert.deepEqual(results.map((r) => r.status), ["ok", "ok"]);
  // One permit, handed over first come first served: BR's metadata request queues behind CN's
  // GIF request. Holding the permit for a whole code would give br.gif, br/metadata, cn.gif….
  assert.deepEqual(stub.requests, [
    "/flags/br/br.gif",
    "/flags/cn/cn.gif",
    "/flags/br/metadata.json",
    "/flags/cn/metadata.json",
  ]);
  assert.equal(stub.peakInFlight(), 1);
  assert.deepEqual(await listDir(dir.path), ["Brazil-BR.gif", "China-CN.gif"]);
  assert.equal(String(semaphore), "<Semaphore [unlocked, value:1]>", "every permit back");
});
