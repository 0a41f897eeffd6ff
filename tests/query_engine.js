/* Runs static/pb-query.js in Node for tests/test_query_engine.py.
 *
 * Usage: node tests/query_engine.js path/to/pb-query.js < input.json
 * Input: {doc: <search/index.json document>, queries: [text]}. Prints, per query, what the
 * engine makes of it (analysis, pieces) and its ranking (url, score, answers), as JSON.
 */
"use strict";

var fs = require("fs");
var vm = require("vm");

vm.runInThisContext(fs.readFileSync(process.argv[2], "utf-8"), { filename: process.argv[2] });
var Q = globalThis.PolicybookQuery;
var input = JSON.parse(fs.readFileSync(0, "utf-8"));
var engine = Q.create(input.doc);
var out = input.queries.map(function (query) {
  var a = engine.analyse(query);
  var pieces = [];
  a.words.forEach(function (w) { pieces = pieces.concat(engine.pieces(w)); });
  return {
    query: query, words: a.words, intents: Object.keys(a.intents).sort(), docnum: a.docnum, amount: a.amount,
    latin: a.latin, referral: a.referral ? a.referral.text : null, pieces: pieces,
    ranked: engine.rank(a).slice(0, 5).map(function (r) {
      return { url: r.entry.url, score: r.score, answers: Q.answers(r) };
    })
  };
});
process.stdout.write(JSON.stringify(out));
