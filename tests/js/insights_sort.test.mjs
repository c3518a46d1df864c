import { test } from "node:test";
import assert from "node:assert/strict";
import { nextDirection, order, sortKey } from "../../interviewkit/static/js/insights_sort.js";

test("numbers sort as numbers, not text", () => {
  assert.deepEqual(order(["10", "9", "-0.5"], true, "ascending"), [2, 1, 0]);
});

test("descending reverses but blanks stay last", () => {
  assert.deepEqual(order(["0.2", "", "0.9"], true, "descending"), [2, 0, 1]);
  assert.deepEqual(order(["0.2", "", "0.9"], true, "ascending"), [0, 2, 1]);
});

test("ties keep their order", () => {
  assert.deepEqual(order(["b", "a", "B"], false, "ascending"), [1, 0, 2]);
});

test("keys and directions", () => {
  assert.equal(sortKey("n/a", true), null);
  assert.equal(sortKey("Ines", false), "ines");
  assert.equal(nextDirection("none"), "ascending");
  assert.equal(nextDirection("ascending"), "descending");
});
