// The server's data files: the committed ss.gif and metadata.jsonl are what
// `deno task server:data` makes, and they hold what the server needs.

import assert from "node:assert/strict";
import { join } from "node:path";
// @ts-types="@types/omggif"
import { GifReader } from "omggif";
import { DATA_FOLDER } from "../lib/server/files.ts";
import { METADATA_FILE, splitMetadataLines } from "../lib/server/metadata.ts";
import { COUNTRY_CODES } from "../lib/flags/country_codes.ts";
import {
  DEFAULT_ZIP,
  flagsZipUnavailable,
  metadataLines,
  southSudanGif,
  southSudanPixels,
  SS_PALETTE,
  SS_SIZE,
  writeServerData,
} from "../lib/project/server_data.ts";

const committedGif = await Deno.readFile(join(DATA_FOLDER, "ss.gif"));
const committedJsonl = await Deno.readTextFile(join(DATA_FOLDER, METADATA_FILE));

const skipReason = await flagsZipUnavailable();
if (skipReason) console.log(`server_data_test: skipping the flags.zip tests: ${skipReason}`);

Deno.test("data/ss.gif is byte for byte what the data script makes", () => {
  assert.deepEqual(committedGif, southSudanGif());
});

Deno.test("data/ss.gif decodes to the drawing: 16x11, one frame, every pixel its colour", () => {
  assert.equal(new TextDecoder().decode(committedGif.subarray(0, 6)), "GIF89a");
  assert.equal(committedGif.at(-1), 0x3b, "ends with the trailer");
  const reader = new GifReader(committedGif);
  assert.deepEqual(
    [reader.width, reader.height, reader.numFrames()],
    [SS_SIZE.width, SS_SIZE.height, 1],
  );
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

Deno.test("data/metadata.jsonl: one record per code of the book, in code order", () => {
  const lines = committedJsonl.split("\n");
  assert.equal(lines.pop(), "", "ends with a newline");
  assert.equal(lines.length, 194);
  lines.forEach((line, i) => {
    const record = JSON.parse(line);
    assert.deepEqual(Object.keys(record), ["tld_cc", "iso_cc", "country", "gec_cc"], line);
    assert.equal(record.iso_cc, COUNTRY_CODES[i]);
    assert.match(record.tld_cc, /^\.[a-z]{2}$/, line); // GB's is .uk
  });
  assert.equal(lines[COUNTRY_CODES.indexOf("BR")], BRAZIL);
  const files = splitMetadataLines(committedJsonl);
  assert.equal(new TextDecoder().decode(files.get("br")), BRAZIL);
  assert.throws(() => splitMetadataLines(lines.slice(1).join("\n")), /not the book's 194 codes/);
  assert.throws(() => splitMetadataLines(`{"x": 1}\n${committedJsonl}`), /not a metadata record/);
});

const BRAZIL = '{"tld_cc": ".br", "iso_cc": "BR", "country": "Brazil", "gec_cc": "BR"}';

Deno.test({
  name: "data/metadata.jsonl is byte for byte what the data script makes from flags.zip",
  ignore: skipReason !== undefined,
  async fn() {
    assert.equal(await metadataLines(DEFAULT_ZIP), committedJsonl);
  },
});

Deno.test({
  name: "writeServerData writes both files into the folder it is given; a bad zip writes none",
  ignore: skipReason !== undefined,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "server_data_" });
    try {
      await assert.rejects(
        () => writeServerData({ dir, zip: join(dir, "absent.zip") }),
        /^Error: unzip -p \S+absent\.zip flags\/ad\/metadata\.json: no such zip file$/,
      );
      assert.deepEqual([...Deno.readDirSync(dir)], [], "nothing written");
      const written = await writeServerData({ dir, zip: DEFAULT_ZIP });
      assert.deepEqual(written, [join(dir, "ss.gif"), join(dir, METADATA_FILE)]);
      assert.deepEqual(await Deno.readFile(join(dir, "ss.gif")), committedGif);
      assert.equal(await Deno.readTextFile(join(dir, METADATA_FILE)), committedJsonl);
      assert.equal([...Deno.readDirSync(dir)].length, 2, "no temporary file left");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
