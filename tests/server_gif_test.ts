// South Sudan's GIF: the committed data file is what `deno task server:data` makes, and an
// independent decoder reads the drawing back from it.

import assert from "node:assert/strict";
import { join } from "node:path";
// @ts-types="@types/omggif"
import { GifReader } from "omggif";
import { DATA_FOLDER } from "../lib/server/images.ts";
import {
  southSudanGif,
  southSudanPixels,
  SS_PALETTE,
  SS_SIZE,
  writeServerData,
} from "../lib/project/server_data.ts";

const committed = await Deno.readFile(join(DATA_FOLDER, "ss.gif"));

Deno.test("data/ss.gif is byte for byte what the data script makes", () => {
  assert.deepEqual(committed, southSudanGif());
});

Deno.test("data/ss.gif decodes to the drawing: 16x11, one frame, every pixel its colour", () => {
  assert.equal(new TextDecoder().decode(committed.subarray(0, 6)), "GIF89a");
  assert.equal(committed.at(-1), 0x3b, "ends with the trailer");
  const reader = new GifReader(committed);
  assert.deepEqual([reader.width, reader.height, reader.numFrames()], [
    SS_SIZE.width,
    SS_SIZE.height,
    1,
  ]);
  const rgba = new Uint8Array(reader.width * reader.height * 4);
  reader.decodeAndBlitFrameRGBA(0, rgba);
  const pixels = southSudanPixels();
  assert.equal(new Set(pixels).size, 6, "the drawing uses all six colours");
  pixels.forEach((index, i) => {
    const rgb = SS_PALETTE[index];
    const want = [rgb >> 16, (rgb >> 8) & 0xff, rgb & 0xff];
    assert.deepEqual([...rgba.subarray(i * 4, i * 4 + 3)], want, `pixel ${i}`);
  });
});

Deno.test("writeServerData writes the GIF into the folder it is given", async () => {
  const dir = await Deno.makeTempDir({ prefix: "server_data_" });
  try {
    const written = await writeServerData(dir);
    assert.ok(written.includes(join(dir, "ss.gif")));
    assert.deepEqual(await Deno.readFile(join(dir, "ss.gif")), committed);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
