/**
 * The command line of the flags2 scripts (the seed's `flags2_common.py` `process_args` and
 * `expand_cc_args`): its argparse table, its help screen (the seed's Example 17-8, plus
 * `--timeout` and URLs for `-s`) and the seed's own checks, in the seed's order.
 *
 * @example
 * ```ts
 * import { parseFlags2Args } from "./cli.ts";
 *
 * const parsed = await parseFlags2Args(["-s", "ERROR", "-al", "100", "-m", "100"], {
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

import {
  type CommandSpec,
  flag,
  float,
  int,
  type LayoutOptions,
  type Option,
  option,
  parseCommand,
  positionals,
  str,
  type UsageError,
  usageError,
} from "../../cli/command.ts";
import { COUNTRY_CODES, POP20_CC } from "../country_codes.ts";
import { displayUrl, parseBaseUrl, SERVERS } from "../servers.ts";
import { timelineOption } from "../../timeline/file.ts";

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
  /** `--timeline FILE`: where to draw the run, if anywhere. */
  timeline: string | undefined;
}

/** What {@linkcode parseFlags2Args} decided. */
export type ParseResult =
  | { kind: "run"; args: Flags2Args; ccList: string[] }
  | { kind: "help"; text: string }
  | { kind: "usage-error"; error: UsageError };

/** The script name and its `-m` default, which differ between the scripts. */
export interface CliConfig {
  /** Program name shown in `usage:`. */
  prog: string;
  /** Default of `-m/--max_req`. */
  defaultConcurReq: number;
}

const serverNames = Object.keys(SERVERS).sort().join(", ");

/** The flags2 table: what each option's value is. */
export type Flags2Options = {
  readonly cc: Option<string[]>;
  readonly all: Option<boolean>;
  readonly every: Option<boolean>;
  readonly limit: Option<number>;
  readonly maxReq: Option<number>;
  readonly server: Option<string>;
  readonly verbose: Option<boolean>;
  readonly timeout: Option<number>;
  readonly timeline: Option<string | undefined>;
};

/** The flags2 command, as the seed's argparse declares it (plus `--timeout`). */
export function flags2Command(config: CliConfig): CommandSpec<Flags2Options> {
  return {
    prog: config.prog,
    description: "Download flags for country codes. Default: top 20 countries by population.",
    options: {
      cc: positionals({
        metavar: "CC",
        parse: str,
        help: "country code or 1st letter (eg. B for BA...BZ)",
      }),
      all: flag(["-a", "--all"], "get all available flags (AD...ZW)"),
      every: flag(["-e", "--every"], "get flags for every possible code (AA...ZZ)"),
      limit: option(["-l", "--limit"], {
        metavar: "N",
        parse: int,
        default: Infinity,
        help: "limit to N first codes",
      }),
      maxReq: option(["-m", "--max_req"], {
        metavar: "CONCURRENT",
        parse: int,
        default: config.defaultConcurReq,
        help: `maximum concurrent requests (default=${config.defaultConcurReq})`,
      }),
      server: option(["-s", "--server"], {
        metavar: "LABEL",
        parse: str,
        default: DEFAULT_SERVER,
        help: `Server to hit; one of ${serverNames}, or an http(s):// base URL ` +
          `(default=${DEFAULT_SERVER})`,
      }),
      verbose: flag(["-v", "--verbose"], "output detailed progress info"),
      timeout: option(["--timeout"], {
        metavar: "SECONDS",
        parse: float,
        default: DEFAULT_TIMEOUT,
        help: `seconds before a request is abandoned (default=${DEFAULT_TIMEOUT})`,
      }),
      timeline: timelineOption(),
    },
  };
}

const AZ = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** The seed's complaint about a `CC` argument that is neither a letter nor a pair. */
export const BAD_CC = "each CC argument must be A to Z or AA to ZZ.";

/** Whether `arg` is a letter (`b`) or a code (`BR`), in any case. */
export function isCcArg(arg: string): boolean {
  return /^[A-Z]{1,2}$/.test(arg.toUpperCase());
}

/**
 * Codes for the arguments, sorted and limited (`expand_cc_args` in the seed); each
 * argument must pass {@linkcode isCcArg}.
 *
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
  if (every) {
    for (const a of AZ) for (const b of AZ) codes.add(a + b);
  } else if (all) {
    for (const cc of COUNTRY_CODES) codes.add(cc);
  } else {
    for (const arg of ccArgs) {
      const cc = arg.toUpperCase();
      if (cc.length === 1) { for (const b of AZ) codes.add(cc + b); }
      else codes.add(cc);
    }
  }
  return [...codes].sort().slice(0, limit);
}

/** The server `-s` names: a label's URL, a base URL, or what is wrong with it. */
function resolveServer(value: string): { label: string; url: string } | { problem: string } {
  const label = value.toUpperCase();
  if (Object.hasOwn(SERVERS, label)) return { label, url: SERVERS[label as keyof typeof SERVERS] };
  if (!/^https?:\/\//i.test(value)) {
    return { problem: `--server LABEL must be one of ${serverNames} or an http(s):// URL` };
  }
  const parsed = parseBaseUrl(value);
  if ("problem" in parsed) return { problem: `--server ${displayUrl(value)}: ${parsed.problem}` };
  return { label: CUSTOM_SERVER_LABEL, url: parsed.url };
}

/**
 * Parses and checks the flags2 command line: argparse reads it, then the seed's checks run in
 * the seed's order (`-m`, `-l`, `-s`, the codes) and `--timeout`'s. With no codes, the list is
 * the 20 most populous countries (also limited by `-l`).
 */
export async function parseFlags2Args(
  argv: readonly string[],
  config: CliConfig,
  layout: LayoutOptions = {},
): Promise<ParseResult> {
  const command = flags2Command(config);
  const parsed = await parseCommand(command, argv, layout);
  if (parsed.kind !== "run") return parsed;
  const { cc, all, every, limit, maxReq, verbose, timeout, timeline } = parsed.values;
  const refuse = async (message: string): Promise<ParseResult> => ({
    kind: "usage-error",
    error: await usageError(command, message, layout),
  });
  if (maxReq < 1) return refuse("--max_req CONCURRENT must be >= 1");
  if (limit < 1) return refuse("--limit N must be >= 1");
  const server = resolveServer(parsed.values.server);
  if ("problem" in server) return refuse(server.problem);
  if (!cc.every(isCcArg)) return refuse(BAD_CC);
  if (!(timeout > 0 && timeout <= 86_400)) {
    return refuse("--timeout SECONDS must be > 0 and <= 86400");
  }
  let ccList = expandCcArgs(every, all, cc, limit);
  if (ccList.length === 0) ccList = [...POP20_CC].sort().slice(0, limit);
  const args: Flags2Args = {
    cc: cc.map((code) => code.toUpperCase()),
    all,
    every,
    limit,
    maxReq,
    serverLabel: server.label,
    baseUrl: server.url,
    verbose,
    timeout,
    timeline,
  };
  return { kind: "run", args, ccList };
}
