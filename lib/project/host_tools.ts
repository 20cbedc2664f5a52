/**
 * What this machine has that the tests and benchmarks may use: a command on the PATH, or a
 * Python with some modules. Each answer says why not, so that a test that cannot run is
 * registered as ignored with its reason printed (never counted as passed).
 *
 * @example
 * ```ts ignore
 * import { missingCommand, pythonWith } from "./host_tools.ts";
 * const python = await pythonWith(["tqdm"]);
 * const why = python.path === undefined ? python.why : await missingCommand("script", "bsdutils");
 * Deno.test({ name: "…", ignore: why !== undefined, fn() {} });
 * if (why) console.log(`skipped: ${why}`);
 * ```
 *
 * @module
 */

/**
 * Why `name` cannot be run here (not on the PATH), or undefined when it can.
 *
 * @param debianPackage the Debian package that installs it, named in the reason
 */
export async function missingCommand(
  name: string,
  debianPackage: string = name,
): Promise<string | undefined> {
  const found = await new Deno.Command("sh", {
    args: ["-c", `command -v ${name}`],
    stdout: "null",
    stderr: "null",
  }).output();
  return found.success ? undefined : `\`${name}\` is missing (Debian package ${debianPackage})`;
}

/** Pythons to try, best first: Debian's own (where apt-get puts python3-tqdm), then the PATH's. */
export const PYTHONS: readonly string[] = ["/usr/bin/python3", "python3"];

/**
 * The first Python of {@linkcode PYTHONS} that imports every module of `modules`, or why there
 * is none (naming the Debian packages `python3-<module>`).
 */
export async function pythonWith(
  modules: readonly string[],
): Promise<{ path: string; why?: undefined } | { path?: undefined; why: string }> {
  const probe = modules.map((m) => `import ${m}`).join("; ") || "pass";
  for (const path of PYTHONS) {
    try {
      const out = await new Deno.Command(path, {
        args: ["-c", probe],
        stdout: "null",
        stderr: "null",
      }).output();
      if (out.success) return { path };
    } catch {
      // not installed: try the next one
    }
  }
  const packages = modules.map((m) => `python3-${m}`).join(" ");
  return { why: `no python3 with ${modules.join(", ")} (Debian: ${packages || "python3"})` };
}
