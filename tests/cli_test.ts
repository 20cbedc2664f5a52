/**
 * The one command-line module (lib/cli/command.ts) and every command built on it: each task
 * answers `-h/--help` without doing its work, refuses unknown arguments with its usage error,
 * and reads negative numbers as values.
 */
import assert from "node:assert/strict";
import {
  checkValues,
  flag,
  float,
  formatUsage,
  int,
  option,
  parseCommand,
  positionals,
  refuse,
  str,
} from "../lib/cli/command.ts";
import { runTasks } from "../lib/project/deno_tasks.ts";

const COLUMNS = { columns: 80 };

const TOY = {
  prog: "deno task toy",
  name: "toy",
  description: "A command to test the module with.",
  options: {
    names: positionals({ metavar: "NAME", parse: str, help: "names" }),
    loud: flag(["-l", "--loud"], "shout"),
    count: option(["-c", "--count"], {
      metavar: "N",
      parse: int,
      default: 3,
      check: (n) => n >= 0 ? undefined : `--count must be >= 0, got ${n}`,
      help: "how many",
    }),
    ratio: option(["--ratio"], { metavar: "R", parse: float, default: undefined, help: "a ratio" }),
    range: option(["--range"], {
      metavar: "A-B",
      parse: function range(text: string): [number, number] {
        const m = /^(\d+)-(\d+)$/.exec(text);
        if (m === null) refuse(`must be A-B, not ${JSON.stringify(text)}`);
        return [Number(m[1]), Number(m[2])];
      },
      default: [0, 0] as [number, number],
      help: "a range",
    }),
  },
};

async function values(argv: string[]) {
  const parsed = await parseCommand(TOY, argv, COLUMNS);
  assert.equal(parsed.kind, "run", JSON.stringify(parsed));
  return (parsed as Extract<typeof parsed, { kind: "run" }>).values;
}

async function refused(argv: string[]): Promise<{ status: number; first: string; rest: string }> {
  const parsed = await parseCommand(TOY, argv, COLUMNS);
  assert.equal(parsed.kind, "usage-error", `${argv.join(" ")} was accepted`);
  const { error } = parsed as Extract<typeof parsed, { kind: "usage-error" }>;
  const [first, ...rest] = error.message.split("\n");
  return { status: error.status, first, rest: rest.join("\n") };
}

Deno.test("cli: defaults, combined short options, prefixes, = values, positionals", async () => {
  assert.deepEqual(await values([]), {
    names: [],
    loud: false,
    count: 3,
    ratio: undefined,
    range: [0, 0],
  });
  assert.deepEqual(await values(["-lc", "5", "a", "b"]), {
    names: ["a", "b"],
    loud: true,
    count: 5,
    ratio: undefined,
    range: [0, 0],
  });
  assert.equal((await values(["-c7"])).count, 7);
  assert.equal((await values(["--cou=8"])).count, 8, "a unique prefix of a long name");
  assert.equal((await values(["--ratio", "1e-3"])).ratio, 0.001);
  assert.deepEqual((await values(["--range", "2-5"])).range, [2, 5]);
  assert.deepEqual((await values(["--", "-l"])).names, ["-l"], "-- ends the options");
});

Deno.test("cli: negative numbers are values, so the check speaks (exit 1)", async () => {
  const { status, first, rest } = await refused(["--count", "-1"]);
  assert.equal(status, 1);
  assert.equal(first, "toy: --count must be >= 0, got -1");
  assert.equal(rest, await formatUsage(TOY, COLUMNS));
  assert.equal((await values(["--ratio", "-0.5"])).ratio, -0.5);
});

Deno.test("cli: Python's int() and float() rules", () => {
  for (const [text, n] of [["12", 12], [" 7 ", 7], ["-3", -3], ["+4", 4], ["1_000", 1000]]) {
    assert.equal(int(text as string), n, String(text));
  }
  for (const text of ["", "1.5", "1e3", "0x10", "1__0", "_1", "seven"]) {
    assert.throws(() => int(text), TypeError, JSON.stringify(text));
  }
  for (
    const [text, n] of [["0.5", 0.5], [".5", 0.5], ["5.", 5], ["1e3", 1000], ["-inf", -Infinity]]
  ) {
    assert.equal(float(text as string), n, String(text));
  }
  assert.ok(Number.isNaN(float("nan")));
  for (const text of ["", "1.2.3", "e3", "half", "0x1p3"]) {
    assert.throws(() => float(text), TypeError, JSON.stringify(text));
  }
});

Deno.test("cli: argparse's own errors are Python's words, exit 2; unknown arguments exit 1", async () => {
  const cases: Array<[string[], 1 | 2, string]> = [
    [["--count", "many"], 2, "argument -c/--count: invalid int value: 'many'"],
    [["--count"], 2, "argument -c/--count: expected one argument"],
    [["--range", "2"], 2, `argument --range: must be A-B, not "2"`],
    [["--loud=yes"], 2, "argument -l/--loud: ignored explicit argument 'yes'"],
    [["--ra", "1"], 2, "ambiguous option: --ra could match --ratio, --range"],
    [["--frob"], 1, "unrecognized arguments: --frob"],
    [["-x", "a"], 1, "unrecognized arguments: -x"],
  ];
  for (const [argv, status, message] of cases) {
    const got = await refused(argv);
    assert.deepEqual([got.status, got.first], [status, `toy: ${message}`], argv.join(" "));
  }
});

