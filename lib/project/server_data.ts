/**
 * Makes the flag server's data files in `lib/server/data/` (`deno task server:data`), once;
 * they are committed, and the server only reads them:
 *
 * - `ss.gif`: the flag of South Sudan, which the `famfamfam-flags` package lacks, drawn here
 *   as a 16×11 icon in its style and encoded with npm `omggif`'s `GifWriter`.
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
import { fail, firstLine } from "../cli/fail.ts";
import { DATA_FOLDER } from "../server/images.ts";

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

/** Writes every data file into `dir` (default the server's `DATA_FOLDER`); returns their paths. */
export async function writeServerData(dir: string = DATA_FOLDER): Promise<string[]> {
  const gif = join(dir, "ss.gif");
  await Deno.writeFile(gif, southSudanGif());
  return [gif];
}

if (import.meta.main) {
  try {
    for (const path of await writeServerData()) console.log(`wrote ${path}`);
  } catch (error) {
    fail(`server:data: ${firstLine(error)}`);
  }
}
