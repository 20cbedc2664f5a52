import assert from "node:assert/strict";
import { Arcfour, arcfour, arcfourInto } from "../lib/cpu/arcfour.ts";

// Known answers produced once by running the seed's Python `arcfour()` (ch17/arcfour.py).
const KEY_FUTURES = "'Twas brilling, and the slithy toves\nDid gyre";
const KNOWN: Array<{ key: Uint8Array; plain: Uint8Array; cipher: string }> = [
  { key: ascii("key"), plain: ascii("Plaintext"), cipher: "31a34495cdc306cd17" },
  { key: ascii("Key"), plain: ascii(""), cipher: "" },
  { key: ascii("Wiki"), plain: ascii("pedia"), cipher: "0f5ce970d7" },
  {
    key: ascii("Secret"),
    plain: ascii("Attack at dawn"),
    cipher: "ebcdc467e02e52f08f398c65bfb2",
  },
  {
    key: ascii(KEY_FUTURES),
    plain: Uint8Array.from({ length: 256 }, (_, i) => i),
    cipher: "228b09555e63fc700ac2aae1189a8447831524e292f763f8917034174d7cfa21" +
      "37ec24cc5bcc50853c06151a869d60784a1ca8ba63f72a86c4b643310c42298f" +
      "92e0f4a5036f720a5930b5486b8b3e2ce964ef48bd87b32960d33435f3a8f098" +
      "56daa0072466984f824bd3a60eab03119de7868eacd585f695b6d2ba8846c48e" +
      "52d6e4f85700800493d99fcfd0a375bb69ba337bcc19ec55aaf663ff1309eead" +
      "09ebba6ab41940bde10f81f178dc6cc80bd6a45b301622879d01c26cf4c76a23" +
      "1a6dd6c913e74a155580785295cf792af8fd9e85a07fe731a4d4e29e5be43fb7" +
      "d40dd646e2c02e6c343683502d7eb035b385f5cf221d5171babdb2403a66525b",
  },
  { key: ascii(""), plain: ascii("empty key"), cipher: "ffb03b3abcad570648" },
  {
    key: new Uint8Array(256).fill(0xff),
    plain: ascii("256-byte key"),
    cipher: "bf787637bc5d93c6ae715c80",
  },
];

function ascii(s: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(s);
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
}

Deno.test("arcfour matches the seed's Python byte for byte", () => {
  for (const { key, plain, cipher } of KNOWN) {
    assert.deepEqual(hex(arcfour(key, plain)), cipher, `key ${hex(key)}`);
  }
});

Deno.test("arcfour with loops = 1 is standard RC4; loops = 0 matches the seed too", () => {
  // The RC4 test vector (Key, Plaintext) from the literature, also what the seed gives.
  assert.deepEqual(hex(arcfour(ascii("Key"), ascii("Plaintext"), 1)), "bbf316e8d940af0ad3");
  assert.deepEqual(hex(arcfour(ascii("Key"), ascii("Plaintext"), 0)), "5269666463637a505c");
});

Deno.test("arcfour on the seed's test() text and a long odd-length input", async () => {
  const clear = ascii("1234567890".repeat(100_000));
  assert.deepEqual(
    await sha256(arcfour(ascii("key"), clear)),
    "25bdf2fdedc5fa95a397a38e4a1f143509b84991183daee816a4bd79d2d66b71",
  );
  const plain = Uint8Array.from({ length: 4099 }, (_, i) => (i * 7 + 3) % 256);
  const cipher = arcfour(ascii(KEY_FUTURES), plain);
  assert.deepEqual(
    await sha256(cipher),
    "d4ea0c7b581ac883598e889a4f6876588f4b099b1e0be352d59f4a7f92d46019",
  );
  assert.deepEqual(hex(cipher.subarray(0, 8)), "21801a4e4540d743");
  assert.deepEqual(hex(cipher.subarray(-8)), "f2f8f1a573e049b7");
});

Deno.test("arcfour round trip returns the input and leaves it untouched", () => {
  const key = ascii(KEY_FUTURES);
  for (const size of [0, 1, 3, 4, 5, 255, 256, 257, 65_537]) {
    const plain = new Uint8Array(size);
    for (let at = 0; at < size; at += 65_536) {
      crypto.getRandomValues(plain.subarray(at, at + 65_536));
    }
    const copy = plain.slice();
    const cipher = arcfour(key, plain);
    assert.deepEqual(cipher.length, size);
    assert.deepEqual(plain, copy);
    assert.deepEqual(arcfour(key, cipher), plain);
  }
});

Deno.test("unaligned views take the byte path and give the same bytes", () => {
  const key = ascii("Secret");
  const backing = new Uint8Array(1027);
  crypto.getRandomValues(backing);
  const expected = arcfour(key, backing.slice(3));
  for (const [inOff, outOff] of [[3, 0], [3, 1], [3, 3]]) {
    const input = new Uint8Array(1030);
    input.set(backing.subarray(3), inOff);
    const out = new Uint8Array(1030);
    const view = input.subarray(inOff, inOff + 1024);
    arcfourInto(key, view, out.subarray(outOff));
    assert.deepEqual(out.subarray(outOff, outOff + 1024), expected, `offsets ${inOff}/${outOff}`);
  }
});

Deno.test("arcfourInto works in place and returns its output", () => {
  const key = ascii("key");
  const buf = ascii("1234567890".repeat(10));
  const expected = arcfour(key, buf);
  assert.deepEqual(arcfourInto(key, buf, buf), buf);
  assert.deepEqual(buf, expected);
  arcfourInto(key, buf, buf);
  assert.deepEqual(new TextDecoder().decode(buf), "1234567890".repeat(10));
});

Deno.test("Arcfour.update in chunks of any size continues one keystream", () => {
  const key = ascii(KEY_FUTURES);
  const plain = Uint8Array.from({ length: 4099 }, (_, i) => (i * 7 + 3) % 256);
  const whole = arcfour(key, plain);
  for (const chunk of [1, 3, 4, 7, 64, 1000, 4096]) {
    const rc4 = new Arcfour(key);
    const out = new Uint8Array(plain.length);
    for (let at = 0; at < plain.length; at += chunk) {
      rc4.update(plain.subarray(at, at + chunk), out.subarray(at, at + chunk));
    }
    assert.deepEqual(out, whole, `chunks of ${chunk}`);
  }
});

Deno.test("arcfour rejects a key over 256 bytes, bad loops and a short output", () => {
  assert.throws(() => arcfour(new Uint8Array(257), ascii("x")), {
    name: "RangeError",
    message: /256 bytes/,
  });
  assert.throws(() => arcfour(ascii("k"), ascii("x"), -1), {
    name: "RangeError",
    message: /loops/,
  });
  assert.throws(() => arcfour(ascii("k"), ascii("x"), 1.5), {
    name: "RangeError",
    message: /loops/,
  });
  assert.throws(() => arcfourInto(ascii("k"), ascii("abc"), new Uint8Array(2)), {
    name: "RangeError",
    message: /shorter/,
  });
});
