/**
 * The command line of the flags2 scripts (the seed's `flags2_common.py`
 * `process_args` and `expand_cc_args`): options parsed the way argparse does
 * (short flags combine, `-al 100`, `-l100`, `--limit=100`, unique prefixes of
 * long names), the help screen laid out like argparse's, and the seed's usage
 * errors.
 *
 * @example
 * ```ts
 * import { parseFlags2Args } from "./cli.ts";
 *
 * const parsed = parseFlags2Args(["-s", "ERROR", "-al", "100", "-m", "100"], {
 *   prog: "flags2_threadpool.ts",
 *   defaultConcurReq: 30,
 * });
 * if (parsed.kind === "run") {
 *   console.log(parsed.args.serverLabel, parsed.ccList.length); // ERROR 100
 * }
 * ```
 *
 * @module
 */

import { COUNTRY_CODES, POP20_CC } from "../country_codes.ts";
import { SERVERS } from "../servers.ts";

/** The server used without `-s`. */
export const DEFAULT_SERVER = "LOCAL";

/** The label printed in the initial report when `-s` is a URL rather than a label. */
export const CUSTOM_SERVER_LABEL = "CUSTOM";

/** Seconds a request may take before it is abandoned, without `--timeout`. */
export const DEFAULT_TIMEOUT = 10;

/** The options after parsing and checking. */
export interface Flags2Args {
  /** `CC...` as given (upper case). */
  cc: string[];
  /** `-a/--all`: the 194 codes. */
  all: boolean;
  /** `-e/--every`: AA..ZZ. */
  every: boolean;
  /** `-l/--limit N`; `Infinity` without it. */
  limit: number;
  /** `-m/--max_req CONCURRENT`. */
  maxReq: number;
  /** `LOCAL`, `DELAY`, `ERROR`, or {@linkcode CUSTOM_SERVER_LABEL} for a URL. */
  serverLabel: string;
  /** The flags base URL, without a trailing slash. */
  baseUrl: string;
  /** `-v/--verbose`. */
  verbose: boolean;
  /** `--timeout SECONDS`. */
  timeout: number;
}

/** What {@linkcode parseFlags2Args} decided. */
export type ParseResult =
  | { kind: "run"; args: Flags2Args; ccList: string[] }
  | { kind: "help"; text: string }
  | { kind: "usage-error"; text: string };

/** The script name and its `-m` default, which differ between the two scripts. */
export interface CliConfig {
  /** Program name shown in `usage:`. */
  prog: string;
  /** Default of `-m/--max_req`. */
  defaultConcurReq: number;
}

type Kind = "flag" | "int" | "float" | "string";
interface OptionSpec {
  dest: "help" | "all" | "every" | "limit" | "maxReq" | "server" | "verbose" | "timeout";
  short?: string;
  long: string;
  kind: Kind;
  metavar?: string;
  help: (config: CliConfig) => string;
}

const serverNames = Object.keys(SERVERS).sort().join(", ");

const OPTIONS: readonly OptionSpec[] = [
  {
    dest: "help",
    short: "h",
    long: "help",
    kind: "flag",
    help: () => "show this help message and exit",
  },
  {
    dest: "all",
    short: "a",
    long: "all",
    kind: "flag",
    help: () => "get all available flags (AD...ZW)",
  },
  {
    dest: "every",
    short: "e",
    long: "every",
    kind: "flag",
    help: () => "get flags for every possible code (AA...ZZ)",
  },
  {
    dest: "limit",
    short: "l",
    long: "limit",
    kind: "int",
    metavar: "N",
    help: () => "limit to N first codes",
  },
  {
    dest: "maxReq",
    short: "m",
    long: "max_req",
    kind: "int",
    metavar: "CONCURRENT",
    help: (c) => `maximum concurrent requests (default=${c.defaultConcurReq})`,
  },
  {
    dest: "server",
    short: "s",
    long: "server",
    kind: "string",
    metavar: "LABEL",
    help: () =>
      `Server to hit; one of ${serverNames}, or an http(s):// base URL (default=${DEFAULT_SERVER})`,
  },
  {
    dest: "verbose",
    short: "v",
    long: "verbose",
    kind: "flag",
    help: () => "output detailed progress info",
  },
  {
    dest: "timeout",
    long: "timeout",
    kind: "float",
    metavar: "SECONDS",
    help: () => `seconds before a request is abandoned (default=${DEFAULT_TIMEOUT})`,
  },
];

