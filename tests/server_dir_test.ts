// --dir: serving a folder laid out like the book's flags.zip (flags/<cc>/<cc>.gif, metadata.json).

import assert from "node:assert/strict";
import { join } from "node:path";
import { startFlagServer } from "../server.ts";
import { COUNTRY_CODES } from "../lib/flags/country_codes.ts";
import { FREE, startServerTask } from "./fixtures/server_task.ts";
import { DEFAULT_ZIP as ZIP, flagsZipUnavailable } from "../lib/project/server_data.ts";

const FREE_PORTS = { localPort: 0, delayPort: 0, errorPort: 0, quiet: true } as const;

const skipReason = await flagsZipUnavailable();
if (skipReason) console.log(`server_dir_test: skipping the flags.zip tests: ${skipReason}`);

/** Runs `fn` with a new temporary folder, removed afterwards. */
async function withTempDir(prefix: string, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name: "--dir serves the unzipped flags.zip's GIFs and metadata.json, byte for byte, for all 194",
  ignore: skipReason !== undefined,
  async fn() {
    await withTempDir("flags_zip_", async (dir) => {
      const unzip = await new Deno.Command("unzip", { args: ["-q", ZIP, "-d", dir] }).output();
      assert.equal(unzip.code, 0);
      await using srv = await startFlagServer({ ...FREE_PORTS, dir });
      assert.deepEqual(srv.missing, []);
      await Promise.all(COUNTRY_CODES.map(async (CC) => {
        const cc = CC.toLowerCase();
        const res = await fetch(`${srv.urls.LOCAL}/${cc}/${cc}.gif`);
        assert.equal(res.status, 200, cc);
        assert.equal(res.headers.get("content-type"), "image/gif");
        assert.deepEqual(
          await res.bytes(),
          await Deno.readFile(join(dir, "flags", cc, `${cc}.gif`)),
        );
      }));
      assert.deepEqual(srv.missingMetadata, []);
      await Promise.all(COUNTRY_CODES.map(async (CC) => {
        const cc = CC.toLowerCase();
        const res = await fetch(`${srv.urls.LOCAL}/${cc}/metadata.json`);
        assert.equal(res.status, 200, cc);
        assert.equal(res.headers.get("content-type"), "application/json");
        assert.deepEqual(
          await res.bytes(),
          await Deno.readFile(join(dir, "flags", cc, "metadata.json")),
        );
      }));
      assert.equal(srv.stats().LOCAL.statuses["200"], 2 * 194);
    });
  },
});

Deno.test("--dir with only some flags: the others are 404 and named on the gallery", async () => {
  await withTempDir("flags_some_", async (dir) => {
    const gif = new TextEncoder().encode("GIF89a-not-really");
    for (const cc of ["br", "cn"]) {
      await Deno.mkdir(join(dir, "flags", cc), { recursive: true });
      await Deno.writeFile(join(dir, "flags", cc, `${cc}.gif`), gif);
    }
    await Deno.writeTextFile(join(dir, "secret.txt"), "do not serve");
    await using srv = await startFlagServer({ ...FREE_PORTS, dir });
    assert.equal(srv.missing.length, 192);
    assert.ok(srv.missing.includes("ss") && !srv.missing.includes("br"));
    const br = await fetch(`${srv.urls.LOCAL}/br/br.gif`);
    assert.deepEqual(await br.bytes(), gif);
    for (const path of ["us/us.gif", "../secret.txt", "%2e%2e/secret.txt"]) {
      const res = await fetch(`${srv.urls.LOCAL}/${path}`);
      assert.equal(res.status, 404, path);
      assert.ok(!(await res.text()).includes("do not serve"));
    }
    const html = await (await fetch(`${srv.urls.LOCAL}/`)).text();
    assert.match(html, /<h1>2 flags<\/h1>/);
    assert.match(html, /Not in this folder \(404\): AD AE /);
  });
});

