import assert from "node:assert/strict";
import {
  type CliConfig,
  DEFAULT_TIMEOUT,
  expandCcArgs,
  flags2Command,
  parseFlags2Args,
  type ParseResult,
} from "../lib/flags/flags2/cli.ts";
import { formatHelp, formatUsage } from "../lib/cli/command.ts";
import { finalReport, initialReport } from "../lib/flags/flags2/reports.ts";
import { COUNTRY_CODES, POP20_CC } from "../lib/flags/country_codes.ts";

const THREADPOOL: CliConfig = { prog: "flags2_threadpool.ts", defaultConcurReq: 30 };

const COLUMNS = { columns: 80 };
const USAGE = await formatUsage(flags2Command(THREADPOOL), COLUMNS);

async function run(argv: string[]): Promise<Extract<ParseResult, { kind: "run" }>> {
  const parsed = await parseFlags2Args(argv, THREADPOOL, COLUMNS);
  assert.equal(parsed.kind, "run", JSON.stringify(parsed));
  return parsed as Extract<ParseResult, { kind: "run" }>;
}

/** The seed's own check: `*** Usage error: …` then the usage, exit status 1; returns line 1. */
async function usageError(argv: string[]): Promise<string> {
  const parsed = await parseFlags2Args(argv, THREADPOOL, COLUMNS);
  assert.equal(parsed.kind, "usage-error", `${argv.join(" ")} was accepted`);
  const { error } = parsed as Extract<ParseResult, { kind: "usage-error" }>;
  assert.equal(error.status, 1, argv.join(" "));
  const [first, ...rest] = error.message.split("\n");
  assert.equal(rest.join("\n"), USAGE);
  return first;
}

/** argparse's own error, as Python prints it: the usage, then `prog: error: …`, status 2. */
async function argparseError(argv: string[]): Promise<string> {
  const parsed = await parseFlags2Args(argv, THREADPOOL, COLUMNS);
  assert.equal(parsed.kind, "usage-error", `${argv.join(" ")} was accepted`);
  const { error } = parsed as Extract<ParseResult, { kind: "usage-error" }>;
  assert.equal(error.status, 2, argv.join(" "));
  const prefix = `${USAGE}\nflags2_threadpool.ts: error: `;
  assert.ok(error.message.startsWith(prefix), error.message);
  return error.message.slice(prefix.length);
}

const AZ = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

Deno.test("the user's command: -s ERROR -al 100 -m 100", async () => {
  const { args, ccList } = await run(["-s", "ERROR", "-al", "100", "-m", "100"]);
  assert.equal(args.serverLabel, "ERROR");
  assert.equal(args.baseUrl, "http://localhost:8003/flags");
  assert.equal(args.maxReq, 100);
  assert.deepEqual(ccList, COUNTRY_CODES.slice(0, 100));
  assert.equal(ccList[0], "AD");
  assert.equal(ccList[99], "LK");
});

Deno.test("short options combine and take values the argparse ways", async () => {
  const forms = [
    ["-al", "5"],
    ["-al5"],
    ["-a", "-l", "5"],
    ["-a", "-l5"],
    ["-a", "-l=5"],
    ["--all", "--limit", "5"],
    ["--all", "--limit=5"],
    ["--al", "--lim", "5"], // unique prefixes of long names
  ];
  for (const argv of forms) {
    const { args, ccList } = await run(argv);
    assert.equal(args.all, true, argv.join(" "));
    assert.equal(args.limit, 5, argv.join(" "));
    assert.deepEqual(ccList, COUNTRY_CODES.slice(0, 5), argv.join(" "));
  }
  const { args } = await run(["-vm", "7", "-es", "delay"]);
  assert.deepEqual([args.verbose, args.maxReq, args.every, args.serverLabel], [
    true,
    7,
    true,
    "DELAY",
  ]);
  assert.equal((await run(["--max_req=12"])).args.maxReq, 12);
  assert.equal((await run(["--timeout", "0.2"])).args.timeout, 0.2);
  assert.equal((await run(["-m", "3", "-m", "4"])).args.maxReq, 4, "the last one wins");
});

