/**
 * A minimal GIF89a encoder (one frame, global palette, LZW-compressed) and the
 * South Sudan flag that the `famfamfam-flags` package lacks.
 *
 * @example
 * ```ts
 * import { encodeGif, southSudanGif } from "./gif.ts";
 * const dot = encodeGif(1, 1, [[255, 0, 0]], new Uint8Array([0]));
 * console.log(new TextDecoder().decode(dot.subarray(0, 6))); // "GIF89a"
 * console.log(southSudanGif().length > 30); // true
 * ```
 *
 * @module
 */

/** An RGB colour, each channel 0–255. */
export type Rgb = readonly [number, number, number];

/**
 * Encodes one indexed-colour image as a GIF89a file.
 *
 * @param width image width in pixels (1–65535)
 * @param height image height in pixels (1–65535)
 * @param palette 1–256 colours; it is padded to a power of two with black
 * @param pixels `width * height` palette indices, row by row
 */
export function encodeGif(
  width: number,
  height: number,
  palette: readonly Rgb[],
  pixels: Uint8Array,
): Uint8Array<ArrayBuffer> {
  if (!(width >= 1 && width <= 0xffff && height >= 1 && height <= 0xffff)) {
    throw new RangeError(`bad GIF size ${width}x${height}`);
  }
  if (palette.length < 1 || palette.length > 256) {
    throw new RangeError(`a GIF palette has 1 to 256 colours, not ${palette.length}`);
  }
  if (pixels.length !== width * height) {
    throw new RangeError(`expected ${width * height} pixels, got ${pixels.length}`);
  }
  let depth = 1; // bits per palette index
  while (1 << depth < palette.length) depth++;
  for (const p of pixels) {
    if (p >= palette.length) throw new RangeError(`pixel index ${p} outside the palette`);
  }
  const out: number[] = [];
  const u16 = (n: number) => out.push(n & 0xff, n >> 8);
  out.push(...new TextEncoder().encode("GIF89a"));
  u16(width);
  u16(height);
  out.push(0x80 | ((depth - 1) << 4) | (depth - 1), 0, 0); // global colour table, bg 0, aspect 0
  for (let i = 0; i < 1 << depth; i++) out.push(...(palette[i] ?? [0, 0, 0]));
  out.push(0x2c); // image descriptor at (0, 0), no local table, not interlaced
  u16(0);
  u16(0);
  u16(width);
  u16(height);
  out.push(0);
  const minCodeSize = Math.max(2, depth);
  out.push(minCodeSize);
  const data = lzw(minCodeSize, pixels);
  for (let i = 0; i < data.length; i += 255) {
    const block = data.subarray(i, i + 255);
    out.push(block.length, ...block);
  }
  out.push(0, 0x3b); // block terminator, trailer
  return Uint8Array.from(out);
}

/** GIF's variable-width LZW, codes packed least-significant bit first. */
function lzw(minCodeSize: number, pixels: Uint8Array): Uint8Array {
  const bytes: number[] = [];
  let acc = 0;
  let accBits = 0;
  const clear = 1 << minCodeSize;
  const eoi = clear + 1;
  let codeSize = minCodeSize + 1;
  let next = eoi + 1;
  let table = new Map<number, number>();
  const emit = (code: number) => {
    acc |= code << accBits;
    accBits += codeSize;
    while (accBits >= 8) {
      bytes.push(acc & 0xff);
      acc >>>= 8;
      accBits -= 8;
    }
  };
  emit(clear);
  let prefix = pixels[0];
  for (let i = 1; i < pixels.length; i++) {
    const k = pixels[i];
    const key = (prefix << 8) | k;
    const code = table.get(key);
    if (code !== undefined) {
      prefix = code;
      continue;
    }
    emit(prefix);
    if (next === 4096) {
      emit(clear);
      table = new Map();
      next = eoi + 1;
      codeSize = minCodeSize + 1;
    } else {
      if (next >= 1 << codeSize) codeSize++;
      table.set(key, next++);
    }
    prefix = k;
  }
  emit(prefix);
  emit(eoi);
  if (accBits > 0) bytes.push(acc & 0xff);
  return Uint8Array.from(bytes);
}

const SS_PALETTE: readonly Rgb[] = [
  [0, 0, 0], // black
  [255, 255, 255], // white
  [218, 18, 26], // red
  [7, 137, 48], // green
  [15, 71, 175], // blue
  [252, 221, 9], // yellow
];

/**
 * A 16×11 GIF of the flag of South Sudan, in the style of the famfamfam icons:
 * black, red and green bands edged in white, a blue triangle at the hoist and a
 * yellow star.
 */
export function southSudanGif(): Uint8Array<ArrayBuffer> {
  const width = 16;
  const height = 11;
  const band = [0, 0, 0, 1, 2, 2, 2, 1, 3, 3, 3];
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const reach = 7 - Math.abs(y - 5) * 1.4; // the triangle's edge on this row
    for (let x = 0; x < width; x++) pixels[y * width + x] = x < reach ? 4 : band[y];
  }
  for (const [x, y] of [[2, 5], [1, 5], [3, 5], [2, 4], [2, 6]]) pixels[y * width + x] = 5;
  return encodeGif(width, height, SS_PALETTE, pixels);
}