Deno.test("--dir: its own metadata.json, byte for byte; names the gallery; none is a 404", async () => {
  await withTempDir("flags_meta_", async (dir) => {
    const gif = new TextEncoder().encode("GIF89a-not-really");
    const own = '{ "country" : "Terra <Brasilis>",\n "iso_cc": "BR" }';
    for (const cc of ["br", "cn"]) {
      await Deno.mkdir(join(dir, "flags", cc), { recursive: true });
      await Deno.writeFile(join(dir, "flags", cc, `${cc}.gif`), gif);
    }
    await Deno.writeTextFile(join(dir, "flags", "br", "metadata.json"), own);
    await using srv = await startFlagServer({ ...FREE_PORTS, dir });
    assert.equal(srv.missingMetadata.length, 193);
    assert.ok(srv.missingMetadata.includes("cn") && !srv.missingMetadata.includes("br"));
    const br = await fetch(`${srv.urls.LOCAL}/br/metadata.json`);
    assert.equal(await br.text(), own);
    for (const cc of ["cn", "us"]) {
      const res = await fetch(`${srv.urls.LOCAL}/${cc}/metadata.json`);
      await res.body?.cancel();
      assert.equal(res.status, 404, cc);
    }
    const html = await (await fetch(`${srv.urls.LOCAL}/`)).text();
    assert.ok(html.includes('<code>BR</code><br><span class="name">Terra &lt;Brasilis&gt;</span>'));
    assert.ok(html.includes("<figcaption><code>CN</code></figcaption>"), "no name, no caption");
  });
});

Deno.test("--dir with a metadata.json that is not JSON: refused in one line naming it", async () => {
  await withTempDir("flags_badmeta_", async (dir) => {
    await Deno.mkdir(join(dir, "flags", "br"), { recursive: true });
    await Deno.writeFile(join(dir, "flags", "br", "br.gif"), new TextEncoder().encode("GIF89a"));
    for (const bad of ['{"country": "Brazil"', "", "\xff\xfe{}"]) {
      await Deno.writeFile(
        join(dir, "flags", "br", "metadata.json"),
        Uint8Array.from(bad, (c) => c.charCodeAt(0)),
      );
      await assert.rejects(() => startFlagServer({ ...FREE_PORTS, dir }), {
        name: "OptionError",
        message: /^--dir \S+: flags\/br\/metadata\.json: not valid JSON \([^\n]+\)$/,
      }, JSON.stringify(bad));
    }
  });
});

Deno.test("--dir that is a file, or holds no flags, is an OptionError", async () => {
  await withTempDir("flags_none_", async (dir) => {
    const file = join(dir, "file.txt");
    await Deno.writeTextFile(file, "x");
    for (const bad of [dir, file]) {
      await assert.rejects(() => startFlagServer({ ...FREE_PORTS, dir: bad }), {
        name: "OptionError",
        message: /^--dir .*(no flags|not a folder)/,
      });
    }
  });
});

Deno.test({
  name: "the server task's permissions are enough for --dir",
  ignore: skipReason !== undefined,
  async fn() {
    await withTempDir("flags_task_", async (dir) => {
      await new Deno.Command("unzip", { args: ["-q", ZIP, "flags/ss/*", "-d", dir] }).output();
      const srv = await startServerTask([...FREE, "--dir", dir]);
      let stderr: string;
      try {
        const local = srv.urls.LOCAL;
        const res = await fetch(`${local}/ss/ss.gif`);
        assert.deepEqual(await res.bytes(), await Deno.readFile(join(dir, "flags/ss/ss.gif")));
        const meta = await fetch(`${local}/ss/metadata.json`);
        assert.deepEqual(
          await meta.bytes(),
          await Deno.readFile(join(dir, "flags/ss/metadata.json")),
        );
        const br = await fetch(`${local}/br/br.gif`);
        await br.body?.cancel();
        assert.equal(br.status, 404);
      } finally {
        srv.child.kill("SIGTERM");
        const finished = await srv.finished;
        stderr = finished.stderr;
        assert.equal(finished.code, 0);
      }
      assert.match(stderr, /^server: no image for AD AE [A-Z ]+ \(404\)$/m);
      assert.match(stderr, /^server: no metadata\.json for AD AE [A-Z ]+ \(404\)$/m);
    });
  },
});