const DESCRIPTION = "Download flags for country codes. Default: top 20 countries by population.";
const CC_HELP = "country code or 1st letter (eg. B for BA...BZ)";

/** argparse's layout: 80 columns less 2, help text from column 24. */
const WIDTH = 78;
const HELP_POSITION = 24;

function optionLabel(spec: OptionSpec): string {
  return [spec.short && `-${spec.short}`, `--${spec.long}`].filter(Boolean).join("/");
}

/** Greedy word wrap at `width` columns. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The usage text (`usage: prog [-h] ...`), wrapped the way argparse wraps it.
 *
 * @example
 * ```ts
 * import { formatUsage } from "./cli.ts";
 * console.log(formatUsage("flags2_sequential.ts"));
 * ```
 */
export function formatUsage(prog: string): string {
  const prefix = "usage: ";
  const optParts = OPTIONS.map((o) => {
    const name = o.short ? `-${o.short}` : `--${o.long}`;
    return o.metavar ? `[${name} ${o.metavar}]` : `[${name}]`;
  });
  const posParts = ["[CC [CC ...]]"];
  const oneLine = [prog, ...optParts, ...posParts].join(" ");
  if (prefix.length + oneLine.length <= WIDTH) return prefix + oneLine;
  const indent = " ".repeat(prefix.length + prog.length + 1);
  const getLines = (parts: string[], start: number): string[] => {
    const lines: string[][] = [];
    let line: string[] = [];
    let length = start;
    for (const part of parts) {
      if (line.length && length + 1 + part.length > WIDTH) {
        lines.push(line);
        line = [];
        length = indent.length - 1;
      }
      line.push(part);
      length += part.length + 1;
    }
    if (line.length) lines.push(line);
    return lines.map((l) => indent + l.join(" "));
  };
  const lines = [
    ...getLines([prog, ...optParts], prefix.length - 1),
    ...getLines(posParts, indent.length - 1),
  ];
  lines[0] = lines[0].slice(indent.length);
  return prefix + lines.join("\n");
}

function helpEntry(invocation: string, help: string): string {
  const helpLines = wrap(help, WIDTH - HELP_POSITION);
  const pad = " ".repeat(HELP_POSITION);
  const first = invocation.length <= HELP_POSITION - 4
    ? `  ${invocation.padEnd(HELP_POSITION - 2)}${helpLines[0]}`
    : `  ${invocation}\n${pad}${helpLines[0]}`;
  return [first, ...helpLines.slice(1).map((l) => pad + l)].join("\n");
}

/**
 * The `-h` screen, laid out like the seed's argparse help (Example 17-8).
 *
 * @example
 * ```ts
 * import { formatHelp } from "./cli.ts";
 * console.log(formatHelp({ prog: "flags2_threadpool.ts", defaultConcurReq: 30 }));
 * ```
 */
export function formatHelp(config: CliConfig): string {
  const options = OPTIONS.map((o) => {
    const names = [o.short && `-${o.short}`, `--${o.long}`].filter(Boolean) as string[];
    const invocation = names.map((n) => (o.metavar ? `${n} ${o.metavar}` : n)).join(", ");
    return helpEntry(invocation, o.help(config));
  });
  return [
    formatUsage(config.prog),
    "",
    ...wrap(DESCRIPTION, WIDTH),
    "",
    "positional arguments:",
    helpEntry("CC", CC_HELP),
    "",
    "optional arguments:",
    ...options,
  ].join("\n");
}

