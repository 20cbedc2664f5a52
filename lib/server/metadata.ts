/**
 * Each country's `metadata.json`, as the book's nginx served it from `flags.zip`
 * (`{"tld_cc": ".br", "iso_cc": "BR", "country": "Brazil", "gec_cc": "BR"}`), read into memory
 * at start: by default the book's own files for its 194 codes, shipped as `data/metadata.jsonl`
 * (one file per line, byte for byte, made by `deno task server:data` from `flags.zip`); with
 * `--dir`, the folder's own `flags/<cc>/metadata.json`, which must be valid JSON.
 *
 * @example
 * ```ts
 * import { loadMetadata } from "./metadata.ts";
 * const { metadata, names } = await loadMetadata();
 * console.log(new TextDecoder().decode(metadata.get("br")?.bytes)); // {"tld_cc": ".br", …}
 * console.log(names.get("br")); // "Brazil"
 * ```
 *
 * @module
 */

import { join } from "node:path";
import { firstLine } from "../cli/fail.ts";
import { COUNTRY_CODES } from "../flags/country_codes.ts";
import {
  DATA_FOLDER,
  loadFolderFiles,
  type PerCode,
  type ServedFile,
  servedFiles,
} from "./files.ts";

/** The content type of every `metadata.json`. */
const JSON_TYPE = "application/json";

/** The data file of the book's metadata, in {@linkcode DATA_FOLDER}. */
export const METADATA_FILE = "metadata.jsonl";

/** What {@linkcode loadMetadata} found. */
export interface LoadedMetadata {
  /** Each code's `metadata.json`, by lower-case code. */
  metadata: Map<string, ServedFile>;
  /** The country name of each code whose `metadata.json` has one (a `country` string). */
  names: Map<string, string>;
  /** Lower-case codes of the book with no `metadata.json` (they answer 404). */
  missing: string[];
}

/** One country's metadata, as the book's files hold it. */
interface CountryMetadata {
  /** Top-level domain, e.g. `.br`. */
  tld_cc: string;
  /** ISO 3166 code, e.g. `BR`. */
  iso_cc: string;
  /** The country's name, e.g. `Brazil`. */
  country: string;
  /** The CIA World Factbook's code, e.g. `BR`. */
  gec_cc: string;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads `bytes` as one `metadata.json`: UTF-8 JSON. Returns the country's name when it has
 * one (a `country` string), else undefined.
 *
 * @throws {SyntaxError} when `bytes` are not UTF-8 JSON
 */
function readMetadata(bytes: Uint8Array): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch (error) {
    throw new SyntaxError(`not valid JSON (${firstLine(error)})`);
  }
  const country = (value as { country?: unknown } | null)?.country;
  return typeof country === "string" ? country : undefined;
}

/** Why `bytes` are not a valid `metadata.json`, or undefined when they are. */
function jsonProblem(bytes: Uint8Array): string | undefined {
  try {
    readMetadata(bytes);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Splits the text of `data/metadata.jsonl` into each code's file: one line per file, keyed by
 * its `iso_cc` in lower case.
 *
 * @throws {Error} when a line is not a book metadata record or a code of the book is missing
 */
export function splitMetadataLines(text: string): Map<string, Uint8Array<ArrayBuffer>> {
  const encoder = new TextEncoder();
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  for (const line of text.split("\n").filter((line) => line !== "")) {
    const record = JSON.parse(line) as Partial<CountryMetadata>;
    if (typeof record.iso_cc !== "string" || typeof record.country !== "string") {
      throw new Error(`${METADATA_FILE}: not a metadata record: ${line.slice(0, 80)}`);
    }
    files.set(record.iso_cc.toLowerCase(), encoder.encode(line));
  }
  const lacking = COUNTRY_CODES.filter((cc) => !files.has(cc.toLowerCase()));
  if (lacking.length > 0 || files.size !== COUNTRY_CODES.length) {
    throw new Error(`${METADATA_FILE}: not the book's ${COUNTRY_CODES.length} codes`);
  }
  return files;
}

/**
 * Reads every code's `metadata.json`: with `dir`, `dir/flags/<cc>/metadata.json` (codes without
 * one are reported missing); without, the book's, from `data/metadata.jsonl`. The country names
 * are read from them once, here.
 *
 * @throws {OptionError} naming the file when one in `dir` cannot be served (see
 * `readFolderFile`) or is not valid JSON
 */
export async function loadMetadata(dir?: string): Promise<LoadedMetadata> {
  let found: PerCode<ServedFile>;
  if (dir === undefined) {
    const text = await Deno.readTextFile(join(DATA_FOLDER, METADATA_FILE));
    found = { files: await servedFiles(splitMetadataLines(text), JSON_TYPE), missing: [] };
  } else {
    const nameOf = (cc: string) => `flags/${cc}/metadata.json`;
    found = await loadFolderFiles(dir, nameOf, jsonProblem, JSON_TYPE);
  }
  return { metadata: found.files, names: countryNames(found.files), missing: found.missing };
}

/** The country name of each code whose `metadata.json` has one. */
function countryNames(metadata: ReadonlyMap<string, ServedFile>): Map<string, string> {
  const names = new Map<string, string>();
  for (const [cc, file] of metadata) {
    const name = readMetadata(file.bytes);
    if (name !== undefined) names.set(cc, name);
  }
  return names;
}