Deno.test("cli: -h wins over anything after it and lays out like Python 3.8's argparse", async () => {
  const parsed = await parseCommand(TOY, ["-h", "--frob"], COLUMNS);
  assert.equal(parsed.kind, "help");
  const text = (parsed as { text: string }).text;
  assert.match(
    text,
    /^usage: deno task toy \[-h\] \[-l\] \[-c N\] \[--ratio R\] \[--range A-B\]\n/,
  );
  assert.match(text, /\[NAME \[NAME \.\.\.\]\]/);
  assert.match(text, /\noptional arguments:\n {2}-h, --help {7}show this help message and exit\n/);
  assert.ok(text.split("\n").every((line) => line.length <= 78), text);
});

Deno.test("cli: the table's checks also judge values given in code", async () => {
  assert.equal(checkValues(TOY.options, { ...(await values([])), count: 2 }), undefined);
  assert.equal(
    checkValues(TOY.options, { ...(await values([])), count: -2 }),
    "--count must be >= 0, got -2",
  );
});

/** Every `deno run` task: the server, the scripts, the demo and the compile step. */
const SCRIPT_TASKS = await runTasks();

Deno.test("every task answers --help on stdout with exit 0 and does nothing else", async (t) => {
  const cwd = await Deno.makeTempDir({ prefix: "cli_help_" });
  try {
    for (const task of SCRIPT_TASKS) {
      await t.step(task.name, async () => {
        const out = await new Deno.Command(Deno.execPath(), {
          args: [...task.argsFromAnywhere, "--help"],
          cwd,
          stdin: "null",
          env: { NO_COLOR: "1", FLAGS_BASE_URL: "http://127.0.0.1:9/flags" },
        }).output();
        const stdout = new TextDecoder().decode(out.stdout);
        assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
        // One voice: the seed's argparse look for flags2/flags3, `deno task NAME` for the others,
        // then a description whose first line is one sentence.
        const usage = /^flags[23]:/.test(task.name)
          ? `usage: ${task.entry.slice("scripts/".length)} [-h]`
          : `usage: deno task ${task.name} [-h]`;
        assert.ok(stdout.startsWith(usage), stdout);
        const description = stdout.split("\n\n")[1].split("\n")[0];
        assert.match(description, /^[A-Z].*\.$/, description);
        assert.ok(description.length <= 78, description);
        assert.match(stdout, /-h, --help +show this help message and exit/);
        assert.equal(new TextDecoder().decode(out.stderr), "");
        assert.deepEqual([...Deno.readDirSync(cwd)], [], "something was written");
      });
    }
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
});

Deno.test("every task refuses an unknown argument: its usage error, exit 1, nothing done", async (t) => {
  const cwd = await Deno.makeTempDir({ prefix: "cli_bogus_" });
  try {
    for (const task of SCRIPT_TASKS) {
      await t.step(task.name, async () => {
        const out = await new Deno.Command(Deno.execPath(), {
          args: [...task.argsFromAnywhere, "--bogus"],
          cwd,
          stdin: "null",
          env: { NO_COLOR: "1", FLAGS_BASE_URL: "http://127.0.0.1:9/flags" },
        }).output();
        const stderr = new TextDecoder().decode(out.stderr);
        assert.equal(out.code, 1, stderr);
        assert.equal(new TextDecoder().decode(out.stdout), "");
        const [first, usage] = stderr.split("\n");
        if (/^flags[23]:/.test(task.name)) {
          assert.equal(first, "*** Usage error: unrecognized arguments: --bogus");
          assert.ok(usage.startsWith(`usage: ${task.entry.slice("scripts/".length)} [-h]`), usage);
        } else {
          assert.equal(first, `${task.name}: unrecognized arguments: --bogus`);
          assert.ok(usage.startsWith(`usage: deno task ${task.name} [-h]`), usage);
        }
        assert.doesNotMatch(stderr, /^\s+at /m, "no stack trace");
        assert.deepEqual([...Deno.readDirSync(cwd)], [], "something was written");
      });
    }
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
  assert.ok(SCRIPT_TASKS.length >= 13, `expected every script's task, got ${SCRIPT_TASKS.length}`);
});

Deno.test("errors after parsing are one line, NAME: message, formed in lib/cli", async () => {
  const { errorLine } = await import("../lib/cli/command.ts");
  assert.equal(errorLine({ name: "flags" }, "cannot connect"), "flags: cannot connect");
  assert.equal(errorLine({}, "cannot create downloads"), "*** Error: cannot create downloads");
  const cwd = await Deno.makeTempDir({ prefix: "cli_voice_" });
  try {
    const flags = SCRIPT_TASKS.find((task) => task.name === "flags")!;
    const out = await new Deno.Command(Deno.execPath(), {
      args: flags.argsFromAnywhere,
      cwd,
      stdin: "null",
      env: { NO_COLOR: "1", FLAGS_BASE_URL: "http://127.0.0.1:99999/flags" },
    }).output();
    assert.equal(out.code, 1);
    assert.equal(
      new TextDecoder().decode(out.stderr),
      "flags: FLAGS_BASE_URL=http://127.0.0.1:99999/flags: port 99999 is out of range (1-65535)\n",
    );
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
});