class UsageError extends Error {}

function parseNumber(spec: OptionSpec, text: string): number {
  const trimmed = text.trim();
  if (spec.kind === "int") {
    if (/^[+-]?\d+(_\d+)*$/.test(trimmed)) return Number(trimmed.replaceAll("_", ""));
    throw new UsageError(`argument ${optionLabel(spec)}: invalid int value: '${text}'`);
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return Number(trimmed);
  throw new UsageError(`argument ${optionLabel(spec)}: invalid float value: '${text}'`);
}

/** A token that argparse would read as a (negative) number, not as an option. */
const NEGATIVE_NUMBER = /^-\d+$|^-\d*\.\d+$/;

function findLong(name: string): OptionSpec {
  const exact = OPTIONS.find((o) => o.long === name);
  if (exact) return exact;
  const matches = OPTIONS.filter((o) => o.long.startsWith(name));
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    const names = matches.map((o) => `--${o.long}`).join(", ");
    throw new UsageError(`ambiguous option: --${name} could match ${names}`);
  }
  throw new UsageError(`unrecognized arguments: --${name}`);
}

/**
 * Codes for the arguments, sorted and limited (`expand_cc_args` in the seed).
 *
 * @throws {Error} `each CC argument must be A to Z or AA to ZZ.` for a bad CC.
 * @example
 * ```ts
 * import { expandCcArgs } from "./cli.ts";
 * expandCcArgs(false, false, ["b"], 3); // ["BA", "BB", "BC"]
 * ```
 */
export function expandCcArgs(
  every: boolean,
  all: boolean,
  ccArgs: readonly string[],
  limit: number,
): string[] {
  const codes = new Set<string>();
  const AZ = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  if (every) {
    for (const a of AZ) for (const b of AZ) codes.add(a + b);
  } else if (all) {
    for (const cc of COUNTRY_CODES) codes.add(cc);
  } else {
    for (const arg of ccArgs) {
      const cc = arg.toUpperCase();
      if (/^[A-Z]$/.test(cc)) { for (const b of AZ) codes.add(cc + b); }
      else if (/^[A-Z]{2}$/.test(cc)) codes.add(cc);
      else throw new Error("each CC argument must be A to Z or AA to ZZ.");
    }
  }
  return [...codes].sort().slice(0, limit);
}

