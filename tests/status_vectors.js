/* Runs static/pb-window.js in Node for tests/test_status_vectors.py.
 *
 * Usage: node tests/status_vectors.js path/to/pb-window.js < input.json
 * Input: {vectors: [status-vectors.json], instants: [{instant, zone}], local: {instant}}.
 * Prints what pb-window.js computes, as JSON; the Python test compares it with the expected values.
 * The file is loaded as a classic script, as a browser loads it (it attaches to globalThis).
 */
"use strict";

var fs = require("fs");
var vm = require("vm");

vm.runInThisContext(fs.readFileSync(process.argv[2], "utf-8"), { filename: process.argv[2] });
var W = globalThis.policybookWindow;
var input = JSON.parse(fs.readFileSync(0, "utf-8"));

function computed(win, today, detail) {
  return { status: W.status(win, today), days_left: W.daysLeft(win, today),
           closing_soon: W.closingSoon(win, today), label: W.label(win, today, detail) };
}

/* A page whose <meta name="pb-time-zone"> says `zone` (no such tag when zone is null). */
function withZone(zone, fn) {
  globalThis.document = { querySelector: function (selector) {
    if (selector !== 'meta[name="pb-time-zone"]' || zone === null) return null;
    return { getAttribute: function (name) { return name === "content" ? zone : null; } };
  } };
  try { return fn(); } finally { delete globalThis.document; }
}

var out = {
  vectors: input.vectors.map(function (v) {
    var empty = { mode: v.window.mode, open: v.window.open || "", close: v.window.close || "" };
    return { null: computed(v.window, v.today, v.detail), empty: computed(empty, v.today, v.detail),
             classes: W.classes(v.window, v.today) };
  }),
  today: input.instants.map(function (c) {
    return withZone(c.zone, function () { return W.today(new Date(c.instant)); });
  })
};

/* Without Intl, "today" is the reader's own date (process.env.TZ). */
var intl = globalThis.Intl;
globalThis.Intl = undefined;
try { out.local = W.today(new Date(input.local.instant)); } finally { globalThis.Intl = intl; }

process.stdout.write(JSON.stringify(out));