Deno.test("defaults: LOCAL, 30 requests, the 20 most populous countries, 10 s timeout", async () => {
  const { args, ccList } = await run([]);
  assert.equal(args.serverLabel, "LOCAL");
  assert.equal(args.baseUrl, "http://localhost:8001/flags");
  assert.equal(args.maxReq, 30);
  assert.equal(args.timeout, DEFAULT_TIMEOUT);
  assert.equal(args.verbose, false);
  assert.deepEqual(ccList, [...POP20_CC].sort());
  const sequential = await parseFlags2Args(
    [],
    { prog: "flags2_sequential.ts", defaultConcurReq: 1 },
    COLUMNS,
  );
  assert.equal(sequential.kind === "run" && sequential.args.maxReq, 1);
});

Deno.test("code arguments: letters, pairs, -e, -a, case, sorting, limit", async () => {
  const abc = (await run(["a", "b", "c"])).ccList;
  assert.equal(abc.length, 78);
  assert.deepEqual([abc[0], abc.at(-1)], ["AA", "CZ"]);
  assert.deepEqual((await run(["br", "CN", "b"])).ccList, [...AZ].map((c) => "B" + c).concat("CN"));
  assert.equal((await run(["-e"])).ccList.length, 676);
  assert.deepEqual((await run(["-e", "-l", "3"])).ccList, ["AA", "AB", "AC"]);
  assert.equal((await run(["-a"])).ccList.length, 194);
  assert.deepEqual((await run(["-l", "2"])).ccList, [...POP20_CC].sort().slice(0, 2));
  assert.deepEqual(expandCcArgs(false, false, ["zz", "Z"], Infinity).length, 26);
  assert.equal((await run(["-l", "1", "--", "z"])).ccList[0], "ZA", "-- ends the options");
});

Deno.test("-s: labels in any case, or an http(s) base URL", async () => {
  assert.equal((await run(["-s", "Delay"])).args.baseUrl, "http://localhost:8002/flags");
  const custom = (await run(["-s", "http://127.0.0.1:9/flags/"])).args;
  assert.deepEqual([custom.serverLabel, custom.baseUrl], ["CUSTOM", "http://127.0.0.1:9/flags"]);
  assert.equal(
    (await run(["--server=HTTPS://example.com/x"])).args.baseUrl,
    "https://example.com/x",
  );
});

Deno.test("each bad input is one *** Usage error line followed by the usage", async () => {
  const cases: Array<[string[], string]> = [
    [["-m", "0"], "--max_req CONCURRENT must be >= 1"],
    [["-m", "-3"], "--max_req CONCURRENT must be >= 1"],
    [["-l", "0"], "--limit N must be >= 1"],
    [["-s", "nowhere"], "--server LABEL must be one of DELAY, ERROR, LOCAL or an http(s):// URL"],
    [
      ["-s", "ftp://x/flags"],
      "--server LABEL must be one of DELAY, ERROR, LOCAL or an http(s):// URL",
    ],
    [["-s", "http://"], "--server http://: not a valid URL"],
    [
      ["-s", "http://127.0.0.1:99999/flags"],
      "--server http://127.0.0.1:99999/flags: port 99999 is out of range (1-65535)",
    ],
    [
      ["-s", "http://u:pw@h:0/flags"],
      "--server http://u:***@h:0/flags: port 0 is out of range (1-65535)",
    ],
    [["a", "1"], "each CC argument must be A to Z or AA to ZZ."],
    [["abc"], "each CC argument must be A to Z or AA to ZZ."],
    [["é"], "each CC argument must be A to Z or AA to ZZ."],
    [["--foo"], "unrecognized arguments: --foo"],
    [["-x", "--bar=1"], "unrecognized arguments: -x --bar=1"],
    [["--timeout", "0"], "--timeout SECONDS must be > 0 and <= 86400"],
    [["--timeout", "-1"], "--timeout SECONDS must be > 0 and <= 86400"],
  ];
  for (const [argv, message] of cases) {
    assert.equal(await usageError(argv), `*** Usage error: ${message}`, argv.join(" "));
  }
  // The seed checks -m first, then -l, then -s, then the codes.
  assert.equal(
    await usageError(["-s", "x", "-l", "0", "-m", "0"]),
    "*** Usage error: --max_req CONCURRENT must be >= 1",
  );
});

