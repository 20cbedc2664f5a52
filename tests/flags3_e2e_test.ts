/**
 * flags3 as a user runs it (`flags3:threadpool`, `flags3:asyncio`: child processes with their
 * tasks' flags) against the in-process flag server: `-a` saves the 194 flags under the names
 * their metadata gives — and, served from the unzipped book's flags.zip (`--dir`), exactly the
 * names the book's flags3 saves, with the zip's GIFs byte for byte.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { COUNTRY_CODES } from "../lib/flags/country_codes.ts";
import { DEFAULT_ZIP as ZIP, flagsZipUnavailable } from "../lib/project/server_data.ts";
import { startFlagServer } from "../lib/server/flag_server.ts";
import { runFlagsTask } from "./fixtures/flags_runs.ts";

const SERVER = { localPort: 0, delayPort: 0, errorPort: 0, quiet: true } as const;
const TASKS = ["flags3:threadpool", "flags3:asyncio"];

/** The book's rule: the country's name, spaces as `_`, a dash, the code, `.gif`. */
const bookName = (country: string, cc: string) => `${country.replaceAll(" ", "_")}-${cc}.gif`;

for (const task of TASKS) {
  Deno.test(`${task} -a: 194 flags named after their metadata, at most -m in flight`, async () => {
    await using srv = await startFlagServer({ ...SERVER, delay: 0.1 });
    // -m 30: the first requests all leave in one turn of the event loop (batches are 32), so the
    // server sees all 30 at once whatever the load.
    const run = await runFlagsTask(task, ["-s", srv.urls.DELAY, "-a", "-m", "30"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^194 flags downloaded\.$/m);
    assert.doesNotMatch(run.stdout, /not found|errors?\./);
    const expected = new Map<string, string>();
    for (const cc of COUNTRY_CODES) {
      const lower = cc.toLowerCase();
      const { country } = await (await fetch(`${srv.urls.LOCAL}/${lower}/metadata.json`)).json();
      const gif = await (await fetch(`${srv.urls.LOCAL}/${lower}/${lower}.gif`)).bytes();
      expected.set(bookName(country, cc), lower);
      assert.deepEqual(run.contents.get(bookName(country, cc)), gif, `${cc}'s flag`);
    }
    assert.deepEqual(run.files, [...expected.keys()].sort(), "no other file, no temporary one");
    assert.ok(run.files.includes("United_States_of_America-US.gif"), run.files.join(" "));
    const stats = srv.stats().DELAY;
    assert.equal(stats.requests, 2 * 194, "a GIF and a metadata.json for each code");
    assert.equal(stats.peakInFlight, 30);
  });
}

const noZip = await flagsZipUnavailable();
if (noZip) console.log(`flags3_e2e_test: skipping the flags.zip test: ${noZip}`);

Deno.test({
  name: "flags3 on the unzipped flags.zip (--dir): the book's names and GIFs, byte for byte",
  ignore: noZip !== undefined,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "flags3_zip_" });
    try {
      const unzip = await new Deno.Command("unzip", { args: ["-q", ZIP, "-d", dir] }).output();
      assert.equal(unzip.code, 0);
      // The oracle reads the zip's own files, not the server.
      const book = new Map<string, Uint8Array>();
      for (const cc of COUNTRY_CODES) {
        const folder = join(dir, "flags", cc.toLowerCase());
        const { country } = JSON.parse(await Deno.readTextFile(join(folder, "metadata.json")));
        book.set(
          bookName(country, cc),
          await Deno.readFile(join(folder, `${cc.toLowerCase()}.gif`)),
        );
      }
      assert.ok(book.has("Côte_d'Ivoire-CI.gif") && book.has("Korea,_North-KP.gif"));
      await using srv = await startFlagServer({ ...SERVER, dir });
      for (const task of TASKS) {
        const run = await runFlagsTask(task, ["-s", srv.urls.LOCAL, "-a", "-m", "20"]);
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stdout, /^194 flags downloaded\.$/m);
        const encode = (names: string[]) => names.map((name) => new TextEncoder().encode(name));
        assert.deepEqual(encode(run.files), encode([...book.keys()].sort()), `${task}'s names`);
        for (const [name, gif] of book) assert.deepEqual(run.contents.get(name), gif, name);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
