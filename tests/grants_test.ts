/**
 * Read grants name folders, and the folders are the permission scopes: for every task whose
 * script starts module workers, the whole import graph of what those workers load (the pool's
 * worker host and the task module the script names) lies inside the folders its
 * `--allow-read=` grants. Adding an import from outside those folders fails here, not at run
 * time in `flags:processpool`.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { PROJECT_ROOT, runTasks, type TaskCommand } from "../lib/project/deno_tasks.ts";

/** The worker host every WorkerPoolExecutor worker starts with. */
const WORKER_HOST = "lib/futures/_worker_host.ts";

/** The modules a script hands to workers: each `new URL("….ts", import.meta.url)` in it. */
async function workerModules(entry: string): Promise<string[]> {
  const source = await Deno.readTextFile(join(PROJECT_ROOT, entry));
  const found = [...source.matchAll(/new URL\("([^"]+\.ts)", import\.meta\.url\)/g)];
  return found.map((m) => relative(PROJECT_ROOT, join(PROJECT_ROOT, entry, "..", m[1])));
}

/** Every module of `module`'s import graph, as `deno info --json` lists it. */
async function importGraph(module: string): Promise<string[]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", module],
    cwd: PROJECT_ROOT,
    stdin: "null",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const info = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    modules: Array<{ specifier: string }>;
  };
  return info.modules.map((m) => m.specifier);
}

const WORKER_TASKS: Array<{ task: TaskCommand; modules: string[] }> = [];
for (const task of await runTasks()) {
  const modules = await workerModules(task.entry);
  if (modules.length > 0) WORKER_TASKS.push({ task, modules });
}

Deno.test("the tasks that start workers are found, and each names its task module", () => {
  const names = WORKER_TASKS.map(({ task }) => task.name).sort();
  assert.deepEqual(names, ["arcfour:futures", "flags:processpool", "sha:futures"]);
});

for (const { task, modules } of WORKER_TASKS) {
  Deno.test(`${task.name}: its workers' whole import graph lies inside its read grants`, async () => {
    const grant = task.permissions.find((flag) => flag.startsWith("--allow-read="));
    assert.ok(grant, `${task.name} grants no read`);
    const folders = grant.slice("--allow-read=".length).split(",");
    for (const folder of folders) {
      assert.ok((await Deno.stat(join(PROJECT_ROOT, folder))).isDirectory, `${folder}: a folder`);
    }
    const inside = (path: string) => folders.some((f) => path === f || path.startsWith(`${f}/`));
    for (const module of [WORKER_HOST, ...modules]) {
      const graph = await importGraph(module);
      assert.ok(graph.length >= 1, module);
      for (const specifier of graph) {
        if (specifier.startsWith("node:")) continue; // built into Deno: no file to read
        assert.ok(specifier.startsWith("file://"), `${module} imports ${specifier}`);
        const path = relative(PROJECT_ROOT, new URL(specifier).pathname);
        assert.ok(inside(path), `${module} → ${path} lies outside ${folders.join(",")}`);
      }
    }
  });
}
