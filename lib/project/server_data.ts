/**
 * Makes the flag server's data files in `lib/server/data/` (`deno task server:data [ZIP]`),
 * once; they are committed, and the server only reads them:
 *
 * - `ss.gif`: the flag of South Sudan, which the `famfamfam-flags` package lacks, drawn here
 *   as a 16×11 icon in its style and encoded with npm `omggif`'s `GifWriter`;
 * - `metadata.jsonl`: each `flags/<cc>/metadata.json` of the book's `flags.zip` (default
 *   `../shared/data/flags.zip`; public-domain CIA World Factbook data), byte for byte, one per
 *   line, in code order. The zip itself is never committed.
 *
 * Each file is written under a temporary name and renamed (`writeAtomically`), so a failed run
 * leaves the old one.
 *
 * @example
 * ```ts
 * import { southSudanGif } from "./server_data.ts";
 * console.log(new TextDecoder().decode(southSudanGif().subarray(0, 6))); // "GIF89a"
 * ```
 *
 * @module
 */

// @ts-types="@types/omggif"
import { GifWriter } from "omggif";
import { join } from "node:path";
import { option, runCommand, str } from "../cli/command.ts";
import { fail, firstLine } from "../cli/fail.ts";
import { COUNTRY_CODES } from "../flags/country_codes.ts";
import { writeAtomically } from "../files/atomic.ts";
import { DATA_FOLDER, SOUTH_SUDAN_FILE } from "../server/files.ts";
import { METADATA_FILE, splitMetadataLines } from "../server/metadata.ts";
import { PROJECT_ROOT } from "./deno_tasks.ts";
import { missingCommand } from "./host_tools.ts";

/** The book's `flags.zip`, where the project's machines keep it. */
export const DEFAULT_ZIP: string = join(PROJECT_ROOT, "..", "shared", "data", "flags.zip");

/**
 * Why the book's `flags.zip` cannot be read here (it is absent, or `unzip` is), or undefined
 * when it can: tests that need it are registered with `ignore:` and print this.
 */
export async function flagsZipUnavailable(zip: string = DEFAULT_ZIP): Promise<string | undefined> {
  try {
    await Deno.stat(zip);
  } catch {
    return `${zip} is absent`;
  }
  return await missingCommand("unzip");
}

/** The colours of the flag, as `0xRRGGBB`, in palette order (padded to 8 with black). */
export const SS_PALETTE: readonly number[] = [
  0x000000, // black
  0xffffff, // white
  0xda121a, // red
  0x078930, // green
  0x0f47af, // blue
  0xfcdd09, // yellow
  0x000000,
  0x000000,
];

/** Width and height of the South Sudan icon, as the other famfamfam flags. */
export const SS_SIZE = { width: 16, height: 11 } as const;

/**
 * The South Sudan icon as palette indices, row by row: black, red and green bands edged in
 * white, a blue triangle at the hoist and a yellow star.
 */
export function southSudanPixels(): number[] {
  const { width, height } = SS_SIZE;
  const band = [0, 0, 0, 1, 2, 2, 2, 1, 3, 3, 3];
  const pixels: number[] = [];
  for (let y = 0; y < height; y++) {
    const reach = 7 - Math.abs(y - 5) * 1.4; // the triangle's edge on this row
    for (let x = 0; x < width; x++) pixels.push(x < reach ? 4 : band[y]);
  }
  for (const [x, y] of [[2, 5], [1, 5], [3, 5], [2, 4], [2, 6]]) pixels[y * width + x] = 5;
  return pixels;
}

/** The South Sudan icon as a GIF89a file. */
export function southSudanGif(): Uint8Array<ArrayBuffer> {
  const { width, height } = SS_SIZE;
  const buffer = new Uint8Array(1024);
  const writer = new GifWriter(buffer, width, height, { palette: [...SS_PALETTE] });
  writer.addFrame(0, 0, width, height, southSudanPixels());
  return buffer.slice(0, writer.end());
}

/**
 * The text of `metadata.jsonl`: each code's `flags/<cc>/metadata.json` from `zip` (read with
 * `unzip -p`), one per line, in code order.
 *
 * @throws {Error} in one line when `unzip` fails or a file is not one line of the book's JSON
 */
export async function metadataLines(zip: string): Promise<string> {
  const lines: string[] = [];
  for (const CC of COUNTRY_CODES) {
    const member = `flags/${CC.toLowerCase()}/metadata.json`;
    const out = await new Deno.Command("unzip", { args: ["-p", zip, member] }).output();
    if (!out.success) {
      const said = new TextDecoder().decode(out.stderr).trim() ||
        new TextDecoder().decode(out.stdout).trim();
      const why = said === "" ? UNZIP_EXIT[out.code] ?? `exit ${out.code}` : firstLine(said);
      throw new Error(`unzip -p ${zip} ${member}: ${why}`);
    }
    const text = new TextDecoder("utf-8", { fatal: true }).decode(out.stdout);
    if (text.includes("\n") || text === "") throw new Error(`${member} is not one line`);
    lines.push(text);
  }
  const jsonl = lines.join("\n") + "\n";
  splitMetadataLines(jsonl); // every line parses and every code is there
  return jsonl;
}

/** What `unzip -p` means by an exit status it prints nothing for. */
const UNZIP_EXIT: Record<number, string> = { 9: "no such zip file", 11: "no such file in the zip" };

/** Writes every data file into `dir` (default the server's data folder); returns their paths. */
export async function writeServerData(
  { dir = DATA_FOLDER, zip = DEFAULT_ZIP }: { dir?: string; zip?: string } = {},
): Promise<string[]> {
  const jsonl = await metadataLines(zip);
  const files: Array<[string, Uint8Array]> = [
    [join(dir, SOUTH_SUDAN_FILE), southSudanGif()],
    [join(dir, METADATA_FILE), new TextEncoder().encode(jsonl)],
  ];
  for (const [path, bytes] of files) await writeAtomically(path, [bytes]);
  return files.map(([path]) => path);
}

if (import.meta.main) {
  const { zip } = await runCommand({
    prog: "deno task server:data",
    name: "server:data",
    description: "Remakes lib/server/data/: ss.gif (drawn here) and metadata.jsonl (from ZIP).",
    options: {
      zip: option([], {
        metavar: "ZIP",
        nargs: "?",
        parse: str,
        default: DEFAULT_ZIP,
        help: "the book's flags.zip (default ../shared/data/flags.zip)",
      }),
    },
  });
  try {
    for (const path of await writeServerData({ zip })) console.log(`wrote ${path}`);
  } catch (error) {
    fail(`server:data: ${firstLine(error)}`);
  }
}
