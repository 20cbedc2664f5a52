// --dir: serving a folder laid out like the book's flags.zip (flags/<cc>/<cc>.gif).

import assert from "node:assert/strict";
import { join } from "node:path";
import { startFlagServer } from "../server.ts";
import { COUNTRY_CODES } from "../lib/flags/country_codes.ts";
import { PROJECT_ROOT as ROOT, taskCommand } from "../lib/project/deno_tasks.ts";
import { missingCommand } from "../lib/project/host_tools.ts";

const ZIP = join(ROOT, "..", "shared", "data", "flags.zip");
const FREE_PORTS = { localPort: 0, delayPort: 0, errorPort: 0, quiet: true } as const;

/** Why the flags.zip tests cannot run here, or undefined when they can. */
async function zipUnavailable(): Promise<string | undefined> {
  try {
    await Deno.stat(ZIP);
  } catch {
    return `${ZIP} is absent`;
  }
  return await missingCommand("unzip");
}

const skipReason = await zipUnavailable();
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
  name: "--dir serves the unzipped flags.zip, byte for byte, for all 194 codes",
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
      const meta = await fetch(`${srv.urls.LOCAL}/br/metadata.json`);
      await meta.body?.cancel();
      assert.equal(meta.status, 404, "only the GIFs are served");
      assert.equal(srv.stats().LOCAL.statuses["200"], 194);
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
      const { args } = await taskCommand("server");
      const child = new Deno.Command(Deno.execPath(), {
        args: [...args, "--local-port=0", "--delay-port=0", "--error-port=0", "--dir", dir],
        cwd: ROOT,
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const stderr = new Response(child.stderr).text();
      const out = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
      let text = "";
      while (!/^LOCAL +(\S+)\/$/m.test(text)) {
        const { value, done } = await out.read();
        if (done) break;
        text += value;
      }
      const local = /^LOCAL +(\S+)\/$/m.exec(text)?.[1];
      try {
        assert.ok(local, `no LOCAL url in ${JSON.stringify(text)}`);
        const res = await fetch(`${local}/ss/ss.gif`);
        assert.deepEqual(await res.bytes(), await Deno.readFile(join(dir, "flags/ss/ss.gif")));
        const br = await fetch(`${local}/br/br.gif`);
        await br.body?.cancel();
        assert.equal(br.status, 404);
      } finally {
        child.kill("SIGTERM");
        for (let r = await out.read(); !r.done; r = await out.read());
        assert.equal((await child.status).code, 0);
      }
      assert.match(await stderr, /no image for AD AE/);
    });
  },
});
