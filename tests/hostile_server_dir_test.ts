// --dir trusts nothing: only regular files that resolve inside the folder, under the size cap,
// each a GIF (or valid JSON); anything else refuses the start in one line naming the file.

import assert from "node:assert/strict";
import { join } from "node:path";
import { startFlagServer } from "../server.ts";
import { MAX_FILE_BYTES } from "../lib/server/files.ts";
import { FREE, serverTask } from "./fixtures/server_task.ts";

const FREE_PORTS = { localPort: 0, delayPort: 0, errorPort: 0, quiet: true } as const;
const GIF = new TextEncoder().encode("GIF89a and the rest of a flag");

/** A folder with flags/br/br.gif (a GIF) and whatever `arrange` adds; removed afterwards. */
async function withFolder(
  arrange: (dir: string) => Promise<void>,
  fn: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "hostile_dir_" });
  try {
    for (const cc of ["br", "cn"]) await Deno.mkdir(join(dir, "flags", cc), { recursive: true });
    await Deno.writeFile(join(dir, "flags", "br", "br.gif"), GIF);
    await arrange(dir);
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** `startFlagServer` must refuse `dir` with `message`, within `ms` (never hang). */
async function refuses(dir: string, message: RegExp, ms = 5000): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still starting after ${ms} ms`)), ms);
  });
  try {
    await assert.rejects(() => Promise.race([startFlagServer({ ...FREE_PORTS, dir }), hang]), {
      name: "OptionError",
      message,
    });
  } finally {
    clearTimeout(timer);
  }
}

const CASES: Array<[string, (dir: string) => Promise<void>, RegExp]> = [
  [
    "a symbolic link to a file outside the folder",
    (dir) => Deno.symlink("/etc/passwd", join(dir, "flags/cn/cn.gif")),
    /^--dir \S+: flags\/cn\/cn\.gif: resolves outside the folder, to \/etc\/passwd$/,
  ],
  [
    "a text file named .gif",
    (dir) => Deno.writeTextFile(join(dir, "flags/cn/cn.gif"), "hello, I am not a GIF\n"),
    /^--dir \S+: flags\/cn\/cn\.gif: not a GIF \(it does not start with GIF87a or GIF89a\)$/,
  ],
  [
    "an empty file",
    (dir) => Deno.writeFile(join(dir, "flags/cn/cn.gif"), new Uint8Array(0)),
    /^--dir \S+: flags\/cn\/cn\.gif: not a GIF/,
  ],
  [
    "a FIFO (opening it would block)",
    async (dir) => {
      const mk = await new Deno.Command("mkfifo", { args: [join(dir, "flags/cn/cn.gif")] })
        .output();
      assert.ok(mk.success, "mkfifo");
    },
    /^--dir \S+: flags\/cn\/cn\.gif: not a regular file \(a FIFO\)$/,
  ],
  [
    "a symbolic link to /dev/zero (an endless read)",
    (dir) => Deno.symlink("/dev/zero", join(dir, "flags/cn/cn.gif")),
    /^--dir \S+: flags\/cn\/cn\.gif: resolves outside the folder, to \/dev\/zero$/,
  ],
  [
    "a folder where the file should be",
    (dir) => Deno.mkdir(join(dir, "flags/cn/cn.gif")),
    /^--dir \S+: flags\/cn\/cn\.gif: not a regular file \(a folder\)$/,
  ],
  [
    "a link to nothing",
    (dir) => Deno.symlink(join(dir, "gone.gif"), join(dir, "flags/cn/cn.gif")),
    /^--dir \S+: flags\/cn\/cn\.gif: a link to nothing$/,
  ],
  [
    "a GIF over the size cap",
    async (dir) => {
      const big = new Uint8Array(MAX_FILE_BYTES + 1);
      big.set(GIF);
      await Deno.writeFile(join(dir, "flags/cn/cn.gif"), big);
    },
    new RegExp(`^--dir \\S+: flags/cn/cn\\.gif: ${MAX_FILE_BYTES + 1} bytes, over the `),
  ],
  [
    "a metadata.json that links outside",
    (dir) => Deno.symlink("/etc/hostname", join(dir, "flags/br/metadata.json")),
    /^--dir \S+: flags\/br\/metadata\.json: resolves outside the folder/,
  ],
];

for (const [what, arrange, message] of CASES) {
  Deno.test(`--dir refuses ${what}, in one line naming the file`, async () => {
    await withFolder(arrange, (dir) => refuses(dir, message));
  });
}

Deno.test("--dir refuses a flags/<cc> folder linked from outside", async () => {
  await withFolder(async (dir) => {
    const outside = await Deno.makeTempDir({ prefix: "hostile_outside_" });
    await Deno.writeFile(join(outside, "cn.gif"), GIF);
    await Deno.remove(join(dir, "flags/cn"), { recursive: true });
    await Deno.symlink(outside, join(dir, "flags/cn"));
  }, async (dir) => {
    const outside = await Deno.realPath(join(dir, "flags/cn"));
    try {
      await refuses(dir, /^--dir \S+: flags\/cn\/cn\.gif: resolves outside the folder, to /);
    } finally {
      await Deno.remove(outside, { recursive: true });
    }
  });
});

Deno.test("--dir serves a symbolic link that stays inside the folder", async () => {
  await withFolder(
    (dir) => Deno.symlink("../br/br.gif", join(dir, "flags/cn/cn.gif")),
    async (dir) => {
      await using srv = await startFlagServer({ ...FREE_PORTS, dir });
      const res = await fetch(`${srv.urls.LOCAL}/cn/cn.gif`);
      assert.deepEqual(await res.bytes(), GIF);
    },
  );
});

Deno.test("the server task refuses a FIFO in --dir: one line, exit 1, no hang", async () => {
  await withFolder(
    async (dir) => {
      await new Deno.Command("mkfifo", { args: [join(dir, "flags/cn/cn.gif")] }).output();
    },
    async (dir) => {
      const out = await (await serverTask([...FREE, "--dir", dir], {
        signal: AbortSignal.timeout(10_000), // a hang fails the test instead of stalling it
      })).output();
      assert.equal(out.code, 1);
      assert.equal(new TextDecoder().decode(out.stdout), "");
      assert.match(
        new TextDecoder().decode(out.stderr),
        /^server: --dir \S+: flags\/cn\/cn\.gif: not a regular file \(a FIFO\)\n$/,
      );
    },
  );
});