Deno.test("what argparse cannot read is argparse's own error, exit status 2, as in Python", async () => {
  const cases: Array<[string[], string]> = [
    [["-m", "abc"], "argument -m/--max_req: invalid int value: 'abc'"],
    [["-m", "1e3"], "argument -m/--max_req: invalid int value: '1e3'"],
    [["-l", "2.5"], "argument -l/--limit: invalid int value: '2.5'"],
    [["--timeout", "soon"], "argument --timeout: invalid float value: 'soon'"],
    [["-l"], "argument -l/--limit: expected one argument"],
    [["-s", "-v"], "argument -s/--server: expected one argument"],
    [["--all=yes"], "argument -a/--all: ignored explicit argument 'yes'"],
    [["-ax"], "argument -a/--all: ignored explicit argument 'x'"],
  ];
  for (const [argv, message] of cases) {
    assert.equal(await argparseError(argv), message, argv.join(" "));
  }
});

Deno.test("-h is the seed's argparse help screen, plus --timeout and URLs for -s", async () => {
  const parsed = await parseFlags2Args(["-a", "-h", "--unknown"], THREADPOOL, COLUMNS);
  assert.equal(parsed.kind, "help");
  const help = (parsed as { text: string }).text;
  assert.equal(help, await formatHelp(flags2Command(THREADPOOL), COLUMNS));
  const lines = help.split("\n");
  // Lines as in the seed's Example 17-8.
  for (
    const line of [
      "usage: flags2_threadpool.ts [-h] [-a] [-e] [-l N] [-m CONCURRENT] [-s LABEL]",
      "                            [CC [CC ...]]",
      "Download flags for country codes. Default: top 20 countries by population.",
      "positional arguments:",
      "  CC                    country code or 1st letter (eg. B for BA...BZ)",
      "optional arguments:",
      "  -h, --help            show this help message and exit",
      "  -a, --all             get all available flags (AD...ZW)",
      "  -e, --every           get flags for every possible code (AA...ZZ)",
      "  -l N, --limit N       limit to N first codes",
      "  -m CONCURRENT, --max_req CONCURRENT",
      "                        maximum concurrent requests (default=30)",
      "  -s LABEL, --server LABEL",
      "  -v, --verbose         output detailed progress info",
    ]
  ) assert.ok(lines.includes(line), `missing: ${line}\n${help}`);
  assert.ok(
    lines.includes("  --timeout SECONDS     seconds before a request is abandoned (default=10)"),
  );
  assert.ok(lines.every((l) => l.length <= 78), "argparse wraps at 78 columns");
  assert.match(
    await formatHelp(flags2Command({ prog: "flags2_sequential.ts", defaultConcurReq: 1 }), COLUMNS),
    /maximum concurrent requests \(default=1\)/,
  );
});

Deno.test("initial report, as in the seed", () => {
  assert.equal(
    initialReport(COUNTRY_CODES.slice(0, 100), 100, "ERROR", "http://localhost:8003/flags"),
    [
      "ERROR site: http://localhost:8003/flags",
      "Searching for 100 flags: from AD to LK",
      "100 concurrent connections will be used.",
    ].join("\n"),
  );
  assert.equal(
    initialReport(["BR"], 1, "CUSTOM", "http://127.0.0.1:1/flags"),
    "CUSTOM site: http://127.0.0.1:1/flags\nSearching for 1 flag: BR\n1 concurrent connection will be used.",
  );
  assert.match(
    initialReport(COUNTRY_CODES.slice(0, 10), 3, "LOCAL", "u"),
    /10 flags: AD, AE, .*, AU\n/,
  );
});

Deno.test("final report: the seed's plural rules with the 'error s' typo fixed", () => {
  assert.equal(
    finalReport({ ok: 72, not_found: 0, error: 28 }, 700),
    "--------------------\n72 flags downloaded.\n28 errors.\nElapsed time: 0.70s",
  );
  assert.equal(
    finalReport({ ok: 43, not_found: 35, error: 0 }, 1617),
    "--------------------\n43 flags downloaded.\n35 not found.\nElapsed time: 1.62s",
  );
  assert.equal(
    finalReport({ ok: 1, not_found: 1, error: 1 }, 30),
    "--------------------\n1 flag downloaded.\n1 not found.\n1 error.\nElapsed time: 0.03s",
  );
  assert.match(
    finalReport({ ok: 0, not_found: 0, error: 2 }, 0),
    /^-{20}\n0 flags downloaded\.\n2 errors\./,
  );
});
