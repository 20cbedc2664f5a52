/**
 * The environment variables of the flag clients, with their defaults and what each means. The
 * series-1 scripts have no command line, as in the book, so these stand in for its constants;
 * a variable this process may not read (its task does not grant it) counts as unset.
 *
 * @example
 * ```ts ignore
 * import { destDir, readTimeout, setting } from "./settings.ts";
 * console.log(setting("FLAGS_BASE_URL")); // undefined unless set
 * console.log(destDir()); // "downloads" unless FLAGS_DEST_DIR says otherwise
 * console.log(readTimeout()); // { seconds: 10 } unless FLAGS_TIMEOUT says otherwise
 * ```
 *
 * @module
 */

import { DEFAULT_TIMEOUT } from "./checked_download.ts";
import { SERVERS } from "./servers.ts";

/**
 * Where flags land without `FLAGS_DEST_DIR`, for every client: `downloads` in the working
 * folder. `deno task` runs from the project's root, so its tasks fill the project's
 * `downloads/` (the folder their permissions name), wherever the user typed the command.
 */
export const DEFAULT_DEST_DIR = "downloads";

/** Each variable: its default (as text) and what it sets, for `--help`. */
export const SETTINGS = {
  FLAGS_BASE_URL: {
    default: `${SERVERS.DELAY} (the DELAY server)`,
    about: "where flags come from",
  },
  FLAGS_DEST_DIR: {
    default: `./${DEFAULT_DEST_DIR} (the project's, under deno task)`,
    about: "where flags are saved",
  },
  FLAGS_TIMEOUT: {
    default: String(DEFAULT_TIMEOUT),
    about: "seconds a request may take before it is abandoned",
  },
  FLAGS_TIMELINE: {
    default: "none (under deno task, a file in timelines/)",
    about: "draw the run as an SVG timeline in this file",
  },
} as const;

/** A variable's name. */
export type SettingName = keyof typeof SETTINGS;

/**
 * The value of variable `name`, or undefined when it is unset, empty, or not readable by this
 * process (so a task that does not grant it gets the default, not a permission error).
 */
export function setting(name: SettingName): string | undefined {
  const granted = Deno.permissions.querySync({ name: "env", variable: name });
  return granted.state === "granted" ? Deno.env.get(name) || undefined : undefined;
}

/** The folder every flag client saves into: `FLAGS_DEST_DIR`, else {@linkcode DEFAULT_DEST_DIR}. */
export function destDir(): string {
  return setting("FLAGS_DEST_DIR") ?? DEFAULT_DEST_DIR;
}

/** The most seconds `FLAGS_TIMEOUT` (and `--timeout`) may say: a day. */
export const MAX_TIMEOUT = 86_400;

/**
 * The request timeout `FLAGS_TIMEOUT` asks for, in seconds (default 10), or why its text is
 * not one.
 *
 * @example
 * ```ts ignore
 * import { readTimeout } from "./settings.ts";
 * const timeout = readTimeout();
 * if ("problem" in timeout) throw new Error(timeout.problem);
 * ```
 */
export function readTimeout(): { seconds: number } | { problem: string } {
  const text = setting("FLAGS_TIMEOUT");
  if (text === undefined) return { seconds: DEFAULT_TIMEOUT };
  const seconds = Number(text.trim());
  if (/^\s*[\d.]+\s*$/.test(text) && seconds > 0 && seconds <= MAX_TIMEOUT) return { seconds };
  return { problem: `FLAGS_TIMEOUT must be seconds > 0 and <= ${MAX_TIMEOUT}, got "${text}"` };
}
