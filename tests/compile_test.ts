/**
 * The compile step (`deno task compile`) and the permissions every task
 * grants. What can be checked offline always runs: plans, includes, type
 * checks, and that each task's flags parse and grant exactly what they list.
 * Building and running the binaries needs Deno's runtime (denort), which
 * `deno compile` downloads; that part runs only when DENORT_BIN points to one.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import {
  compilePlans,
  DENORT_REMEDY,
  DENORT_URL,
  describeCompileFailure,
} from "../lib/project/compile_plan.ts";
import { PROJECT_ROOT, runTasks, type TaskCommand } from "../lib/project/deno_tasks.ts";

const KINDS = ["net", "read", "write", "env", "run", "sys", "ffi"] as const;
type Kind = typeof KINDS[number];
const PROBE = join(PROJECT_ROOT, "tests/fixtures/permission_probe.ts");

/** The `--allow-<kind>` grants of a task: `true` for all, a list, or absent. */
function grants(task: TaskCommand): Map<Kind, true | string[]> {
  const found = new Map<Kind, true | string[]>();
  for (const flag of task.permissions) {
    const match = /^--allow-(\w+)(?:=(.*))?$/.exec(flag);
    if (!match) continue;
    assert.ok(KINDS.includes(match[1] as Kind), `${task.name}: unexpected flag ${flag}`);
    found.set(match[1] as Kind, match[2] === undefined ? true : match[2].split(","));
  }
  return found;
}

/** The descriptor that asks for `item` of `kind` (a host, path, variable or command). */
function descriptor(kind: Kind, item?: string): Deno.PermissionDescriptor {
  if (item === undefined) return { name: kind } as Deno.PermissionDescriptor;
  const key = { net: "host", read: "path", write: "path", env: "variable", run: "command" }[
    kind as "net" | "read" | "write" | "env" | "run"
  ];
  return { name: kind, [key]: item } as Deno.PermissionDescriptor;
}

Deno.test("every task's permission flags parse and grant exactly what they list", async (t) => {
  const tasks = await runTasks();
  assert.ok(tasks.length >= 13, `expected every script's task, got ${tasks.length}`);
  for (const task of tasks) {
    await t.step(task.name, async () => {
      const granted = grants(task);
      const asks: Array<{ d: Deno.PermissionDescriptor; want: boolean }> = [];
      for (const kind of KINDS) {
        const grant = granted.get(kind);
        // A list grants its items and nothing wider; no flag grants nothing.
        asks.push({ d: descriptor(kind), want: grant === true });
        if (Array.isArray(grant)) {
          for (const item of grant) asks.push({ d: descriptor(kind, item), want: true });
        }
      }
      const flags = task.permissions.filter((flag) => flag.startsWith("--allow-"));
      const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
        args: ["run", ...flags, PROBE, JSON.stringify(asks.map((a) => a.d))],
        cwd: PROJECT_ROOT,
        stdin: "null",
      }).output();
      assert.equal(code, 0, new TextDecoder().decode(stderr));
      const states: string[] = JSON.parse(new TextDecoder().decode(stdout));
      asks.forEach(({ d, want }, i) => {
        assert.equal(states[i] === "granted", want, `${task.name}: ${JSON.stringify(d)}`);
      });
    });
  }
});

Deno.test("compile plans cover server.ts and every script but the tour tools", async () => {
  const plans = await compilePlans();
  const entries = new Set(plans.map((plan) => plan.entry));
  const scripts = [...Deno.readDirSync(join(PROJECT_ROOT, "scripts"))]
    .filter((e) => e.isFile && e.name.endsWith(".ts"))
    .map((e) => `scripts/${e.name}`)
    .filter((path) => !["scripts/demo.ts", "scripts/compile.ts"].includes(path));
  assert.deepEqual([...entries].sort(), ["server.ts", ...scripts].sort());
  for (const plan of plans) {
    assert.match(plan.output, /^bin\/\w+$/);
    assert.deepEqual(plan.args.slice(1, 1 + plan.permissions.length), plan.permissions);
    assert.equal(plan.args.at(-1), plan.entry);
  }
  assert.equal(new Set(plans.map((plan) => plan.output)).size, plans.length, "unique outputs");
});

