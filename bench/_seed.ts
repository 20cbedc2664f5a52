/**
 * The seed notebook's Python scripts (its `%%writefile ch17/<name>` cells), for
 * the benchmarks that run the book's code side by side with ours. Nothing of the
 * seed is committed: the scripts are extracted at bench time.
 *
 * @module
 */

import { join } from "node:path";
import { PROJECT_ROOT } from "../lib/project/deno_tasks.ts";

/** The seed notebook, beside the project as `../shared/seed/`. */
export const SEED_NOTEBOOK: string = join(
  PROJECT_ROOT,
  "..",
  "shared",
  "seed",
  "000_d86694ee93d9b266.txt",
);

/** Every `%%writefile ch17/<name>.py` cell of the notebook, by file name. */
export async function seedPython(notebook: string = SEED_NOTEBOOK): Promise<Map<string, string>> {
  const lines = (await Deno.readTextFile(notebook)).split("\n");
  const files = new Map<string, string>();
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i].match(/^%%writefile ch17\/(\S+\.py)$/);
    if (!m) continue;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i].startsWith("Overwriting ch17/"); i++) {
      body.push(lines[i]);
    }
    files.set(m[1], body.join("\n").trimEnd() + "\n");
  }
  return files;
}

/** Writes the named seed scripts into `dir`; throws if the notebook lacks one. */
export async function writeSeedPython(
  dir: string,
  names: readonly string[],
  notebook: string = SEED_NOTEBOOK,
): Promise<void> {
  const files = await seedPython(notebook);
  for (const name of names) {
    const source = files.get(name);
    if (source === undefined) throw new Error(`the seed has no ch17/${name}`);
    await Deno.writeTextFile(join(dir, name), source);
  }
}
