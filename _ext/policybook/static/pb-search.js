/* Policybook search: the theme's search dialog (Ctrl+K / 搜索 button) and the search page,
 * answered by Pagefind's index (built by policybook.search after the HTML build).
 *
 * Ranking: a program whose title or alias matches the query comes first (search/programs.json,
 * matched on the raw query, so 高企 or 知识产权资助 find their program however the query is
 * segmented), then Pagefind's full-text results. Results are built with DOM methods and
 * textContent only; the <mark> highlights in Pagefind's excerpts become <mark> elements.
 *
 * Each result says what it is (事项 / 政策 / 通知 / 指南 / 栏目: the page's "kind" metadata,
 * policybook/search/meta.py) and where it stands today: a program's status from its window
 * (meta "window" or programs.json, computed by pb-window.js as the pages' badges are), a
 * policy's standing (meta "state" on the build date, "state_next" when it changes later).
 */
(function () {
  "use strict";

  var html = document.documentElement;
  var rootUrl = new URL(html.dataset.content_root || "./", document.baseURI);
  var DIALOG_LIMIT = 8;
  /* The search page shows ten results at a time (显示更多结果 adds ten, up to PAGE_MAX): Pagefind
   * fetches one excerpt file per full-text hit it ranks (search: depth), so a first page of 30
   * cost some 40 KB per query at any size of site for results below the fold (issue 22). */
  var PAGE_LIMIT = 10;
  var PAGE_MAX = 40;
  var PAGE_SCALE = 34;  // the full-text depth of a page of thirty, before (see search: scale)
  var pagefindPromise = null;
  var indexPromise = null;

  function loadPagefind() {
    if (!pagefindPromise) {
      var delta = fetch(new URL("search/pagefind-delta.json", rootUrl).href)  // alongside the import
        .then(function (r) { return r.ok ? r.json() : { bundle: null, dead: [] }; })
        .catch(function () { return { bundle: null, dead: [] }; });
      pagefindPromise = import(new URL("pagefind/pagefind.js", rootUrl).href).then(function (pf) {
        // Term frequency counts for less and exact words for more than Pagefind's defaults
        // (1.0, 1.0): a page that is about a program outranks pages that mention it often.
        var options = { baseUrl: rootUrl.pathname, excerptLength: 36,
                        ranking: { termFrequency: 0.5, termSimilarity: 4.0 } };
        return Promise.resolve(pf.options(options)).then(function () {
          pf.init();
          return delta.then(function (found) { return withDelta(pf, options, found); });
        });
      });
      pagefindPromise.catch(function () { pagefindPromise = null; });
    }
    return pagefindPromise;
  }

  /* A publishing build after a few edits indexes only the changed pages, into a second bundle
   * (policybook/search/incremental.py): merge it, and drop the kept full index's results for
   * the pages it replaces or that were removed (their Pagefind page ids, "dead"). */
  function withDelta(pf, options, delta) {
    var dead = {};
    (delta.dead || []).forEach(function (id) { dead[id] = true; });
    var merged = delta.bundle ? pf.mergeIndex(new URL(delta.bundle, rootUrl).href, options) : null;
    return Promise.resolve(merged).then(function () {
      if (!delta.bundle && !(delta.dead || []).length) return pf;
      return { search: function (term, opts) {
        return pf.search(term, opts).then(function (found) {
          found.results = found.results.filter(function (r) { return !dead[r.id]; });
          return found;
        });
      } };
    });
  }

  function loadIndex() {
    if (!indexPromise) {
      indexPromise = fetch(new URL("search/index.json", rootUrl).href)
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
        .then(function (doc) {
          if (!doc || doc.format !== "policybook-search-index" || !window.PolicybookQuery) throw new Error("unsupported index");
          return { doc: doc, engine: window.PolicybookQuery.create(doc) };
        });
      indexPromise.catch(function () { indexPromise = null; });
    }
    return indexPromise;
  }

  /* The pinyin table, for Latin queries and homophone slips only (search/pinyin.json). */
  var pinyinPromise = null;
  function withPinyin(ix) {
    if (ix.engine.hasPinyin) return Promise.resolve(ix);
    if (!pinyinPromise) {
      pinyinPromise = fetch(new URL("search/pinyin.json", rootUrl).href)
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); });
      pinyinPromise.catch(function () { pinyinPromise = null; });
    }
    return pinyinPromise.then(function (doc) { ix.engine.usePinyin(doc.pinyin || {}, doc.readings); return ix; },
                              function () { return ix; });
  }

  function absolute(url) { return new URL(url, rootUrl).href; }
  function norm(text) { return window.PolicybookQuery ? window.PolicybookQuery.squash(text) : String(text || ""); }

  /* Program pages carry their names (and every tail of them) as hidden, heavily weighted
   * words for Pagefind (policybook/search/meta.py). When Pagefind's excerpt comes from those
   * words, show the program's aliases and funding instead. */
  function fromIndexWords(excerpt, entry) {
    var plain = decode(excerpt.replace(/<[^>]*>/g, ""));
    var tokens = plain.split(/\s+/).filter(Boolean);
    if (tokens.length < 3) return false;
    var names = [entry.title].concat(entry.names || []).map(norm).join("|");
    var inside = tokens.filter(function (t) { return names.indexOf(norm(t)) !== -1; }).length;
    return inside / tokens.length >= 0.6;
  }

  /* What a hit says under its title when Pagefind has no excerpt for it. */
  function plainText(entry) {
    var parts = [];
    if (entry.docnum) parts.push(entry.docnum);
    if (entry.names && entry.names.length) parts.push("又称：" + entry.names.join("、"));
    if (entry.text) parts.push(entry.text.length > 80 ? entry.text.slice(0, 80) + "…" : entry.text);
    return parts.join(" · ");
  }

  /* -- state for today ------------------------------------------------------------------------ */
  var POLICY_STATES = { "尚未施行": "pending", "现行有效": "in-force", "已修订": "amended",
                        "已废止": "repealed", "已失效": "expired" };

  function todayIso() {
    var W = window.policybookWindow;
    return W ? W.today() : new Date().toISOString().slice(0, 10);
  }

  /* A program's window "mode|open|close" (or "archived") → { text, classes } for today. */
  function programState(windowText) {
    var W = window.policybookWindow;
    if (!windowText) return null;
    if (windowText === "archived") return { text: "已停止执行", classes: ["pb-search-state-archived"] };
    if (!W) return null;
    var parts = windowText.split("|");
    var win = { mode: parts[0] || "", open: parts[1] || "", close: parts[2] || "" };
    var today = W.today();
    return { text: W.label(win, today, false),
             classes: W.classes(win, today).map(function (c) { return c.replace(/^pb-/, "pb-search-state-"); }) };
  }

  /* A policy's standing on the build date, or the one due since (state_next: "YYYY-MM-DD|label"). */
  function policyState(state, next) {
    if (!state) return null;
    var parts = (next || "").split("|");
    if (parts.length === 2 && /^\d{4}-\d{2}-\d{2}$/.test(parts[0]) && todayIso() >= parts[0]) state = parts[1];
    return { text: state, classes: ["pb-search-state-" + (POLICY_STATES[state] || "other")] };
  }

  /* -- Pagefind: the full text, for words only a page's body has ------------------------------ */
  var PAGEFIND_DEPTH = 12;

  /* How much of what the reader typed Pagefind's highlights show, 0..1. Highlights of single
   * characters count for nothing (专精特新 must not find every page with 新 in it), and Latin
   * letters must be a whole word (gaoqi is pinyin, not a prefix of some word on the page). */
  function marksOf(excerpt) {
    // Pagefind marks each word it segmented: <mark>高新</mark><mark>技术</mark> is one highlight
    return ((excerpt || "").replace(/<\/mark>\s*<mark>/g, "").match(/<mark>([^<]*)<\/mark>/g) || []).map(function (m) {
      return norm(decode(m.replace(/<\/?mark>/g, "")));
    }).filter(function (m) { return m.length >= 2; });
  }

  function highlighted(excerpt, words, engine) {
    var marks = marksOf(excerpt);
    var total = 0, covered = 0;
    words.map(norm).filter(Boolean).forEach(function (word) {
      (engine ? engine.pieces(word) : [word]).forEach(function (piece) {
        var weight = engine ? engine.wordWeight(piece) : piece.length, best = 0;
        marks.forEach(function (mark) {
          if (/^[a-z0-9]+$/.test(mark) || /^[a-z0-9]+$/.test(piece)) { if (mark === piece) best = 1; return; }
          if (mark.indexOf(piece) !== -1) best = 1;
          else if (piece.indexOf(mark) !== -1) best = Math.max(best, mark.length / piece.length);
        });
        total += weight;
        covered += weight * best;
      });
    });
    return total ? covered / total : 0;
  }

  /* Pagefind's hits for the words: [{data, rank, cover}] (cover: see highlighted). Pagefind
   * wants every term; when the words together match little, each piece is looked up alone. */
  function pagefindHits(words, raw, pieces, engine, depth, scale) {
    return loadPagefind().then(function (pf) {
      var phrase = words.length ? words.join(" ") : raw;
      return pf.search(phrase).then(function (found) {
        if (found.results.length >= 3 || pieces.length < 2) return [found.results];
        return Promise.all(pieces.map(function (w) { return pf.search(w); })).then(function (each) {
          return [found.results].concat(each.map(function (f) { return f.results; }));
        });
      }).then(function (lists) {
        var seen = {}, order = [];
        for (var rank = 0; order.length < depth && lists.some(function (l) { return rank < l.length; }); rank++) {
          lists.forEach(function (list) {
            var r = list[rank];
            if (r && !seen[r.id] && order.length < depth) { seen[r.id] = true; order.push(r); }
          });
        }
        return Promise.all(order.map(function (r) { return r.data(); })).then(function (data) {
          var typed = words.length ? words : [raw];
          return data.map(function (d, i) { return { data: d, rank: i / scale, cover: highlighted(d.excerpt, typed, engine) }; })
            .filter(function (hit) { return hit.cover > 0; });
        });
      });
    });
  }

  /* -- our own full text, at a province's scale ----------------------------------------------
   * From policybook_search_fulltext_from programs on, Pagefind does not run: search/index.json's
   * ``fulltext`` says so, and search/fulltext/<k>.json hold, per bigram, the entries whose page
   * has it (policybook/search/fulltext.py: the same hash and encoding). A query fetches the
   * files of its words' bigrams only: a few KB, where Pagefind's engine, page metadata and the
   * posting lists of common words were hundreds at 10,000 programs. */
  var CJK_CHAR = /[\u3400-\u9fff\uf900-\ufaff]/;
  var fulltextFiles = {};

  function shardOf(gram, count) {
    var h = 2166136261;  // FNV-1a over UTF-16 code units
    for (var i = 0; i < gram.length; i++) { h ^= gram.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; }
    return h % count;
  }

  function fulltextFile(k) {
    if (!fulltextFiles[k]) {
      fulltextFiles[k] = fetch(new URL("search/fulltext/" + k + ".json", rootUrl).href)
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
        .then(function (doc) {
          if (!doc || doc.format !== "policybook-fulltext") throw new Error("unsupported full-text file");
          return doc.grams || {};
        });
      fulltextFiles[k].catch(function () { delete fulltextFiles[k]; });
    }
    return fulltextFiles[k];
  }

  /* "d" + varint gaps or "b" + a bitmap, base64 → entry numbers, ascending. */
  function entryNumbers(text) {
    var bytes = atob(text.slice(1)), out = [], i;
    if (text.charAt(0) === "b") {
      for (i = 0; i < bytes.length; i++) {
        var byte = bytes.charCodeAt(i);
        for (var bit = 0; bit < 8; bit++) if (byte >> bit & 1) out.push(i * 8 + bit);
      }
      return out;
    }
    var previous = -1, gap = 0, scale = 1;
    for (i = 0; i < bytes.length; i++) {
      var c = bytes.charCodeAt(i);
      gap += (c & 0x7f) * scale;
      if (c & 0x80) { scale *= 128; continue; }
      previous += gap + 1;
      out.push(previous);
      gap = 0;
      scale = 1;
    }
    return out;
  }

  function cjkGrams(piece) {
    var out = [];
    for (var i = 0; i + 1 < piece.length; i++) {
      var gram = piece.substr(i, 2);
      if (CJK_CHAR.test(gram) && out.indexOf(gram) === -1) out.push(gram);
    }
    return out;
  }

  /* Pages whose words have what was typed, as pagefindHits gives them: [{data, rank, cover,
   * marks}], best first. A piece counts as Pagefind's highlights count it (highlighted): whole
   * when the page has all its bigrams, else by the longest run of them (a highlight inside the
   * piece); single characters count for nothing. Every page that has some of it counts (no
   * excerpt to fetch per hit, unlike Pagefind's depth), all at rank 0: the index has no positions
   * or frequencies to order them by, and an order by cover would count the cover twice (combine
   * weighs it already). No excerpt: a result shows its entry's aliases, 文号 or funding (plainText). */
  var FULLTEXT_MAX = 500;
  function fulltextHits(ix, words) {
    var info = ix && ix.doc.fulltext, engine = ix && ix.engine;
    if (!info || !info.shards || !words.length) return Promise.resolve([]);
    var pieces = [];
    words.map(norm).filter(Boolean).forEach(function (w) { pieces = pieces.concat(engine.pieces(w)); });
    var grams = pieces.map(function (p) { return p.length >= 2 && !/^[a-z0-9]+$/.test(p) ? cjkGrams(p) : []; });
    var files = {};
    grams.forEach(function (list) { list.forEach(function (g) { files[shardOf(g, info.shards)] = true; }); });
    var keys = Object.keys(files);
    return Promise.all(keys.map(fulltextFile)).then(function (loaded) {
      var byKey = {}, members = {};
      keys.forEach(function (k, i) { byKey[k] = loaded[i]; });
      function having(gram) {  // {entry number: true}
        if (!members[gram]) {
          var text = byKey[shardOf(gram, info.shards)][gram], set = {};
          if (text) entryNumbers(text).forEach(function (n) { set[n] = true; });
          members[gram] = set;
        }
        return members[gram];
      }
      var total = 0, covered = {}, whole = {};
      pieces.forEach(function (piece, k) {
        var weight = engine.wordWeight(piece);
        total += weight;
        var list = grams[k];
        if (!list.length) return;
        var sets = list.map(having), seen = {};
        // per entry: the longest run of the piece's bigrams it has, in the piece's order
        list.forEach(function (gram, g) {
          Object.keys(sets[g]).forEach(function (n) {
            if (seen[n]) return;
            seen[n] = true;
            var run = 0, longest = 0;
            for (var i = 0; i + 1 < piece.length; i++) {
              var at = list.indexOf(piece.substr(i, 2));
              if (at !== -1 && sets[at][n]) { run += 1; if (run > longest) longest = run; } else run = 0;
            }
            var best = longest === piece.length - 1 ? 1 : (longest + 1) / piece.length;
            covered[n] = (covered[n] || 0) + weight * best;
            if (best === 1) (whole[n] = whole[n] || []).push(piece);
          });
        });
      });
      if (!total) return [];
      var found = Object.keys(covered).map(function (n) { return { n: Number(n), cover: covered[n] / total }; })
        .filter(function (x) { return engine.entries[x.n]; })
        .sort(function (x, y) { return y.cover - x.cover || x.n - y.n; })
        .slice(0, FULLTEXT_MAX);
      return found.map(function (x) {
        var entry = engine.entries[x.n];
        return { data: { url: entry.url, excerpt: "", meta: { title: entry.title } }, index: x.n,
                 rank: 0, cover: x.cover, marks: whole[x.n] || [] };
      });
    });
  }

  /* An entry's key in a result list: its address, or its number while a province's program
   * waits for its address (search/shown/). */
  function keyOf(entry, index) { return entry.url ? absolute(entry.url) : "#" + index; }

  /* A province's programs keep in search/index.json what ranking reads; their ids (so their
   * addresses) and windows (the status badges) are in search/shown/<b>.json, fetched for the
   * results a list shows (policybook/search/fulltext.py split_shown). */
  var shownBlocks = {};
  function shownBlock(ix, b) {
    if (!shownBlocks[b]) {
      shownBlocks[b] = fetch(new URL("search/shown/" + b + ".json", rootUrl).href)
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
        .then(function (doc) {
          if (!doc || doc.format !== "policybook-shown") throw new Error("unsupported file");
          var template = ix.doc.program_url || "";
          (doc.entries || []).forEach(function (fields, i) {
            var entry = fields && ix.engine.entries[doc.first + i];
            if (!entry) return;
            Object.keys(fields).forEach(function (key) { entry[key] = fields[key]; });
            if (!entry.url && template && entry.id) entry.url = template.split("{id}").join(entry.id);
          });
          ix.byUrl = null;  // addresses changed
        });
      shownBlocks[b].catch(function () { delete shownBlocks[b]; });
    }
    return shownBlocks[b];
  }

  function withShown(ix, numbers) {
    var size = ix && ix.doc.fulltext && ix.doc.fulltext.shown;
    if (!size) return Promise.resolve();
    var blocks = {};
    numbers.forEach(function (n) {
      var entry = ix.engine.entries[n];
      if (entry && entry.kind === "program" && !entry.url) blocks[Math.floor(n / size)] = true;
    });
    return Promise.all(Object.keys(blocks).map(function (b) { return shownBlock(ix, b); }));
  }

  /* The result's hits with their programs' addresses and badges (a province's site). */
  function shownResult(ix, result) {
    var hits = result.hits.concat(result.suggestions || []);
    var missing = hits.filter(function (h) { return !h.url && h.index !== undefined; });
    if (!missing.length) return Promise.resolve(result);
    // a block that cannot be fetched leaves its results out, not the whole list
    return withShown(ix, missing.map(function (h) { return h.index; })).catch(function () {}).then(function () {
      missing.forEach(function (h) {
        h.url = h.entry.url ? absolute(h.entry.url) : "";
        h.state = programState(h.entry.window) || h.state;
      });
      result.hits = result.hits.filter(function (h) { return h.url; });
      result.suggestions = (result.suggestions || []).filter(function (h) { return h.url; });
      return result;
    });
  }

  /* -- searching ----------------------------------------------------------------------------- */
  var SHOW = 0.3;  // weaker than this is noise, even when little else matched
  var NEAR = 0.12;  // a 您是不是要找 suggestion: something in common, though not enough
  var WEAK_LIMIT = 8;
  var FULL_TEXT_WAIT = 150;  // ms after the last key before the full text is searched  // the closest results when none matches well: a few, not a page of guesses

  /* A result that has only part of the query still answers it when every word of the query is
   * one the site uses (补贴, 场地, 检测 …) and the result has a good part of them: the reader
   * asked about something here. One word the site never uses (人才公寓, 企业上市) and it does not. */
  function partlyAnswers(engine, a, top) {
    var cover = Math.max(top.ranked ? top.ranked.cover : 0, top.pfCover || 0);
    if (cover < 0.3) return false;
    var pieces = [];
    (a.latin ? [] : a.words).forEach(function (w) { pieces = pieces.concat(engine.pieces(w)); });
    pieces = pieces.filter(function (p) { return p.length >= 2; });
    if (!pieces.length) return false;
    var marks = top.marks || [];
    return pieces.every(function (piece) {
      if (top.ranked && engine.knows(piece, top.ranked.index)) return true;
      if (engine.words[piece]) return true;
      // a highlight inside the piece must be most of it: 企业 does not make 企业上市 a word of the page
      return marks.some(function (m) { return m.indexOf(piece) !== -1 || (piece.indexOf(m) !== -1 && m.length * 3 >= piece.length * 2); });
    });
  }

  /* The index's entry for a page (of one of ``kinds``), if it has one. */
  function entryAt(ix, url, kinds) {
    if (!ix) return null;
    if (!ix.byUrl) {
      ix.byUrl = {};
      ix.engine.entries.forEach(function (e) { ix.byUrl[absolute(e.url)] = e; });
    }
    var e = ix.byUrl[url];
    return e && (!kinds || kinds.indexOf(e.kind) !== -1) ? e : null;
  }

  /* Whether the names and keywords leave the query open, so that the full text must be searched:
   * they do not answer it well (a guess, a referral, pinyin that matched nothing), they find
   * fewer pages than the list shows, or their best page does not lead the next by more than the
   * full text could add to one page, so that Pagefind could change the first result. */
  var FEW = 3;
  var FULL_TEXT_LEAD = 0.25;  // see above
  function needsFullText(result, limit) {
    if (!result.good) return true;
    if (result.total < Math.min(FEW, limit)) return true;
    return result.lead < FULL_TEXT_LEAD;
  }

  /* {hits, total, good, referral, suggestions, links, failed, fullText}: hits best first.
   * ``options.kinds`` keeps only those kinds (the finder asks for programs).
   *
   * The names and keywords (search/index.json) answer first; Pagefind's full text (its engine,
   * page metadata and the query's word chunks: some 500 KB at 10,000 programs, issue 22) is
   * searched only when they do not settle the query (needsFullText) or when ``options.fullText``
   * is true (显示更多结果, 在全部正文中查找). ``fullText`` in the result says whether it was. */
  function search(query, limit, options) {
    options = options || {};
    var index = loadIndex();
    // Pagefind's excerpts are fetched one file each: as many as the list can show, and a few more
    var depth = Math.min(Math.max(limit, PAGEFIND_DEPTH - 4) + 4, 40);
    // a full-text hit's rank counts as in a list of ``options.scale`` (the search page: as when
    // it showed thirty), so fetching fewer excerpts leaves the order of those fetched as it was
    var scale = Math.max(depth, options.scale || 0);
    var analysed = index.then(function (ix) { return ix.engine.analyse(query); });
    // Latin letters are read as pinyin: the table first; an id: its program's (search/shown/)
    index = Promise.all([index, analysed]).then(function (both) {
      var ix = both[0], a = both[1];
      return Promise.resolve(a.latin ? withPinyin(ix) : ix).then(function (ready) {
        var info = ready.doc.fulltext;
        if (!a.id || !info) return ready;
        var key = "#" + a.id;  // the program with that id: its number in the full-text files
        return fulltextFile(shardOf(key, info.shards)).then(function (grams) {
          return grams[key] ? withShown(ready, entryNumbers(grams[key])) : null;
        }).then(function () { return ready; }, function () { return ready; });
      });
    });
    // the names alone, heard in pinyin too when the characters answer poorly (科技创薪券)
    var named = Promise.all([index, analysed]).then(function (both) {
      var ix = both[0], a = both[1], result = combine(ix, a, [], false);
      if (result.good || ix.engine.hasPinyin || a.words.join("").length < 3) return result;
      return withPinyin(ix).then(function () { return combine(ix, a, [], false); });
    });
    var finished = false;
    return named.then(function (result) {
      if (options.fullText === false || (options.fullText !== true && !needsFullText(result, limit))) return result;
      if (options.early) {
        index.then(function (ix) { return shownResult(ix, result); })
          .then(function (shown) { if (!finished) options.early(shown); }, function () {});
      }
      return withFullText();
    }, withFullText).then(function (result) {
      return index.then(function (ix) { return shownResult(ix, result); }, function () { return result; });
    }).then(function (result) {
      finished = true;
      return result;
    });

    function withFullText() {
      var full = Promise.all([index, analysed]).then(function (both) {
        // the full text waits for a pause in typing (the names answer every key at once)
        return new Promise(function (resolve) { setTimeout(resolve, options.wait || 0); }).then(function () { return both; });
      }).then(function (both) {
        if (options.stale && options.stale()) return [];  // the reader typed on: nobody will see it
        var engine = both[0].engine, a = both[1];
        var words = a.latin ? [a.latin] : a.words;
        var pieces = [];
        words.forEach(function (w) { engine.pieces(w).forEach(function (p) { if (pieces.indexOf(p) === -1) pieces.push(p); }); });
        // a province's site: our own full text (search/fulltext/) instead of Pagefind
        if (both[0].doc.fulltext) return fulltextHits(both[0], words);
        return pagefindHits(words, query, pieces.filter(function (p) { return p.length >= 2; }).slice(0, 5), engine, depth, scale);
      }, function () { return pagefindHits([], query, [], null, depth, scale); });
      return Promise.allSettled([index, analysed, full]).then(function (settled) {
        if (settled[0].status === "rejected" && settled[2].status === "rejected") throw settled[0].reason;
        var ix = settled[0].status === "fulfilled" ? settled[0].value : null;
        var a = settled[1].status === "fulfilled" ? settled[1].value : null;
        var texts = settled[2].status === "fulfilled" ? settled[2].value : [], failed = settled[2].status === "rejected";
        var result = combine(ix, a, texts, failed);
        result.fullText = true;
        // answered poorly by the characters: perhaps a homophone slip (科技创薪券), heard in pinyin
        if (result.good || !ix || ix.engine.hasPinyin || !a || a.words.join("").length < 3) return result;
        return withPinyin(ix).then(function () {
          var heard = combine(ix, a, texts, failed);
          heard.fullText = true;
          return heard;
        });
      });
    }

    function combine(ix, a, texts, failed) {
      var ranked = ix ? ix.engine.rank(a, { kinds: options.kinds }) : [];
      var byUrl = {};  // by address, or by entry number (a province's program, its address not here yet)
      ranked.forEach(function (r) {
        byUrl[keyOf(r.entry, r.index)] = { entry: r.entry, index: r.index, score: r.score, data: null, ranked: r, pfCover: 0 };
      });
      texts.forEach(function (hit) {
        var d = hit.data, own = hit.index !== undefined && ix ? ix.engine.entries[hit.index] : null;
        var url = own ? keyOf(own, hit.index) : absolute(d.url), known = byUrl[url];
        // a page whose text has (most of) what the reader typed is a real answer, if not the best
        var bonus = (hit.cover >= window.PolicybookQuery.COVERED ? 0.3 : 0.05) + 0.25 * hit.cover * (1 - hit.rank);
        if (!known) {
          var entry = own || entryAt(ix, url);
          if (options.kinds && !(entry && options.kinds.indexOf(entry.kind) !== -1)) return;  // the finder: programs only
          known = byUrl[url] = { entry: entry || { title: (d.meta && d.meta.title) || d.url, url: d.url,
                                                   kindLabel: (d.meta && d.meta.kind) || "" },
                                 index: hit.index, score: 0, pfCover: 0 };
        }
        known.score += bonus;
        known.bonus = (known.bonus || 0) + bonus;
        known.pfCover = Math.max(known.pfCover, hit.cover);
        known.marks = hit.marks || marksOf(d.excerpt);  // our own full text: the pieces it has
        known.data = d;
      });
      var everything = Object.keys(byUrl).map(function (url) { return byUrl[url]; });
      everything.sort(function (x, y) { return y.score - x.score || x.entry.title.length - y.entry.title.length; });
      // listed on their own merit (a repealed policy still is, below what is in force)
      var all = everything.filter(function (h) {
        return Math.max(h.score, (h.ranked ? h.ranked.base : 0) + (h.bonus || 0)) >= SHOW;
      });
      var Q = window.PolicybookQuery;
      var top = all[0];
      var best = top ? top.score : 0;
      var good = Boolean(top) && best >= Q.GOOD &&
        ((top.ranked && Q.answers({ score: best, cover: top.ranked.cover, named: top.ranked.named, exact: top.ranked.exact })) ||
         top.pfCover >= Q.COVERED || (ix && a && partlyAnswers(ix.engine, a, top)));
      var referral = a && a.referral;
      // a referral wins over anything that does not name the query outright
      if (referral && !(top && top.ranked && top.ranked.named >= 1)) good = false;
      var kinds = (ix && ix.doc.kinds) || {};
      function hitOf(h) {
        var e = h.entry, d = h.data, meta = (d && d.meta) || {};
        var excerpt = d && d.excerpt;
        if (excerpt && e.kind === "program" && fromIndexWords(excerpt, e)) excerpt = null;
        return { url: e.url ? absolute(e.url) : "", title: e.title, kind: kinds[e.kind] || e.kindLabel || meta.kind || "",
                 entry: e, index: h.index, score: h.score, excerpt: excerpt,
                 state: programState(e.window || meta.window) || policyState(e.state || meta.state, e.state_next || meta.state_next),
                 plain: plainText(e) };
      }
      // Nothing matched well: the closest results still show, under a note that says so; with
      // none at all, 您是不是要找 offers the nearest programs (never a bare empty page). After a
      // referral, nothing: what shares a character with 专精特新 is not what the reader wants.
      var shown = referral && !good ? [] : good ? all : all.slice(0, WEAK_LIMIT);
      var near = good || referral || shown.length ? [] : everything.filter(function (h) {
        return h.entry.kind === "program" && h.score >= NEAR;
      }).slice(0, 5);
      return { hits: shown.slice(0, limit).map(hitOf), total: shown.length, good: good,
               referral: referral || null, suggestions: near.map(hitOf),
               links: (ix && ix.doc.links) || {}, failed: failed, fullText: false,
               lead: top ? best - (everything[1] ? Math.max(everything[1].score, 0) : 0) : 0 };
    }
  }

  /* The finder's keyword box: program URLs (absolute) → score, best first, by the same layer. */
  function rankPrograms(query) {
    return search(query, 20, { kinds: ["program"] }).then(function (result) {
      // a filter, not a list to scroll: only those close to the best answer, and only when the
      // query is answered at all (the finder's empty state then offers to clear the words)
      var best = result.hits.length ? result.hits[0].score : 0;
      var hits = result.good ? result.hits.filter(function (h) { return h.score >= 0.45 * best; }) : [];
      return { good: result.good, referral: result.referral,
               ranked: hits.map(function (h) { return { url: h.url, score: h.score }; }) };
    });
  }

  /* -- rendering (no innerHTML) -------------------------------------------------------------- */
  var ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&#x27;": "'", "&nbsp;": "\u00a0" };
  function decode(text) { return text.replace(/&(?:amp|lt|gt|quot|nbsp|#39|#x27);/g, function (e) { return ENTITIES[e]; }); }

  /* Pagefind keeps a space between the words it segmented (知识 产权 资助); Chinese text has none. */
  var CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef\u201c\u201d";
  var CJK_GAP = new RegExp("([" + CJK + "])([\u0001\u0002]*)[ \t]+([\u0001\u0002]*)(?=[" + CJK + "])", "g");

  function excerptInto(el, excerpt) {
    var text = excerpt.replace(/<mark>/g, "\u0001").replace(/<\/mark>/g, "\u0002").replace(/<[^>]*>/g, "");
    text = decode(text).replace(CJK_GAP, "$1$2$3").replace(/^[\s。，、；：！？,.;:]+/, "");
    var marked = false;
    text.split(/([\u0001\u0002])/).forEach(function (part) {
      if (part === "\u0001") { marked = true; return; }
      if (part === "\u0002") { marked = false; return; }
      if (!part) return;
      var node = document.createTextNode(part);
      if (marked) {
        var mark = document.createElement("mark");
        mark.appendChild(node);
        el.appendChild(mark);
      } else {
        el.appendChild(node);
      }
    });
  }

  function span(cls, text) {
    var el = document.createElement("span");
    el.className = cls;
    if (text) el.textContent = text;
    return el;
  }

  /* The list for ``hits``. A row already showing the same page is kept and refilled (the list
   * is drawn twice, names first and full text after: what the reader points at stays put). */
  function render(list, hits) {
    hits.forEach(function (hit, i) {
      var li = list.children[i], a = li && li.firstChild;
      if (!a || a.getAttribute("href") !== hit.url) {
        li = document.createElement("li");
        li.className = "pb-search-result";
        a = document.createElement("a");
        a.className = "pb-search-hit";
        a.href = hit.url;
        li.appendChild(a);
        if (list.children[i]) list.replaceChild(li, list.children[i]); else list.appendChild(li);
      }
      while (a.firstChild) a.removeChild(a.firstChild);
      var head = span("pb-search-head");
      if (hit.kind) head.appendChild(span("pb-search-kind", hit.kind));
      head.appendChild(span("pb-search-title", hit.title));
      if (hit.state) {
        var state = span("pb-search-state", hit.state.text);
        hit.state.classes.forEach(function (c) { state.classList.add(c); });
        head.appendChild(state);
      }
      a.appendChild(head);
      var excerpt = span("pb-search-excerpt");
      if (hit.excerpt) excerptInto(excerpt, hit.excerpt);
      else if (hit.plain) excerpt.textContent = hit.plain;
      if (excerpt.firstChild) a.appendChild(excerpt);
    });
    while (list.children.length > hits.length) list.removeChild(list.lastChild);
  }

  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }

  function para(cls, text) {
    var p = document.createElement("p");
    if (cls) p.className = cls;
    if (text) p.textContent = text;
    return p;
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  /* Never a bare empty page: who handles what the site does not cover (the staff's referrals),
   * the nearest programs (您是不是要找), and where to look instead (finder, categories). */
  function renderAside(aside, result, query) {
    clear(aside);
    aside.hidden = true;
    if (!result || (result.good && !result.referral)) return;
    if (result.referral) {
      var r = result.referral;
      var box = document.createElement("div");
      box.className = "pb-search-referral";
      box.appendChild(para("pb-search-aside-title", "本站没有“" + query + "”方面的事项"));
      box.appendChild(para("", r.text));
      if (r.contact) box.appendChild(para("", "咨询：" + r.contact));
      if (r.url && /^https?:\/\//i.test(r.url)) {
        var p = para("", "");
        p.appendChild(link(r.url, "前往负责部门的网站"));
        box.appendChild(p);
      }
      aside.appendChild(box);
    }
    if (!result.good) {
      var suggest = document.createElement("div");
      suggest.className = "pb-search-suggest";
      if (result.hits.length) {
        suggest.appendChild(para("pb-search-aside-title", "没有找到与“" + query + "”完全相符的内容，下面是最接近的结果。"));
      } else if (result.suggestions.length) {
        suggest.appendChild(para("pb-search-aside-title", "是不是要找："));
        var list = document.createElement("ol");
        list.className = "pb-search-results pb-search-suggestions";
        render(list, result.suggestions);
        suggest.appendChild(list);
      } else if (!result.referral) {
        suggest.appendChild(para("pb-search-aside-title", "换个说法试试，如事项的简称（高企、创新券）或要办的事（专利资助）。"));
      }
      var ways = para("pb-search-ways", "");
      var links = result.links || {};
      [["finder", "按条件查找事项（政策查找）"], ["categories", "按类别浏览全部事项"], ["home", "回到首页"]]
        .forEach(function (pair) {
          if (!links[pair[0]]) return;
          if (ways.firstChild) ways.appendChild(document.createTextNode(" · "));
          ways.appendChild(link(absolute(links[pair[0]]), pair[1]));
        });
      if (ways.firstChild) suggest.appendChild(ways);
      aside.appendChild(suggest);
    }
    aside.hidden = !aside.firstChild;
  }

  /* Under a list the names and keywords gave alone: says so, and offers the full text. */
  function fullTextBox(list) {
    var box = document.createElement("div");
    box.className = "pb-search-fulltext";
    box.hidden = true;
    box.appendChild(para("pb-search-fulltext-note", "以上结果只查了事项、政策和指南的名称与关键词，未在正文中查找。"));
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary pb-search-fulltext-button";
    button.textContent = "在全部正文中查找";
    box.appendChild(button);
    list.parentNode.insertBefore(box, list.nextSibling);
    return { box: box, button: button };
  }

  /* One search box → one list and one status line; later queries win over slower ones. */
  function Searcher(input, list, status, limit, aside, more, scale) {
    var ticket = 0;
    var timer = null;
    var shown = null;  // {query, hits, want, fullText}: what the list holds, for 显示更多结果
    var full = fullTextBox(list);
    function say(text) { status.textContent = text; }
    function offerMore(result, want) {
      if (more) more.hidden = !(result.total > result.hits.length && want < PAGE_MAX);
    }
    function offerFullText(result) {
      full.box.hidden = result.fullText !== false || !result.hits.length;
      full.button.disabled = false;
    }
    function sayFound(result) {
      var extra = result.total > result.hits.length ? "，显示前" + result.hits.length + "条" : "";
      var where = result.fullText === false ? "（按名称和关键词）" : "";
      say("找到" + result.total + "条结果" + where + extra + (result.failed ? "（全文索引未能加载，仅显示事项名称匹配）" : ""));
    }
    /* The next ten: the list is ranked again over more of the full text; what is shown stays
     * where it is and the new results follow it. */
    function showMore() {
      if (!shown || !more) return Promise.resolve();
      var mine = ticket, before = shown, want = Math.min(before.want + limit, PAGE_MAX);
      more.disabled = true;
      return search(before.query, want, { scale: scale, fullText: true }).then(function (result) {
        more.disabled = false;
        if (mine !== ticket || shown !== before) return;
        var seen = {};
        before.hits.forEach(function (h) { seen[h.url] = true; });
        var hits = before.hits.concat(result.hits.filter(function (h) { return !seen[h.url]; })).slice(0, want);
        shown = { query: before.query, hits: hits, want: want };
        render(list, hits);
        var merged = { total: Math.max(result.total, hits.length), hits: hits, failed: result.failed, fullText: true };
        sayFound(merged);
        offerMore(merged, want);
        offerFullText(merged);
        var next = list.children[before.hits.length];
        if (next && next.firstChild) next.firstChild.focus();
      }, function () { more.disabled = false; });
    }
    if (more) more.addEventListener("click", showMore);
    full.button.addEventListener("click", function () {
      full.button.disabled = true;
      now({ fullText: true }).then(function () {
        var first = list.querySelector("a");
        if (first) first.focus();
      });
    });
    function now(extra) {
      var query = input.value.trim();
      var mine = ++ticket;
      shown = null;
      if (more) more.hidden = true;
      if (!extra || !extra.fullText) full.box.hidden = true;
      if (!query) { render(list, []); say(""); list.hidden = true; renderAside(aside, null, ""); return Promise.resolve(); }
      say("正在搜索…");
      var early = function (result) {
        if (mine !== ticket || !result.hits.length) return;
        render(list, result.hits);
        list.hidden = false;
        list.setAttribute("aria-busy", "true");  // the list may still change
        say("正在搜索全文…");
      };
      var stale = function () { return mine !== ticket; };
      var wait = extra && extra.fullText ? 0 : FULL_TEXT_WAIT;
      return search(query, limit, { early: early, wait: wait, stale: stale, scale: scale,
                                    fullText: extra && extra.fullText }).then(function (result) {
        if (mine !== ticket) return;
        list.removeAttribute("aria-busy");
        render(list, result.hits);
        list.hidden = result.hits.length === 0;
        renderAside(aside, result, query);
        offerFullText(result);
        if (result.hits.length && !result.good) {
          say("没有完全相符的结果，显示最接近的" + result.hits.length + "条");
        } else if (result.hits.length) {
          sayFound(result);
          shown = { query: query, hits: result.hits, want: limit };
          offerMore(result, limit);
        } else if (result.failed) {
          say("搜索索引未能加载，请稍后再试，或从首页按类别查找。");
        } else if (result.referral) {
          say("本站没有与“" + query + "”对应的事项。");
        } else {
          say("没有找到与“" + query + "”完全相符的内容。");
        }
      }, function () {
        if (mine !== ticket) return;
        render(list, []);
        list.hidden = true;
        full.box.hidden = true;
        say("搜索索引未能加载，请稍后再试，或从首页按类别查找。");
      });
    }
    function later() {
      // the first results follow every key (names and keywords, in memory); Pagefind's full text
      // is looked up once typing pauses (FULL_TEXT_WAIT), for the query then in the field
      clearTimeout(timer);
      timer = setTimeout(function () { now(); }, 0);
    }
    input.addEventListener("input", later);
    // the names and keywords only: Pagefind is loaded when a query needs the full text
    input.addEventListener("focus", function () { loadIndex().catch(function () {}); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        var first = list.querySelector("a");
        if (first) { event.preventDefault(); first.focus(); }
      }
    });
    list.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var index = links.indexOf(document.activeElement);
      if (index === -1) return;
      event.preventDefault();
      if (event.key === "ArrowDown" && index < links.length - 1) links[index + 1].focus();
      else if (event.key === "ArrowUp") (index > 0 ? links[index - 1] : input).focus();
    });
    return { now: function () { return now(); } };
  }

  function panel(idPrefix) {
    var status = document.createElement("p");
    status.className = "pb-search-status";
    status.id = idPrefix + "-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var list = document.createElement("ol");
    list.className = "pb-search-results";
    list.id = idPrefix + "-results";
    list.setAttribute("aria-label", "搜索结果");
    list.hidden = true;
    var aside = document.createElement("div");
    aside.className = "pb-search-aside";
    aside.id = idPrefix + "-aside";
    aside.hidden = true;
    return { status: status, list: list, aside: aside };
  }

  /* The theme's dialog (opened by its 搜索 buttons and Ctrl+K): results appear under the field;
   * Enter opens the search page with the same query, ↓ moves into the results. */
  function setupDialog() {
    var dialog = document.getElementById("pst-search-dialog");
    var input = dialog && dialog.querySelector("input[name=q]");
    if (!input) return;
    var parts = panel("pb-search-dialog");
    var box = document.createElement("div");
    box.className = "pb-search-panel";
    box.appendChild(parts.status);
    box.appendChild(parts.aside);
    box.appendChild(parts.list);
    dialog.appendChild(box);
    dialog.classList.add("pb-search-dialog");
    // The theme's text is English ("Search..."); say what can be found, in Chinese.
    input.placeholder = "搜索事项、政策、指南，如：高企、创新券";
    input.setAttribute("aria-label", "搜索申报事项、政策文件和办事指南");
    input.setAttribute("aria-controls", parts.list.id);
    input.setAttribute("aria-describedby", parts.status.id);
    Searcher(input, parts.list, parts.status, DIALOG_LIMIT, parts.aside);
  }

  /* search.html: ?q= fills the field and runs; typing updates the address for sharing. */
  function setupPage() {
    var page = document.getElementById("pb-search-page");
    if (!page) return;
    var input = page.querySelector("input[name=q]");
    var list = document.getElementById("pb-search-results");
    var status = document.getElementById("pb-search-status");
    var form = page.querySelector("form");
    var searcher = Searcher(input, list, status, PAGE_LIMIT, document.getElementById("pb-search-aside"),
                            document.getElementById("pb-search-more"), PAGE_SCALE);
    function remember() {
      var query = input.value.trim();
      var url = new URL(window.location.href);
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      history.replaceState(null, "", url.href);
    }
    input.addEventListener("input", remember);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      remember();
      searcher.now();
    });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      input.value = query;
      searcher.now();
    }
    input.focus();
  }

  function start() {
    setupDialog();
    setupPage();
  }

  window.policybookSearch = { search: search, rankPrograms: rankPrograms, normalize: norm };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