Deno.test("every --include path exists and every compile entry type-checks", async () => {
  const plans = await compilePlans();
  const modules = new Set<string>();
  for (const plan of plans) {
    modules.add(plan.entry);
    for (const path of plan.includes) {
      const info = await Deno.stat(join(PROJECT_ROOT, path));
      if (info.isFile) {
        if (path.endsWith(".ts")) modules.add(path);
      } else assert.ok([...Deno.readDirSync(join(PROJECT_ROOT, path))].length >= 194, path);
    }
  }
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["check", ...modules],
    cwd: PROJECT_ROOT,
    stdin: "null",
  }).output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
});

const DENORT_BIN = Deno.env.get("DENORT_BIN");
if (!DENORT_BIN) {
  console.log(
    "compile_test: skipping the build-and-run test: DENORT_BIN is not set, and `deno compile` " +
      "cannot download Deno's runtime (denort) from this offline machine",
  );
}

/** Starts the server binary on free ports; resolves with its LOCAL base URL and the process. */
async function startServerBinary(binary: string, cwd: string) {
  const child = new Deno.Command(binary, {
    args: ["--local-port", "0", "--delay-port", "0", "--error-port", "0", "--quiet"],
    cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!/^LOCAL\s+(\S+)\/$/m.test(text)) {
    const { value, done } = await lines.read();
    if (done) throw new Error(`server binary printed no LOCAL URL: ${text}`);
    text += value;
  }
  const local = /^LOCAL\s+(\S+)\/$/m.exec(text)![1];
  return {
    local,
    async stop() {
      child.kill("SIGTERM");
      await lines.cancel();
      return (await child.status).code;
    },
  };
}

Deno.test({
  name: "binaries build, carry their grants and print what their tasks print",
  ignore: !DENORT_BIN,
  async fn() {
    const out = await Deno.makeTempDir({ prefix: "bin_" });
    const work = await Deno.makeTempDir({ prefix: "binrun_" }); // no project folder around
    const binaries = new Map<string, string>();
    for (const plan of await compilePlans()) {
      const binary = join(out, plan.output.slice("bin/".length));
      const args = plan.args.with(plan.args.indexOf("--output") + 1, binary);
      const built = await new Deno.Command(Deno.execPath(), {
        args,
        cwd: PROJECT_ROOT,
        env: { DENORT_BIN: DENORT_BIN! },
        stdin: "null",
      }).output();
      assert.equal(built.code, 0, new TextDecoder().decode(built.stderr));
      binaries.set(plan.task, binary);
    }
    const run = async (task: string, args: string[], env: Record<string, string> = {}) => {
      const { code, stdout } = await new Deno.Command(binaries.get(task)!, {
        args,
        cwd: work,
        env,
        stdin: "null",
      }).output();
      return { code, stdout: new TextDecoder().decode(stdout) };
    };
    assert.match((await run("arcfour", [])).stdout, /elapsed time: \d+\.\d\ds\nOK\n$/);
    assert.match((await run("sha:futures", ["2", "--size", "4096"])).stdout, /^2 workers, /);
    assert.match((await run("arcfour:futures", ["2", "--size", "4096"])).stdout, /^2 workers/);

    const server = await startServerBinary(binaries.get("server")!, work);
    try {
      await Deno.mkdir(join(work, "downloads"));
      const flags2 = await run("flags2:threadpool", ["-s", server.local, "-a", "-m", "20"]);
      assert.equal(flags2.code, 0);
      assert.match(flags2.stdout, /194 flags downloaded\./, "every flag from the embedded images");
      const pool = await run("flags:processpool", [], { FLAGS_BASE_URL: server.local });
      assert.match(pool.stdout, /^running\n(\w\w ){20}\n20 flags downloaded in /);
    } finally {
      assert.equal(await server.stop(), 0);
    }
    await Deno.remove(work, { recursive: true });
    await Deno.remove(out, { recursive: true });
  },
});

/** Runs `deno task compile` with `args` as a user would; DENORT_BIN only as given. */
async function compile(args: string[], denortBin?: string) {
  const env: Record<string, string> = { NO_COLOR: "1" };
  for (const name of ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME"]) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  if (denortBin !== undefined) env.DENORT_BIN = denortBin;
  const task = (await runTasks()).find((t) => t.name === "compile")!;
  const out = await new Deno.Command(Deno.execPath(), {
    args: [...task.args, ...args],
    cwd: PROJECT_ROOT,
    env,
    clearEnv: true,
    stdin: "null",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

/** Why `deno compile` could download its runtime here (so the offline test cannot run). */
const online = await Deno.resolveDns(new URL(DENORT_URL).hostname, "A").then(
  () => `${new URL(DENORT_URL).hostname} resolves: deno compile can download its runtime here`,
  () => undefined,
);
if (online) console.log(`compile_test: skipping the offline test: ${online}`);

Deno.test("newcomer 4: compile --help is the command's help", async () => {
  const help = await compile(["--help"]);
  assert.equal(help.code, 0);
  assert.equal(help.stderr, "");
  assert.match(help.stdout, /^usage: deno task compile \[-h\] \[TASK \[TASK \.\.\.\]\]\n/);
  assert.match(help.stdout, /set DENORT_BIN to a denort binary/);
});

Deno.test({
  name: "newcomer 4: offline, the first binary that needs the runtime stops the run in one line",
  ignore: online !== undefined,
}, async () => {
  const before = await Array.fromAsync(Deno.readDir(PROJECT_ROOT)).then((entries) =>
    entries.some((e) => e.name === "bin")
  );
  const ran = await compile(["arcfour", "sha:futures", "flags"]);
  assert.equal(ran.code, 1);
  assert.equal(ran.stdout, "", "no per-binary lines: the run stopped at the first");
  const lines = ran.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, ran.stderr);
  assert.match(
    lines[0],
    /^compile: cannot get Deno's runtime \(denort\): dns error: [^;]+; set DENORT_BIN=<path to denort> /,
  );
  assert.ok(lines[0].endsWith(DENORT_REMEDY), lines[0]);
  if (!before) {
    const binFiles = await Array.fromAsync(Deno.readDir(join(PROJECT_ROOT, "bin"))).catch(() => []);
    assert.deepEqual(binFiles, [], "nothing half-built");
  }
});

Deno.test("newcomer 4: a DENORT_BIN that is not there is named, before anything is built", async () => {
  for (const [path, why] of [["/nonexistent/denort", "does not exist"], ["", ""]]) {
    const ran = await compile(["arcfour"], path);
    assert.equal(ran.code, 1);
    assert.equal(ran.stdout, "");
    const expected = path === ""
      ? `compile: DENORT_BIN is set but empty; ${DENORT_REMEDY}\n`
      : `compile: DENORT_BIN=${path} ${why}; ${DENORT_REMEDY}\n`;
    assert.equal(ran.stderr, expected);
  }
});

Deno.test("describeCompileFailure: the root cause, and whether the runtime is the matter", () => {
  const wrap = (...causes: string[]) =>
    "Check scripts/x.ts\nerror: Writing deno compile executable to temporary file 'bin/x.tmp-1'\n\n" +
    `Caused by:\n${
      causes.map((c, i) => `    ${i}: ${c}`).join("\n")
    }\n\nStack backtrace:\n   0: <unknown>\n`;
  assert.deepEqual(
    describeCompileFailure(
      wrap(
        "Setting up base binary.",
        `error sending request for url (${DENORT_URL}): client error (Connect): dns error: ` +
          "failed to lookup address information: Name or service not known",
        "client error (Connect)",
        "dns error",
      ),
      1,
    ),
    {
      runtime: true,
      reason: "dns error: failed to lookup address information: Name or service not known",
    },
  );
  assert.deepEqual(
    describeCompileFailure(
      wrap("Could not find denort at '/x'", "No such file or directory (os error 2)"),
      1,
    ),
    {
      runtime: true,
      reason: "Could not find denort at '/x': No such file or directory (os error 2)",
    },
  );
  assert.deepEqual(
    describeCompileFailure('error: Module not found "file:///p/scripts/x.ts".\n', 1),
    { runtime: false, reason: 'Module not found "file:///p/scripts/x.ts".' },
  );
  assert.deepEqual(describeCompileFailure("", 101), { runtime: false, reason: "exit status 101" });
});
