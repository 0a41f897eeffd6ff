/* Policybook 政策查找: facets, text query and results over data/finder.json.
 *
 * Facet values come from the export's vocabularies; status is recomputed for today's date
 * (status.py's rule). The filters live in the query string (history.replaceState), so a result
 * list can be shared and survives a reload. Built for 10,000 programs on a phone (issue 22):
 * sort keys, facet value codes and result cards are made once per program, the keyword box's
 * keys in idle slices after the first paint; each order is sorted once, and one pass over it
 * gives both the results (already in order) and the facet counts; at most PAGE cards are shown
 * until the reader asks for more, the first FIRST of them with the filter's own frame; the URL
 * and the summaries (data/finder-text.json) wait until the results are painted.
 * A page opened without filters on a date data/finder-first.json covers (finder/first.py) shows
 * that precomputed first page at once (data-pb-first; data/finder-first.js, run just before this
 * script, brings it without a fetch, so it goes in before the theme's deferred scripts run),
 * then reads and prepares the full index in slices after the paint and takes over, keeping the
 * cards on screen (data-pb-ready); input given meanwhile is applied then. Any other page reads the full index first, as before.
 */
(function () {
  "use strict";

  var C = window.PolicybookFinderCore;
  var el = C.el;
  var PAGE = 50;
  // Cards put in with the filter's own frame: more than a screen, on a phone and on a desktop.
  // The rest of the page of cards follows in the next task (renderRest); laying out 50 cards
  // would put a filter over 100 ms on a phone at 10,000 programs (issue 22).
  var FIRST = 10;
  var STATUS_ORDER = ["open", "upcoming", "rolling", "closed"];
  // Not "q": Sphinx's searchtools.js runs a site search on any page whose URL has ?q=.
  var QUERY = "kw";
  var SEP = "\u0000";  // between the records' texts in the joined haystack (warm)

  /* Facets shown as <select>: URL parameter, vocabulary in the export, control label. */
  var FACETS = [
    { key: "level", vocab: "level", label: "层级", values: function (p) { return [p.level]; } },
    { key: "category", vocab: "category", label: "类别", values: function (p) { return [p.category]; } },
    { key: "support", vocab: "support_type", label: "支持方式", values: function (p) { return [p.support_type]; } },
    // 免申即享 (paid from data the bureau holds) or an application to make
    { key: "application", vocab: "application", label: "兑现方式",
      values: function (p) { return [p.no_application ? "no" : "yes"]; } },
    { key: "applicant", vocab: "applicant_type", label: "申报主体", values: function (p) { return p.applicants || []; } },
    // A program open to every industry ("all") matches whichever industry the reader picks.
    { key: "industry", vocab: "industry", label: "行业", wildcard: "all",
      values: function (p) { return p.industries && p.industries.length ? p.industries : ["all"]; } }
  ];
  var SORTS = [["", "按申报状态"], ["amount", "按金额从高到低"], ["title", "按名称"]];

  function normalise(text) {
    return String(text || "").normalize("NFKC").toLowerCase();
  }

  function formatAmount(yuan) {
    if (yuan >= 10000 && yuan % 10000 === 0) return yuan / 10000 + "万元以上";
    return yuan + "元以上";
  }

  /* `first` (optional): the first page precomputed by the build for the reader's date
   * (C.decodeFirst); the page shows it, then reads the full index (upgrade). */
  function Finder(root, data, first) {
    this.root = root;
    this.data = data;
    this.preview = first || null;
    this.today = C.todayIso();
    this.vocabOrder = C.readJsonAttr(root, "data-pb-vocab-order") || {};
    this.amounts = (root.getAttribute("data-pb-amounts") || "").split(/\s+/).filter(Boolean)
      .map(Number).filter(function (n) { return n > 0 && isFinite(n); });
    this.statuses = C.vocabIds(data, "status", this.vocabOrder);
    this.statuses.sort(function (a, b) { return rank(a) - rank(b); });
    this.records = this.prepare(first ? first.programs : data.programs);
    this.facetList = FACETS;  // for pb-finder-take.js (export, 订阅此筛选)
    this.useful = first ? first.useful : usefulFacets(this.records);
    this.state = this.emptyState();
    this.shown = PAGE;
  }

  /* A facet is offered only when it tells programs apart: at least two of its values (other than
   * the wildcard, "every industry") each describe some program. One program declaring an industry
   * while all others say "all" made every 行业 option show (nearly) the same count. */
  function usefulFacets(records) {
    var useful = {};
    FACETS.forEach(function (f, i) {
      var first = null;  // the first value seen; a second, different one settles it
      useful[f.key] = false;
      for (var n = 0; n < records.length && !useful[f.key]; n++) {
        var values = records[n].facets[i];
        for (var v = 0; v < values.length; v++) {
          if (values[v] === f.wildcard) continue;
          if (first === null) first = values[v];
          else if (values[v] !== first) { useful[f.key] = true; break; }
        }
      }
    });
    return useful;
  }

  function rank(status) {
    var i = STATUS_ORDER.indexOf(status);
    return i === -1 ? STATUS_ORDER.length : i;
  }

  Finder.prototype.emptyState = function () {
    var state = { q: "", status: [], amount: 0, sort: "" };
    FACETS.forEach(function (f) { state[f.key] = ""; });
    return state;
  };

  /* What the first results need per program, computed once: status, sort keys, facet values.
   * The keyword box's keys (normalised names and text, the absolute URL) cost as much again
   * and wait for the first query or for idle time after the results are painted (textKeys). */
  Finder.prototype.prepare = function (programs) {
    var prepared = this.preparer();
    for (var n = 0; n < programs.length; n++) prepared.add(programs[n]);
    this.coded = prepared.coded;
    this.cols = prepared.columns();
    return prepared.records;
  };

  /* The same, `size` programs at a time between tasks, so the page answers input meanwhile.
   * → a promise of {records, coded, columns}. */
  Finder.prototype.prepareInSlices = function (programs, size) {
    var prepared = this.preparer(), at = 0;
    return new Promise(function (resolve) {
      var step = function () {
        var end = Math.min(programs.length, at + size);
        for (; at < end; at++) prepared.add(programs[at]);
        if (at < programs.length) window.setTimeout(step, 0);
        else resolve(prepared);
      };
      step();
    });
  };

  /* The records, and evaluate's columns written as each record is added: each facet's value
   * codes (record k's at values[start[k]] up to values[start[k + 1]]), wildcard bits, statuses
   * and amounts by record index. A second pass over nested per-record arrays to make them cost
   * ≈ 50 ms of a phone's first results at 10,000 programs (issue 22). */
  Finder.prototype.preparer = function () {
    var today = this.today, records = [], nf = FACETS.length;
    // each facet's values (and the statuses) as small integers, for evaluate's tallies
    var coded = { ids: FACETS.map(function () { return []; }), codes: FACETS.map(function () { return Object.create(null); }),
                  statusIds: [], statusCodes: Object.create(null) };
    var starts = FACETS.map(function () { return []; }), values = FACETS.map(function () { return []; });
    var wilds = [], statuses = [], amounts = [];
    var code = function (codes, ids, value) {  // one look-up: codes holds numbers only
      var c = codes[value];
      if (c === undefined) { c = codes[value] = ids.length; ids.push(value); }
      return c;
    };
    var add = function (p) {
      if (p.archived) return;
      var facets = new Array(nf), wild = 0;
      for (var i = 0; i < nf; i++) {
        var f = FACETS[i], vals = facets[i] = f.values(p), into = values[i];
        starts[i].push(into.length);
        for (var v = 0; v < vals.length; v++) into.push(code(coded.codes[i], coded.ids[i], vals[v]));
        if (f.wildcard && vals.indexOf(f.wildcard) !== -1) wild |= 1 << i;
      }
      var status = C.windowStatus(p.window, today), statusCode = code(coded.statusCodes, coded.statusIds, status);
      var amount = (p.funding && +p.funding.max_amount_yuan) || 0;
      wilds.push(wild);
      statuses.push(statusCode);
      amounts.push(amount);
      records.push({
        program: p,
        index: records.length,
        status: status,
        statusCode: statusCode,
        deadline: C.deadlineKey(p, today, status),
        amount: amount,
        facets: facets,
        wild: wild,  // bit i: facet i holds its wildcard ("every industry")
        named: 0
      });
    };
    var columns = function () {
      var cols = { records: records, start: [], values: [], wild: Int32Array.from(wilds),
                   status: Int32Array.from(statuses), amount: Float64Array.from(amounts) };
      for (var i = 0; i < nf; i++) {
        var start = new Int32Array(records.length + 1);
        start.set(starts[i]);
        start[records.length] = values[i].length;
        cols.start.push(start);
        cols.values.push(Int32Array.from(values[i]));
      }
      return cols;
    };
    return { records: records, coded: coded, add: add, columns: columns };
  };

  /* The keyword box's keys of a record (names, all its text, absolute URL), made on first use. */
  function textKeys(r) {
    if (r.hay !== undefined) return r;
    var p = r.program, names = [p.title].concat(p.aliases || []), url = C.href(p.url);
    r.url = url ? new URL(url, document.baseURI).href : "";
    r.names = normalise(names.join("\n"));
    r.hay = normalise(names.concat([p.summary || ""], p.tags || []).join("\n"));
    return r;
  }

  /* Make the text keys a slice at a time, between frames, so the first query finds them ready
   * without the page stalling while it loads. */
  Finder.prototype.warm = function () {
    var self = this, records = this.records, at = 0;
    if (this.warming) window.clearTimeout(this.warming);
    this.haystack = null;
    var step = function () {
      var end = Math.min(records.length, at + 250);
      for (; at < end; at++) textKeys(records[at]);
      self.warming = window.setTimeout(at < records.length ? step : join, 0);
    };
    // then all the texts in one string (SEP between records), which typedRanks searches for a
    // query's first word: an indexOf per matching record, not one per record
    var join = function () {
      var hays = new Array(records.length), starts = new Int32Array(records.length + 1), length = 0;
      for (var k = 0; k < records.length; k++) {
        hays[k] = textKeys(records[k]).hay;
        starts[k] = length;
        length += hays[k].length + 1;
      }
      starts[records.length] = length;
      self.haystack = { records: records, text: hays.join(SEP), starts: starts };
      self.warming = null;
    };
    this.warming = window.setTimeout(step, 0);
  };

  /* The records in the order of a sort (without the keyword ranking), and each one's place in
   * it; made once per sort. The results are read off this list, so a filter never sorts, and
   * a query only orders its matches by rank: the same order as sorting with the comparator
   * (Array.prototype.sort is stable, and the list keeps the records' order on ties). */
  Finder.prototype.ordered = function (sort) {
    var orders = this.orders || (this.orders = {});
    if (orders[sort]) return orders[sort];
    // the comparator on numbers and strings in arrays, not on the records' nested keys: the
    // sort of 10,000 records is ≈ 20 ms less of a phone's first results (issue 22)
    var records = this.records, n = records.length, first = firstKeys(records, sort), i;
    var titles = new Array(n), order = new Array(n);
    for (i = 0; i < n; i++) { titles[i] = records[i].program.title; order[i] = i; }
    order.sort(function (x, y) {
      return (first[x] - first[y]) || (titles[x] < titles[y] ? -1 : titles[x] > titles[y] ? 1 : 0);
    });
    var list = new Array(n), rank = new Int32Array(n), idx = new Int32Array(order);
    for (i = 0; i < n; i++) { list[i] = records[order[i]]; rank[order[i]] = i; }
    orders[sort] = { list: list, rank: rank, idx: idx };
    return orders[sort];
  };

  /* What a sort compares before the titles, as one number per record (by index): 申报状态 and
   * the date (C.compareDeadlineKeys: the dates' places in `<` order), the amount (largest
   * first), or nothing (by name). */
  function firstKeys(records, sort) {
    var n = records.length, keys = new Float64Array(n), k;
    if (sort === "title") return keys;
    if (sort === "amount") {
      for (k = 0; k < n; k++) keys[k] = -records[k].amount;
      return keys;
    }
    var places = new Map(), dates = [];
    for (k = 0; k < n; k++) {
      var date = records[k].deadline[1];
      if (!places.has(date)) { places.set(date, 0); dates.push(date); }
    }
    dates.sort(function (a, b) { return a < b ? -1 : a > b ? 1 : 0; });
    for (k = 0; k < dates.length; k++) places.set(dates[k], k);
    for (k = 0; k < n; k++) keys[k] = records[k].deadline[0] * dates.length + places.get(records[k].deadline[1]);
    return keys;
  }

  /* evaluate's columns (preparer), for the records in use. */
  Finder.prototype.columns = function () {
    return this.cols;
  };

  /* ---- state <-> URL ---- */

  Finder.prototype.readUrl = function () {
    var params = new URLSearchParams(window.location.search);
    var state = this.emptyState(), data = this.data, useful = this.useful;
    FACETS.forEach(function (f) {
      var value = params.get(f.key);
      if (value && useful[f.key] && Object.prototype.hasOwnProperty.call((data.vocabularies || {})[f.vocab] || {}, value)) state[f.key] = value;
    });
    var statuses = this.statuses;
    state.status = (params.get("status") || "").split(",").filter(function (s) { return statuses.indexOf(s) !== -1; });
    var amount = Number(params.get("amount"));
    if (this.amounts.indexOf(amount) !== -1) state.amount = amount;
    state.q = (params.get(QUERY) || "").slice(0, 200);
    var sort = params.get("sort") || "";
    if (SORTS.some(function (s) { return s[0] === sort; })) state.sort = sort;
    this.state = state;
  };

  Finder.prototype.writeUrl = function () {
    var params = new URLSearchParams(window.location.search);
    var s = this.state;
    FACETS.forEach(function (f) { set(f.key, s[f.key]); });
    set("status", s.status.join(","));
    set("amount", s.amount ? String(s.amount) : "");
    set(QUERY, s.q.trim());
    set("sort", s.sort);
    function set(key, value) { if (value) params.set(key, value); else params.delete(key); }
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(window.history.state, "", url);
    }
  };

  /* ---- filtering ---- */

  Finder.prototype.terms = function () {
    return normalise(this.state.q).split(/\s+/).filter(Boolean);
  };

  /* The keyword box asks the site search's query layer (pb-search.js, pb-query.js: synonyms,
   * question words, typos, pinyin, amounts, full text), so 软件, 博士 or 20万 find programs as
   * the search page does. Until it answers (it loads its index on the first query), the words
   * are matched as typed in the programs' names, summaries and tags. rankedRanks and typedRanks
   * give, by record index, the record's place in the answer (0 best) or -1 when it does not
   * answer; made once per query (and answer), not per record on each filter (issue 22). */

  /* The site search's answer by record index: the answer's URLs looked up, not every record's. */
  Finder.prototype.rankedRanks = function (ranked) {
    var records = this.records;
    if (ranked.ranks && ranked.records === records) return ranked.ranks;
    var byUrl = this.byUrl;
    if (!byUrl || byUrl.records !== records) {
      byUrl = this.byUrl = { records: records, at: new Map() };
      for (var k = 0; k < records.length; k++) {
        var url = textKeys(records[k]).url, same = byUrl.at.get(url);
        if (same) same.push(k); else byUrl.at.set(url, [k]);
      }
    }
    var ranks = new Int32Array(records.length).fill(-1), order = ranked.order;
    Object.keys(order).forEach(function (url) {
      var same = byUrl.at.get(url);
      for (var i = 0; same && i < same.length; i++) ranks[same[i]] = order[url];
    });
    ranked.records = records;
    ranked.ranks = ranks;
    return ranks;
  };

  /* The words as typed: 0 when the names hold every word, 1 when only the text does. A query
   * that only adds to the last one's words (typing on) looks only at the last one's matches. */
  Finder.prototype.typedRanks = function (terms) {
    var records = this.records, last = this.typed, key = terms.join(" ");
    if (last && last.records === records && last.key === key) return last.ranks;
    var narrower = last && last.records === records && last.terms.every(function (old) {
      return terms.some(function (t) { return t.indexOf(old) !== -1; });
    });
    var ranks = new Int32Array(records.length).fill(-1), matches = [], nt = terms.length;
    var test = function (k, from) {  // the words from terms[from] on, then the names
      var r = records[k];
      if (r.hay === undefined) textKeys(r);
      var hay = r.hay, names = r.names, t = from;
      while (t < nt && hay.indexOf(terms[t]) !== -1) t++;
      if (t < nt) return;
      t = 0;
      while (t < nt && names.indexOf(terms[t]) !== -1) t++;
      ranks[k] = t < nt ? 1 : 0;
      matches.push(k);
    };
    var m, hs = this.haystack;
    if (narrower) {
      for (m = 0; m < last.matches.length; m++) test(last.matches[m], 0);
    } else if (hs && hs.records === records && terms[0].indexOf(SEP) === -1) {
      var text = hs.text, starts = hs.starts, n = records.length, at = text.indexOf(terms[0]);
      while (at !== -1) {
        var lo = 0, hi = n;  // the record whose text holds `at`
        while (hi - lo > 1) { m = (lo + hi) >> 1; if (starts[m] <= at) lo = m; else hi = m; }
        test(lo, 1);
        at = text.indexOf(terms[0], starts[lo + 1]);
      }
    } else {
      for (m = 0; m < records.length; m++) test(m, 0);
    }
    this.typed = { records: records, key: key, terms: terms, ranks: ranks, matches: matches };
    return ranks;
  };

  Finder.prototype.askSearch = function (query) {
    var self = this, search = window.policybookSearch;
    if (!search || !search.rankPrograms) {
      // pb-search.js may run after this page's data came (deferred scripts): ask once it has
      if (document.readyState !== "complete" && !this.waitingForSearch) {
        this.waitingForSearch = true;
        window.addEventListener("load", function () { self.waitingForSearch = false; self.update(); }, { once: true });
      }
      return;
    }
    if (this.asking === query) return;
    this.asking = query;
    search.rankPrograms(query).then(function (answer) {
      if (self.state.q.trim() !== query) return;
      var order = {};
      answer.ranked.forEach(function (hit, i) { if (!(hit.url in order)) order[hit.url] = i; });
      self.ranked = { query: query, order: order, weak: !answer.good };
      self.root.setAttribute("data-pb-ranked", query);  // the words are now the search's answer
      self.update();
    }, function () { /* no index: the words as typed stay in charge */ });
  };

  /* One pass over the records: the matches, and for each facet value how many records the
   * other filters let through (the numbers in the option labels). A record failing one facet
   * (or the status) still counts for that facet's options; amount and text are never left out
   * of a count. Tallies are kept by code (prepare) and turned into {value: n} at the end. */
  Finder.prototype.evaluate = function () {
    var s = this.state, terms = this.terms(), found = [], coded = this.coded, nf = FACETS.length;
    var chosen = [], want = [], tallies = [], wild = new Array(nf), i, v;
    for (i = 0; i < nf; i++) {
      tallies.push(new Int32Array(coded.ids[i].length));
      wild[i] = 0;
      var value = s[FACETS[i].key];
      if (!value) continue;
      chosen.push(i);
      want.push(value in coded.codes[i] ? coded.codes[i][value] : -1);
    }
    var statusOk = s.status.length ? coded.statusIds.map(function (id) { return s.status.indexOf(id) !== -1; }) : null;
    var statusTally = new Int32Array(coded.statusIds.length);
    var query = s.q.trim();
    var typed = terms.length > 0 && !(this.ranked && this.ranked.query === query);
    if (typed) this.askSearch(query);
    var text = typed ? this.typedRanks(terms) : terms.length ? this.rankedRanks(this.ranked) : null;
    if (!typed && terms.length && this.ranked.weak) {
      // the search did not answer it well: what the words as typed match (a summary's words,
      // perhaps arrived after the answer) still shows; the empty state only when nothing does
      var asTyped = this.typedRanks(terms);
      if (asTyped.some(function (r) { return r >= 0; })) { text = asTyped; typed = true; }
    }
    // the words as typed rank 0 (names) or 1 (text only): the 1s after the 0s, each in list order
    var later = typed && s.sort !== "title" ? [] : null;
    var order = this.ordered(s.sort), records = order.list, idx = order.idx, amount = s.amount;
    var cols = this.columns(), starts = cols.start, values = cols.values, wilds = cols.wild, codesOf = cols.status;
    var amounts = cols.amount, nc = chosen.length;
    for (var n = 0; n < records.length; n++) {
      var k = idx[n];
      if (amount && amounts[k] < amount) continue;
      if (text) {  // r.named is read only by the ordering below, which only a query asks for
        var named = text[k];
        if (named < 0) continue;
        records[n].named = named;
      }
      var failed = -1, w = wilds[k], start, vals;  // failed -1: none; a facet's index, or nf for the status: only that one; -2: more
      for (var c = 0; c < nc; c++) {
        i = chosen[c];
        if (w & (1 << i)) continue;
        start = starts[i]; vals = values[i];
        var has = false;
        for (v = start[k]; v < start[k + 1]; v++) if (vals[v] === want[c]) { has = true; break; }
        if (has) continue;
        if (failed !== -1) { failed = -2; break; }
        failed = i;
      }
      if (failed === -2) continue;
      var sc = codesOf[k];
      if (statusOk && !statusOk[sc]) {
        if (failed !== -1) continue;
        failed = nf;
      }
      if (failed === -1) (later && text[k] ? later : found).push(records[n]);
      for (i = 0; i < nf; i++) {
        if (failed !== -1 && failed !== i) continue;
        if (w & (1 << i)) { wild[i]++; continue; }
        start = starts[i]; vals = values[i];
        var tally = tallies[i];
        for (v = start[k]; v < start[k + 1]; v++) tally[vals[v]]++;
      }
      if (failed === -1 || failed === nf) statusTally[sc]++;
    }
    // with a query, the best answers first (the site search's ranking, once it has answered);
    // sorting by name ignores the ranking
    if (later) {
      for (i = 0; i < later.length; i++) found.push(later[i]);
    } else if (terms.length && s.sort !== "title") {
      var rank = order.rank;
      found.sort(function (a, b) { return (a.named - b.named) || (rank[a.index] - rank[b.index]); });
    }
    var counts = { status: {} };
    for (i = 0; i < nf; i++) {
      var out = counts[FACETS[i].key] = {};
      for (v = 0; v < tallies[i].length; v++) if (tallies[i][v]) out[coded.ids[i][v]] = tallies[i][v];
      if (wild[i]) out["*"] = wild[i];
    }
    for (v = 0; v < statusTally.length; v++) if (statusTally[v]) counts.status[coded.statusIds[v]] = statusTally[v];
    return { found: found, counts: counts };
  };

  Finder.prototype.active = function () {
    var s = this.state;
    return Boolean(s.q.trim() || s.status.length || s.amount || FACETS.some(function (f) { return s[f.key]; }));
  };

  /* How many filters besides the text query are set. */
  Finder.prototype.chosen = function () {
    var s = this.state;
    return FACETS.filter(function (f) { return s[f.key]; }).length + (s.status.length ? 1 : 0) + (s.amount ? 1 : 0);
  };

  /* ---- building the controls ---- */

  Finder.prototype.field = function (id, text, control) {
    return el("div", { className: "pb-finder-field" }, el("label", { htmlFor: id, text: text }), control);
  };

  Finder.prototype.build = function () {
    var self = this, data = this.data;
    var form = el("form", { className: "pb-finder-form", attrs: { role: "search", "aria-label": "筛选事项" } });
    form.addEventListener("submit", function (event) { event.preventDefault(); self.update(); });

    this.query = el("input", { type: "search", id: "pb-finder-q", name: QUERY, autocomplete: "off",
      className: "pb-finder-input", placeholder: "如：专利、高企、科小、贷款贴息", maxLength: 200,
      attrs: { enterkeyhint: "search" } });
    var onQuery = function (event) {
      if (event.isComposing) return;  // wait for the IME to finish a Chinese word
      self.state.q = self.query.value;
      self.shown = PAGE;
      self.update();
    };
    this.query.addEventListener("input", onQuery);
    this.query.addEventListener("compositionend", onQuery);
    form.appendChild(el("div", { className: "pb-finder-query" },
      this.field("pb-finder-q", "关键词", this.query)));

    var facets = el("div", { className: "pb-finder-facets" });
    this.selects = {};
    FACETS.forEach(function (f) {
      var select = el("select", { id: "pb-finder-" + f.key, name: f.key, className: "pb-finder-select" });
      select.appendChild(el("option", { value: "", text: "全部" }));
      C.vocabIds(data, f.vocab, self.vocabOrder).forEach(function (id) {
        if (id === f.wildcard) return;
        var option = el("option", { value: id, text: C.label(data, f.vocab, id) });
        option.setAttribute("data-label", C.label(data, f.vocab, id));
        select.appendChild(option);
      });
      select.addEventListener("change", function () { self.state[f.key] = select.value; self.shown = PAGE; self.update(); });
      self.selects[f.key] = select;
      var field = self.field(select.id, f.label, select);
      field.hidden = !self.useful[f.key];
      facets.appendChild(field);
    });

    this.amountSelect = el("select", { id: "pb-finder-amount", name: "amount", className: "pb-finder-select" },
      el("option", { value: "", text: "不限" }));
    this.amounts.forEach(function (yuan) {
      self.amountSelect.appendChild(el("option", { value: String(yuan), text: formatAmount(yuan) }));
    });
    this.amountSelect.addEventListener("change", function () {
      self.state.amount = Number(self.amountSelect.value) || 0; self.shown = PAGE; self.update();
    });
    facets.appendChild(this.field("pb-finder-amount", "最高资助金额", this.amountSelect));
    // On a phone the facets fold away under one summary, so results show without scrolling.
    this.filters = el("details", { className: "pb-finder-filters" });
    this.filtersSummary = el("summary", { className: "pb-finder-filters-summary" });
    this.filters.appendChild(this.filtersSummary);
    this.filters.appendChild(facets);
    form.appendChild(this.filters);

    var checks = el("div", { className: "pb-finder-checks" });
    this.statusBoxes = {};
    this.statuses.forEach(function (status) {
      var box = el("input", { type: "checkbox", name: "status", value: status, id: "pb-finder-status-" + status });
      box.addEventListener("change", function () {
        self.state.status = self.statuses.filter(function (s) { return self.statusBoxes[s].box.checked; });
        self.shown = PAGE;
        self.update();
      });
      var text = el("span", { text: C.label(data, "status", status) });
      self.statusBoxes[status] = { box: box, text: text };
      checks.appendChild(el("label", { className: "pb-finder-check", htmlFor: box.id }, box, text));
    });
    this.filters.appendChild(el("fieldset", { className: "pb-finder-status" },
      el("legend", { text: "申报状态" }), checks));

    this.sortSelect = el("select", { id: "pb-finder-sort", name: "sort", className: "pb-finder-select" });
    SORTS.forEach(function (s) { self.sortSelect.appendChild(el("option", { value: s[0], text: s[1] })); });
    this.sortSelect.addEventListener("change", function () { self.state.sort = self.sortSelect.value; self.update(); });
    this.clear = el("button", { type: "button", className: "pb-finder-button pb-finder-clear", text: "清除筛选" });
    this.clear.addEventListener("click", function () { self.reset(); });
    this.filters.appendChild(el("div", { className: "pb-finder-actions" },
      this.field("pb-finder-sort", "排序", this.sortSelect), this.clear));

    this.count = el("p", { id: "pb-finder-count", className: "pb-finder-count", attrs: { role: "status", "aria-live": "polite" } });
    var asof = el("p", { className: "pb-finder-asof",
      text: "申报状态按今天（" + C.dateZh(this.today) + "）计算，" + C.CLOSING_SOON_DAYS + "天内截止的标为红色。" });
    this.list = el("ul", { className: "pb-program-list pb-finder-results", attrs: { "aria-labelledby": "pb-finder-results-title" } });
    this.empty = el("div", { className: "pb-finder-empty", hidden: true },
      el("p", { className: "pb-empty", text: "没有符合条件的事项。可以减少筛选条件，或换一个关键词。" }));
    var clearToo = el("button", { type: "button", className: "pb-finder-button", text: "清除筛选" });
    clearToo.addEventListener("click", function () { self.reset(); });
    this.empty.appendChild(clearToo);
    this.more = el("button", { type: "button", className: "pb-finder-button pb-finder-more", hidden: true });
    this.more.addEventListener("click", function () { self.showMore(); });

    var results = el("section", { className: "pb-finder-results-section", attrs: { "aria-labelledby": "pb-finder-results-title" } },
      el("h2", { id: "pb-finder-results-title", className: "pb-finder-title", text: "查找结果" }),
      this.count, asof, this.list, this.empty, this.more);
    return el("div", { className: "pb-finder-app" }, form, results);
  };

  /* ---- rendering ---- */

  Finder.prototype.sync = function () {
    var s = this.state, self = this;
    if (this.query.value !== s.q) this.query.value = s.q;
    FACETS.forEach(function (f) { self.selects[f.key].value = s[f.key]; });
    this.amountSelect.value = s.amount ? String(s.amount) : "";
    this.sortSelect.value = s.sort;
    this.statuses.forEach(function (status) { self.statusBoxes[status].box.checked = s.status.indexOf(status) !== -1; });
  };

  Finder.prototype.renderCounts = function (counts) {
    var self = this, data = this.data;
    FACETS.forEach(function (f) {
      var c = counts[f.key], wild = c["*"] || 0;
      Array.prototype.forEach.call(self.selects[f.key].options, function (option) {
        if (!option.value) return;
        setText(option, option.getAttribute("data-label") + "（" + ((c[option.value] || 0) + wild) + "）");
      });
    });
    this.statuses.forEach(function (status) {
      setText(self.statusBoxes[status].text, C.label(data, "status", status) + "（" + (counts.status[status] || 0) + "）");
    });
  };

  /* Re-setting unchanged text still costs a layout of the control. */
  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  /* A result card; built once per program and reused, since nothing on it depends on the filters. */
  Finder.prototype.item = function (record) {
    if (record.node) return record.node;
    var p = record.program;
    var li = el("li", { className: "pb-item pb-item-" + record.status });
    li.setAttribute("data-program", p.id);
    C.programHead(this.data, p, this.today).forEach(function (node) { li.appendChild(node); });
    record.node = li;
    return li;
  };

  /* The cards from `from` to the end of the page shown (from 0: the list anew, its first FIRST
   * cards now and the others once this frame is painted). The root carries data-pb-pending
   * until every card of the page is in the list. */
  Finder.prototype.renderList = function (from) {
    var end = Math.min(this.found.length, this.shown);
    var now = from === 0 ? Math.min(end, FIRST) : end;
    var fragment = document.createDocumentFragment();
    for (var i = from; i < now; i++) fragment.appendChild(this.item(this.found[i]));
    if (from === 0) this.list.replaceChildren(fragment); else this.list.appendChild(fragment);
    this.rendered = now;
    if (now < end) {
      this.root.setAttribute("data-pb-pending", "cards");
      if (!this.restPending) {
        var self = this;
        this.restPending = true;
        afterPaint(function () { self.restPending = false; self.renderRest(); });
      }
    } else {
      this.root.removeAttribute("data-pb-pending");
    }
    var rest = this.total() - end;
    this.more.hidden = rest <= 0;
    this.more.textContent = "显示更多（还有" + rest + "项）";
  };

  /* The cards of the page shown that renderList left for after the paint. */
  Finder.prototype.renderRest = function () {
    var end = Math.min(this.found.length, this.shown);
    if (this.rendered < end) {
      var fragment = document.createDocumentFragment();
      for (var i = this.rendered; i < end; i++) fragment.appendChild(this.item(this.found[i]));
      this.list.appendChild(fragment);
      this.rendered = end;
    }
    this.root.removeAttribute("data-pb-pending");
  };

  Finder.prototype.update = function () {
    if (this.preview && this.mounted) {  // the reader's input waits for the full index (upgrade)
      this.wanted = true;
      this.root.setAttribute("aria-busy", "true");
      return;
    }
    var evaluated = this.preview ? this.previewResults() : this.evaluate();
    this.found = evaluated.found;
    var n = this.total();
    this.count.textContent = this.active() ? "找到" + n + "项符合条件的事项" : "共" + n + "项事项";
    this.empty.hidden = n !== 0;
    this.list.hidden = n === 0;
    this.renderList(0);
    this.renderCounts(evaluated.counts);
    this.clear.disabled = !this.active();
    var chosen = this.chosen();
    setText(this.filtersSummary, chosen ? "筛选条件（已选" + chosen + "项）" : "筛选条件");
    this.scheduleUrl();
    this.root.dispatchEvent(new CustomEvent("pb-finder-update", { detail: this }));
  };

  /* history.replaceState is slow (~10 ms in Chromium); write the URL after the results are
   * painted, once per frame however fast the reader types. Leaving the page writes it at once. */
  Finder.prototype.scheduleUrl = function () {
    var self = this;
    if (this.urlPending) return;
    this.urlPending = true;
    var write = function () {
      if (!self.urlPending) return;
      self.urlPending = false;
      self.writeUrl();
    };
    this.flushUrl = write;
    afterPaint(write);
  };

  Finder.prototype.showMore = function () {
    if (this.preview) {  // the next page comes with the full index
      this.shown += PAGE;
      this.update();
      return;
    }
    this.renderRest();
    var from = this.shown;
    this.shown += PAGE;
    this.renderList(from);
    var first = this.list.children[from];
    var link = first && first.querySelector("a");
    if (link) link.focus();  // keyboard readers continue where the new items start
  };

  Finder.prototype.reset = function () {
    this.state = this.emptyState();
    this.shown = PAGE;
    this.sync();
    this.update();
    this.query.focus();
  };

  Finder.prototype.mount = function () {
    this.readUrl();
    this.root.appendChild(this.build());
    this.sync();
    this.update();
    var wide = !window.matchMedia || window.matchMedia("(min-width: 576.02px)").matches;
    this.filters.open = wide;
    var fallback = this.root.querySelector(".pb-finder-fallback");
    if (fallback) fallback.hidden = true;
    var self = this;
    window.addEventListener("pagehide", function () { if (self.flushUrl) self.flushUrl(); });
    this.mounted = true;
    // the precomputed first page is shown: ready once the full index is (upgrade)
    this.root.setAttribute(this.preview ? "data-pb-first" : "data-pb-ready", "true");
  };

  /* How many programs the results hold (the precomputed total until the full index is read). */
  Finder.prototype.total = function () {
    return this.preview ? this.preview.total : this.found.length;
  };

  /* evaluate's answer for the page without filters, as the build computed it (finder/first.py). */
  Finder.prototype.previewResults = function () {
    var counts = { status: this.preview.status };
    FACETS.forEach(function (f) { counts[f.key] = this.preview.counts[f.key] || {}; }, this);
    return { found: this.records, counts: counts };
  };

  /* The full index is here: prepare it in slices (input is answered in between), then take over
   * from the precomputed page. The cards on screen are kept (same program, same date: the same
   * card), so a reader who did nothing sees nothing change; one who chose a filter meanwhile gets
   * its results now. */
  Finder.prototype.upgrade = function (data) {
    var self = this;
    return this.prepareInSlices(data.programs, 500).then(function (prepared) {
      var nodes = Object.create(null);
      self.records.forEach(function (r) { if (r.node) nodes[r.program.id] = r; });
      prepared.records.forEach(function (r) {
        var shown = nodes[r.program.id];
        if (shown && JSON.stringify(shown.program) === JSON.stringify(r.program)) r.node = shown.node;
      });
      self.data = data;
      self.records = prepared.records;
      self.coded = prepared.coded;
      self.cols = prepared.columns();
      self.orders = null;
      self.useful = usefulFacets(self.records);
      FACETS.forEach(function (f) { self.selects[f.key].parentNode.hidden = !self.useful[f.key]; });
      return new Promise(function (resolve) {
        window.setTimeout(function () { self.ordered(self.state.sort); resolve(); }, 0);  // the sort: a task of its own
      });
    }).then(function () {
      var wanted = self.wanted;
      self.preview = null;
      self.wanted = false;
      self.root.removeAttribute("aria-busy");
      if (wanted || !self.keepCards()) self.update();
      self.root.setAttribute("data-pb-ready", "true");
    });
  };

  /* update() for a page whose cards already stand for its results (the precomputed page):
   * counts and the rest of the page only, so the cards on screen stay as they are. False (and
   * nothing done) when they do not stand for them. */
  Finder.prototype.keepCards = function () {
    var evaluated = this.evaluate(), found = evaluated.found, kids = this.list.children;
    var end = Math.min(found.length, this.shown), same = kids.length <= end &&
      this.count.textContent === (this.active() ? "找到" + found.length + "项符合条件的事项" : "共" + found.length + "项事项");
    for (var i = 0; same && i < kids.length; i++) same = kids[i] === this.item(found[i]);
    if (!same) return false;
    this.found = found;
    this.rendered = kids.length;
    this.renderCounts(evaluated.counts);
    if (this.rendered < end) this.renderRest();
    var rest = found.length - end;
    this.more.hidden = rest <= 0;
    setText(this.more, "显示更多（还有" + rest + "项）");
    this.root.dispatchEvent(new CustomEvent("pb-finder-update", { detail: this }));
    return true;
  };

  function showError(root) {
    var fallback = root.querySelector(".pb-finder-fallback");
    var message = el("p", { className: "pb-finder-error", attrs: { role: "alert" },
      text: "事项数据加载失败，暂时无法筛选。请刷新页面重试，或按类别浏览：" });
    root.insertBefore(message, fallback || null);
    if (fallback) fallback.hidden = false;  // the precomputed first page hid it (mount)
    root.setAttribute("data-pb-ready", "error");
  }

  /* The summaries arrived (data/finder-text.json): the text query reads them from now on, and a
   * query typed before is matched again. */
  Finder.prototype.addText = function (summaries) {
    this.records.forEach(function (r) {
      var p = r.program;
      if (!Object.prototype.hasOwnProperty.call(summaries, p.id)) return;
      if (p.summary == null) p.summary = summaries[p.id];
      r.hay = undefined;  // textKeys makes it again, with the summary
    });
    this.typed = null;  // the words' matches and the joined texts, made again with the summaries
    this.haystack = null;
    this.root.setAttribute("data-pb-text", "true");
    if (this.state.q.trim()) this.update();
    this.warm();
  };

  /* Run `work` once the frame now being prepared is painted: a message posted from the next
   * animation frame arrives after that frame, and the timeout queues `work` behind whatever
   * else waited for the paint (the reader's next input). */
  function afterPaint(work) {
    var later = function () { window.setTimeout(work, 0); };
    if (window.requestAnimationFrame && window.MessageChannel && document.visibilityState !== "hidden") {
      window.requestAnimationFrame(function () {
        var channel = new MessageChannel();
        channel.port1.onmessage = later;
        channel.port2.postMessage(0);
      });
    } else {
      later();
    }
  }

  /* The URL parameters that set a filter (readUrl): a page opened with any of them is not the
   * page the build precomputed. */
  var FILTER_KEYS = FACETS.map(function (f) { return f.key; }).concat(["status", "amount", QUERY, "sort"]);
  var FIRST_PATH = "data/finder-first.json";  // finder/first.py

  /* A page opened without filters on a date data/finder-first.json covers shows that first page at
   * once and reads the full index after it is painted; any other page reads the index first. */
  function start() {
    var roots = document.querySelectorAll('[data-pb-finder="finder"]');
    if (!roots.length) return;
    var params = new URLSearchParams(window.location.search);
    var plain = !FILTER_KEYS.some(function (key) { return params.get(key); });
    var given = window.PolicybookFinderFirst;  // data/finder-first.js, a deferred script before this one
    if (plain && given) {
      // built now, as this script runs: before the theme's deferred scripts and the load event
      var view = null;
      try { view = C.decodeFirst(given, C.todayIso()); } catch (e) { view = null; }
      if (view) showFirst(roots, view); else startFull(roots, params.get(QUERY));
      return;
    }
    var first = plain ? C.loadData(FIRST_PATH).then(function (doc) { return C.decodeFirst(doc, C.todayIso()); })
      .then(null, function () { return null; }) : Promise.resolve(null);
    first.then(function (view) {
      if (!view) { startFull(roots, params.get(QUERY)); return; }
      showFirst(roots, view);
    });
  }

  /* The precomputed first page on every mount point; the full index is read after it is painted. */
  function showFirst(roots, view) {
    var finders = Array.prototype.map.call(roots, function (root) {
      var finder = new Finder(root, view.data, view);
      finder.mount();
      window.PolicybookFinder = finder;
      return finder;
    });
    afterPaint(function () { readFull(finders); });
  }

  /* The full index for pages showing the precomputed first page: read in slices after it. */
  function readFull(finders) {
    C.loadData("data/finder-core.json").then(function (raw) {
      return C.decodeIndexInSlices(raw, 500).then(function (data) { data.text = raw.text || null; return data; });
    }, function () {
      return C.loadData("data/finder.json").then(function (raw) { return C.decodeIndexInSlices(raw, 500); });
    }).then(function (data) {
      return Promise.all(finders.map(function (finder) { return finder.upgrade(data); })).then(function () {
        if (data.text) {
          afterPaint(function () { readText(data.text, finders); });
        } else {
          finders.forEach(function (finder) { finder.root.setAttribute("data-pb-text", "true"); finder.warm(); });
        }
      });
    }).then(null, function () {
      finders.forEach(function (finder) { showError(finder.root); });
    });
  }

  /* The first results come from data/finder-core.json; the summaries follow, asked for once the
   * first results are painted (reading them takes the main thread). A page opened with a text
   * query (?kw=) waits for them, so its first results are already the right ones. */
  function startFull(roots, query) {
    C.loadCore().then(function (data) {
      if (!data.text || !query) return data;
      return C.loadText(data.text).then(function (summaries) {
        data.programs.forEach(function (p) {
          if (p.summary == null && Object.prototype.hasOwnProperty.call(summaries, p.id)) p.summary = summaries[p.id];
        });
        data.text = null;
        return data;
      }, function () { return C.loadPrograms(); });
    }).then(function (data) {
      var waiting = [];
      Array.prototype.forEach.call(roots, function (root) {
        var finder = new Finder(root, data);
        finder.mount();
        window.PolicybookFinder = finder;
        if (data.text) {
          waiting.push(finder);
        } else {
          root.setAttribute("data-pb-text", "true");
          finder.warm();
        }
      });
      if (waiting.length) afterPaint(function () { readText(data.text, waiting); });
    }, function () {
      Array.prototype.forEach.call(roots, showError);
    });
  }

  function readText(path, finders) {
    C.loadText(path).then(function (summaries) {
      finders.forEach(function (finder) { finder.addText(summaries); });
    }, function () {
      // no summaries file: the whole index instead (the text query needs them)
      C.loadPrograms().then(function (full) {
        var summaries = {};
        full.programs.forEach(function (p) { if (p.summary) summaries[p.id] = p.summary; });
        finders.forEach(function (finder) { finder.addText(summaries); });
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