function resolveServer(value: string): { label: string; url: string } | undefined {
  const label = value.toUpperCase();
  if (Object.hasOwn(SERVERS, label)) return { label, url: SERVERS[label as keyof typeof SERVERS] };
  if (!/^https?:\/\//i.test(value)) return undefined;
  try {
    const url = new URL(value);
    return { label: CUSTOM_SERVER_LABEL, url: url.href.replace(/\/+$/, "") };
  } catch {
    return undefined;
  }
}

/**
 * Parses and checks the flags2 command line.
 *
 * Returns `help` for `-h` and `usage-error` (the one-line `*** Usage error: ...`
 * followed by the usage) for anything wrong; the caller prints those.
 * With no codes, the list is the 20 most populous countries (also limited by `-l`).
 */
export function parseFlags2Args(argv: readonly string[], config: CliConfig): ParseResult {
  try {
    return parse(argv, config);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return {
      kind: "usage-error",
      text: `*** Usage error: ${error.message}\n${formatUsage(config.prog)}`,
    };
  }
}

function parse(argv: readonly string[], config: CliConfig): ParseResult {
  const values: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  const unknown: string[] = [];

  const take = (spec: OptionSpec, inline: string | undefined, i: number): number => {
    if (spec.kind === "flag") {
      if (inline !== undefined) {
        throw new UsageError(
          `argument ${optionLabel(spec)}: ignored explicit argument '${inline}'`,
        );
      }
      if (spec.dest === "help") throw new HelpRequested();
      values[spec.dest] = true;
      return i;
    }
    if (inline !== undefined) {
      values[spec.dest] = inline;
      return i;
    }
    const next = argv[i + 1];
    if (
      next === undefined || (next.startsWith("-") && next !== "-" && !NEGATIVE_NUMBER.test(next))
    ) {
      throw new UsageError(`argument ${optionLabel(spec)}: expected one argument`);
    }
    values[spec.dest] = next;
    return i + 1;
  };

  try {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i];
      if (arg === "--") {
        positionals.push(...argv.slice(i + 1));
        break;
      }
      if (arg.startsWith("--")) {
        const eq = arg.indexOf("=");
        const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
        let spec: OptionSpec;
        try {
          spec = findLong(name);
        } catch (error) {
          if (error instanceof UsageError && error.message.startsWith("unrecognized")) {
            unknown.push(arg);
            continue;
          }
          throw error;
        }
        i = take(spec, eq < 0 ? undefined : arg.slice(eq + 1), i);
      } else if (arg.startsWith("-") && arg !== "-" && !NEGATIVE_NUMBER.test(arg)) {
        // A group of short options: flags, optionally ending with one that takes a value.
        for (let j = 1; j < arg.length; j++) {
          const spec = OPTIONS.find((o) => o.short === arg[j]);
          if (!spec) {
            unknown.push(j === 1 ? arg : `-${arg.slice(j)}`);
            break;
          }
          if (spec.kind !== "flag") {
            let inline: string | undefined = arg.slice(j + 1);
            if (inline.startsWith("=")) inline = inline.slice(1);
            i = take(spec, inline === "" ? undefined : inline, i);
            break;
          }
          if (arg[j + 1] === "=") {
            throw new UsageError(
              `argument ${optionLabel(spec)}: ignored explicit argument '${arg.slice(j + 2)}'`,
            );
          }
          take(spec, undefined, i);
        }
      } else {
        positionals.push(arg);
      }
    }
  } catch (error) {
    if (error instanceof HelpRequested) return { kind: "help", text: formatHelp(config) };
    throw error;
  }
  if (unknown.length) throw new UsageError(`unrecognized arguments: ${unknown.join(" ")}`);

  const spec = (dest: OptionSpec["dest"]) => OPTIONS.find((o) => o.dest === dest)!;
  const num = (dest: OptionSpec["dest"], fallback: number): number =>
    typeof values[dest] === "string" ? parseNumber(spec(dest), values[dest] as string) : fallback;
  const maxReq = num("maxReq", config.defaultConcurReq);
  const limit = num("limit", Infinity);
  const timeout = num("timeout", DEFAULT_TIMEOUT);

  if (maxReq < 1) throw new UsageError("--max_req CONCURRENT must be >= 1");
  if (limit < 1) throw new UsageError("--limit N must be >= 1");
  if (!(timeout > 0 && timeout <= 86_400)) {
    throw new UsageError("--timeout SECONDS must be > 0 and <= 86400");
  }
  const server = resolveServer((values.server as string | undefined) ?? DEFAULT_SERVER);
  if (!server) {
    throw new UsageError(`--server LABEL must be one of ${serverNames} or an http(s):// URL`);
  }
  const all = values.all === true;
  const every = values.every === true;
  const cc = positionals.map((p) => p.toUpperCase());
  let ccList: string[];
  try {
    ccList = expandCcArgs(every, all, cc, limit);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (ccList.length === 0) ccList = [...POP20_CC].sort().slice(0, limit);
  const args: Flags2Args = {
    cc,
    all,
    every,
    limit,
    maxReq,
    serverLabel: server.label,
    baseUrl: server.url,
    verbose: values.verbose === true,
    timeout,
  };
  return { kind: "run", args, ccList };
}

class HelpRequested extends Error {}
