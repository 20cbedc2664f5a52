// The GIF encoder behind the generated South Sudan flag, checked against an independent decoder.

import assert from "node:assert/strict";
// @ts-types="@types/omggif"
import { GifReader } from "omggif";
import { encodeGif, type Rgb } from "../lib/server/gif.ts";
import { seededRandom } from "../lib/server/random.ts";

function roundTrip(width: number, height: number, colours: number, pixels: Uint8Array) {
  const random = seededRandom(colours);
  const palette: Rgb[] = Array.from(
    { length: colours },
    () => [0, 0, 0].map(() => Math.floor(random() * 256)) as unknown as Rgb,
  );
  const gif = encodeGif(width, height, palette, pixels);
  assert.equal(new TextDecoder().decode(gif.subarray(0, 6)), "GIF89a");
  assert.equal(gif.at(-1), 0x3b, "ends with the trailer");
  const reader = new GifReader(gif);
  assert.deepEqual([reader.width, reader.height, reader.numFrames()], [width, height, 1]);
  const rgba = new Uint8Array(width * height * 4);
  reader.decodeAndBlitFrameRGBA(0, rgba);
  pixels.forEach((index, i) => {
    assert.deepEqual([...rgba.subarray(i * 4, i * 4 + 3)], [...palette[index]], `pixel ${i}`);
  });
  return gif;
}

Deno.test("encodeGif: images decode to the same pixels, from 1x1 to a full LZW table", () => {
  roundTrip(1, 1, 1, new Uint8Array([0]));
  roundTrip(3, 2, 2, new Uint8Array([0, 1, 1, 0, 1, 0]));
  const random = seededRandom(5);
  for (const [w, h, colours] of [[16, 11, 6], [40, 30, 16], [300, 200, 256], [64, 64, 3]]) {
    const pixels = Uint8Array.from({ length: w * h }, () => Math.floor(random() * colours));
    roundTrip(w, h, colours, pixels);
  }
  const flat = roundTrip(200, 200, 4, new Uint8Array(200 * 200).fill(2));
  assert.ok(flat.length < 2000, `a flat image compresses (${flat.length} bytes)`);
});

Deno.test("encodeGif: bad sizes, palettes and pixels are RangeErrors", () => {
  assert.throws(() => encodeGif(0, 1, [[0, 0, 0]], new Uint8Array(0)), RangeError);
  assert.throws(() => encodeGif(2, 1, [[0, 0, 0]], new Uint8Array(1)), RangeError);
  assert.throws(() => encodeGif(1, 1, [], new Uint8Array(1)), RangeError);
  assert.throws(() => encodeGif(1, 1, [[0, 0, 0]], new Uint8Array([1])), RangeError);
});
