import assert from "node:assert/strict";
import { type MessageTarget, postMoving } from "../lib/futures/_transfer.ts";
import { isToPool, post, type ToHost, type ToPool } from "../lib/futures/_protocol.ts";

/** A target that records each call's arguments and fails the calls `failing` says. */
function recorder(failing: (args: unknown[]) => boolean = () => false) {
  const calls: unknown[][] = [];
  const target: MessageTarget = {
    postMessage(...args: unknown[]) {
      calls.push(args);
      if (failing(args)) throw new DOMException("cannot send", "DataCloneError");
    },
  };
  return { calls, target };
}

Deno.test("postMoving: a message without whole buffers goes with no transfer list at all", () => {
  const { calls, target } = recorder();
  const big = new Uint8Array(16);
  assert.equal(postMoving(target, ["m", 1], [1, "two", big.subarray(0, 4)]), undefined);
  assert.equal(calls.length, 1);
  assert.equal(calls[0].length, 1, "postMessage(message), not postMessage(message, [])");
  assert.deepEqual(calls[0][0], ["m", 1]);
});

Deno.test("postMoving: whole buffers in the payload are listed for transfer", () => {
  const { calls, target } = recorder();
  const bytes = new Uint8Array(8);
  const buffer = new ArrayBuffer(4);
  assert.equal(postMoving(target, "m", { bytes, nested: [buffer] }), undefined);
  assert.equal(calls.length, 1);
  assert.deepEqual(calls[0][1], [bytes.buffer, buffer]);
});

Deno.test("postMoving: when the transfer fails, the message is posted as a copy", () => {
  const { calls, target } = recorder((args) => args.length === 2);
  assert.equal(postMoving(target, "m", new Uint8Array(8)), undefined);
  assert.deepEqual(calls.map((args) => args.length), [2, 1]);
});

Deno.test("postMoving: when the copy fails too, the transfer's error is returned", () => {
  const { calls, target } = recorder(() => true);
  const error = postMoving(target, "m", new Uint8Array(8));
  assert.ok(error instanceof DOMException && error.name === "DataCloneError");
  assert.equal(calls.length, 2);
  const { target: plain } = recorder(() => true);
  assert.ok(postMoving(plain, "m", 1) instanceof DOMException, "no buffers: the one error");
});

Deno.test("post: a run message moves its calls' arguments' whole buffers, a done message its values'", () => {
  const { calls, target } = recorder();
  const bytes = new Uint8Array(8);
  const args = [bytes, 3];
  assert.equal(post<ToHost>(target, ["run", [[1, "sumBytes", args, false]]]), undefined);
  assert.deepEqual(calls[0][0], ["run", [[1, "sumBytes", args, false]]]);
  assert.deepEqual(calls[0][1], [bytes.buffer]);
  const more = new ArrayBuffer(2);
  post<ToHost>(target, ["run", [[2, "echo", [1], false], [3, "echo", [more], true]]]);
  assert.deepEqual(calls[1][1], [more], "every call of a batch is looked at");
  const value = { bytes: new ArrayBuffer(4) };
  assert.equal(post<ToPool>(target, ["done", [[1, "ok", value]]]), undefined);
  assert.deepEqual(calls[2][1], [value.bytes]);
  const thrown = new ArrayBuffer(2);
  const chunk = new ArrayBuffer(3);
  post<ToPool>(target, ["done", [[2, "thrown", thrown], [3, "ok", [1, chunk]]]]);
  assert.deepEqual(calls[3][1], [thrown, chunk], "a thrown value's buffers move too");
  post<ToHost>(target, ["run", [[4, "add", [1, 2], false], [5, "add", [3, 4], false]]]);
  assert.equal(calls[4].length, 1, "nothing to move: no transfer list");
});

Deno.test("post: messages without a payload go with no transfer list at all", () => {
  const { calls, target } = recorder();
  const error = { name: "Error", message: "m", stack: undefined };
  post<ToPool>(target, ["load-failed", error]);
  post<ToPool>(target, ["idle"]);
  post<ToPool>(target, ["dying", "a worker called self.close()"]);
  assert.deepEqual(calls.map((args) => args.length), [1, 1, 1]);
  assert.deepEqual(calls[0][0], ["load-failed", error]);
});

Deno.test("post: a message that cannot be cloned returns the error", () => {
  const { target } = recorder(() => true);
  assert.ok(post<ToPool>(target, ["done", [[1, "ok", () => {}]]]) instanceof DOMException);
});

Deno.test("isToPool accepts every well-formed message a worker host sends", () => {
  const error = { name: "TypeError", message: "m", stack: "TypeError: m\n    at x" };
  const good: unknown[] = [
    ["done", [[1, "ok", { any: ["value"] }]]],
    ["done", [[2, "ok", undefined], [3, "thrown", "a string"], [4, "error", error]]],
    ["done", [[5, "error", { ...error, cause: { value: 1 }, props: { code: "E" } }]]],
    ["done", [[6, "error", { ...error, stack: undefined, cause: error }]]],
    ["done", [[7, "error", error, [1, 2]], [8, "thrown", 0, []]]],
    ["dying", "a worker called self.close()"],
    ["dying", "a worker died of an error outside a task", error],
    ["load-failed", error],
    ["idle"],
  ];
  for (const message of good) assert.ok(isToPool(message), Deno.inspect(message));
});

Deno.test("isToPool refuses anything else: wrong shapes, tags, ids, lengths, errors", () => {
  const error = { name: "Error", message: "m", stack: undefined };
  const bad: unknown[] = [
    null,
    undefined,
    0,
    "done",
    {},
    { 0: "idle", length: 1 },
    [],
    [0, "FORGED", 1],
    [3, "fake dying"],
    ["ok", 1, "FORGED"],
    ["DONE", [[1, "ok", 1]]],
    ["toString"],
    ["__proto__"],
    ["done"],
    ["done", []],
    ["done", [1, "ok", 1]],
    ["done", [[1, "ok", 1]], "extra"],
    ["done", [[1, "ok"]]],
    ["done", [[1, "ok", 1, []]]],
    ["done", [[0, "ok", 1]]],
    ["done", [[-1, "ok", 1]]],
    ["done", [[1.5, "ok", 1]]],
    ["done", [["1", "ok", 1]]],
    ["done", [[Number.MAX_SAFE_INTEGER + 1, "ok", 1]]],
    ["done", [[1, "OK", 1]]],
    ["done", [[1, "ok", 1], null]],
    ["done", [[1, "error", "boom"]]],
    ["done", [[1, "error", null]]],
    ["done", [[1, "error", { message: "no name" }]]],
    ["done", [[1, "error", { ...error, stack: 42 }]]],
    ["done", [[1, "error", { ...error, cause: "not wrapped" }]]],
    ["done", [[1, "error", { ...error, props: "no" }]]],
    ["done", [[1, "error", error, "not an array"]]],
    ["done", [[1, "thrown", 1, {}]]],
    ["dying"],
    ["dying", 42],
    ["dying", "why", "not an error"],
    ["load-failed"],
    ["load-failed", "text"],
    ["idle", 1],
  ];
  for (const message of bad) assert.equal(isToPool(message), false, Deno.inspect(message));
  let deep: Record<string, unknown> = { ...error };
  for (let i = 0; i < 10; i++) deep = { ...error, cause: deep };
  assert.equal(isToPool(["done", [[1, "error", deep]]]), false, "causes beyond 5 are refused");
});
