/* Policybook finder and self-check: shared helpers (loading the index, status, DOM).
 *
 * Reads data/finder.json (finderindex.py): the fields of data/programs.json these pages use,
 * for current programs only, in compact rows. decodeIndex turns the rows back into records
 * shaped like the export's, so the pages read program.title, program.window.close … as before.
 * Builds DOM with createElement/textContent only: program content is data and may contain
 * hostile text. Status is recomputed for *today* by pb-window.js (the rule, the bureau's
 * "today" and the badge text, shared with pb-status.js); it is on every page and loads first.
 */
(function () {
  "use strict";

  var W = window.policybookWindow;
  var STATUS_RANK = { open: 0, rolling: 1, upcoming: 2, closed: 3 };

  function contentRoot() {
    var root = document.documentElement.dataset.content_root;
    return typeof root === "string" ? root : "";
  }

  var INDEX_FORMAT = "policybook-finder", INDEX_VERSION = 1;
  var TABLES = {  // the columns each table must have (finderindex.COLUMNS)
    programs: ["id", "url", "title", "aliases", "level", "category", "support_type", "applicants", "industries",
      "tags", "summary", "funding_summary", "max_amount_yuan", "window_mode", "window_open", "window_close", "rules",
      "window_forecast", "window_expected", "no_application"],
    rules: ["condition", "clause"],
    conditions: ["text", "fact", "op", "value"],
    clauses: ["policy", "label", "anchor"],
    policies: ["label", "url"]
  };

  /* Rows of `table` → objects keyed by column name (the file lists its columns). */
  function rowReader(data, table) {
    var columns = (data.columns || {})[table];
    if (!Array.isArray(columns) || !Array.isArray(data[table] || [])) throw new Error("no table " + table);
    var at = {};
    columns.forEach(function (name, i) { at[name] = i; });
    TABLES[table].forEach(function (name) {
      if (!Object.prototype.hasOwnProperty.call(at, name)) throw new Error("no column " + table + "." + name);
    });
    var names = TABLES[table], index = names.map(function (name) { return at[name]; });
    return function (row) {  // a plain loop: this runs for every cell of 10,000 rows (issue 22)
      var record = {};
      for (var i = 0; i < names.length; i++) record[names[i]] = row[index[i]];
      return record;
    };
  }

  /* data/finder.json → {vocabularies, vocabulary_order, facts, fact_order, programs: [record]}. */
  function decodeIndex(data) {
    var d = decoder(data);
    d.doc.programs = data.programs.map(d.program);
    return d.doc;
  }

  /* decodeIndex a slice of rows at a time, yielding to the browser between slices (a reader's
   * input is handled in between): 政策查找 reads its full index after its first page is painted. */
  function decodeIndexInSlices(data, size) {
    return new Promise(function (resolve, reject) {
      var d, at = 0, out = [];
      try { d = decoder(data); } catch (e) { reject(e); return; }
      var step = function () {
        try {
          var end = Math.min(data.programs.length, at + size);
          for (; at < end; at++) out.push(d.program(data.programs[at]));
        } catch (e) { reject(e); return; }
        if (at < data.programs.length) { window.setTimeout(step, 0); return; }
        d.doc.programs = out;
        resolve(d.doc);
      };
      step();
    });
  }

  /* The document without its programs, and the function that turns a program row into a record. */
  function decoder(data) {
    if (!data || data.format !== INDEX_FORMAT || data.version !== INDEX_VERSION || !Array.isArray(data.programs)) {
      throw new Error("unsupported data format");
    }
    var read = {};
    Object.keys(TABLES).forEach(function (table) { read[table] = rowReader(data, table); });
    var policies = (data.policies || []).map(read.policies);
    var clauses = (data.clauses || []).map(function (row) {
      var c = read.clauses(row), policy = policies[c.policy] || { label: "", url: null };
      var url = policy.url ? policy.url + (c.anchor ? "#" + c.anchor : "") : null;
      return { label: policy.label + c.label, url: url };
    });
    var conditions = (data.conditions || []).map(read.conditions);
    // a program row read by column position, without an object per row in between (issue 22)
    var at = {};
    data.columns.programs.forEach(function (name, i) { at[name] = i; });
    var program = function (row) {
      var rules = (row[at.rules] || []).map(function (pair) {
        var r = read.rules(pair), c = conditions[r.condition];
        return { text: c.text, fact: c.fact, op: c.op, value: c.value, clause: clauses[r.clause] || {} };
      });
      var id = row[at.id], url = row[at.url];
      return {
        id: id,
        url: url || (data.program_url ? data.program_url.split("{id}").join(id) : null),
        title: row[at.title], aliases: row[at.aliases] || [], level: row[at.level], category: row[at.category],
        support_type: row[at.support_type], no_application: Boolean(row[at.no_application]),
        applicants: row[at.applicants] || [], industries: row[at.industries] || [],
        tags: row[at.tags] || [], summary: row[at.summary],
        funding: { summary: row[at.funding_summary], max_amount_yuan: row[at.max_amount_yuan] },
        window: { mode: row[at.window_mode], open: row[at.window_open], close: row[at.window_close],
                  forecast: Boolean(row[at.window_forecast]), expected: row[at.window_expected] || null },
        eligibility: { rules: rules }
      };
    };
    return {
      program: program,
      doc: {
        reference_date: data.reference_date, vocabularies: data.vocabularies || {},
        vocabulary_order: data.vocabulary_order, facts: data.facts || {}, fact_order: data.fact_order,
        programs: null
      }
    };
  }

  /* data/finder-first.json (finder/first.py): 政策查找's first page for the dates from the build
   * date on. → {data (decoded like the index, its programs those shown first on some day), total,
   * counts, useful, order (positions in data.programs), status (counts)} for `today`, or null
   * when the file does not cover that date. */
  function decodeFirst(doc, today) {
    if (!doc || doc.format !== "policybook-finder-first" || doc.version !== 1 || !Array.isArray(doc.days)) {
      throw new Error("unsupported data format");
    }
    var day = null;
    doc.days.forEach(function (d) { if (d.from <= today && today <= d.until) day = d; });
    if (!day) return null;
    var rows = { format: INDEX_FORMAT, version: INDEX_VERSION, columns: doc.columns, program_url: doc.program_url,
                 reference_date: doc.reference_date, vocabularies: doc.vocabularies,
                 vocabulary_order: doc.vocabulary_order,
                 programs: day.order.map(function (n) { return doc.programs[n]; }) };  // that day's only
    var data = decodeIndex(rows);
    return { data: data, total: doc.total, counts: doc.counts, useful: doc.useful, status: day.status,
             programs: data.programs };
  }

  /* Fetch the index once. Resolves to the decoded document; rejects on any failure. */
  function loadPrograms() {
    return loadData("data/finder.json").then(decodeIndex);
  }

  /* 政策查找's first results need no summaries and no rules: data/finder-core.json (finder/split.py),
   * the same format with those left out; data/finder.json when a site has no core file. */
  function loadCore() {
    return loadData("data/finder-core.json").then(function (data) {
      var decoded = decodeIndex(data);
      decoded.text = data.text || null;
      return decoded;
    }, loadPrograms);
  }

  /* The summaries (program id → text) the core file leaves out. */
  function loadText(path) {
    return loadData(path).then(function (doc) {
      if (!doc || doc.format !== "policybook-finder-text" || typeof doc.summaries !== "object") {
        throw new Error("unsupported data format");
      }
      return doc.summaries;
    });
  }

  /* A site data file (data/…) as JSON: the only request these scripts make. */
  function loadData(path) {
    return fetch(contentRoot() + path, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      });
  }

  /* Site-relative URL from the export → href for this page; an http(s) URL as it is (a province
   * finder links to the county sites, policybook/province); anything else is refused. */
  function href(url) {
    if (typeof url !== "string" || url === "") return null;
    if (/^https?:\/\/[^\s\\]+$/i.test(url)) return url;
    if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(url) || /^[\/\\]/.test(url) || url.indexOf("\\") !== -1) return null;
    return contentRoot() + url;
  }

  /* Ids of a vocabulary in declared order; labels always from the export. */
  function vocabIds(data, name, orderHint) {
    var labels = (data.vocabularies || {})[name] || {};
    var order = (data.vocabulary_order && data.vocabulary_order[name]) || (orderHint && orderHint[name]) || [];
    var ids = order.filter(function (id) { return Object.prototype.hasOwnProperty.call(labels, id); });
    Object.keys(labels).sort().forEach(function (id) { if (ids.indexOf(id) === -1) ids.push(id); });
    return ids;
  }

  function label(data, name, id) {
    var labels = (data.vocabularies || {})[name] || {};
    return Object.prototype.hasOwnProperty.call(labels, id) ? labels[id] : String(id);
  }

  function readJsonAttr(element, name) {
    try { return JSON.parse(element.getAttribute(name) || "null"); } catch (e) { return null; }
  }

  /* el("p", {className: "x", text: "…"}, child, …) */
  function el(tag, props) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        var value = props[key];
        if (value === undefined || value === null || value === false) return;
        if (key === "text") node.textContent = value;
        else if (key === "className") node.className = value;
        else if (key === "attrs") Object.keys(value).forEach(function (a) { node.setAttribute(a, value[a]); });
        else node[key] = value;
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  /* components.badge */
  function badge(text, color, outline, extra) {
    var classes = ["sd-badge"];
    classes = classes.concat(outline ? ["sd-outline-" + color, "sd-text-" + color] : ["sd-bg-" + color, "sd-bg-text-" + color]);
    return el("span", { className: classes.concat(extra || []).join(" "), text: text });
  }

  /* components.status_badge with detail, as on program pages and in the calendar: 申报中 · 剩N天,
   * 已截止 · 2026年4月30日 … (colours from the pb-status-* classes, like every status badge). */
  function statusBadge(data, program, today) {
    var w = program.window;
    return el("span", { className: ["sd-badge", "pb-status"].concat(W.classes(w, today)).join(" "),
                        text: W.label(w, today, true) });
  }

  /* The close date of an open window; the badge already gives the other dates. */
  function deadlineText(program, today) {
    var w = program.window, status = W.status(w, today);
    if (program.no_application) return "无需申报，符合条件直接兑现";
    if (status === "open" && W.dateZh(w.close)) return W.dateZh(w.close) + "截止";
    // a closed window: when the next one is expected (预计 2027年2月开始)
    return status === "closed" && w.expected ? "下次申报：" + w.expected : "";
  }

  /* selection._deadline_key: open by close date, rolling, upcoming by open date, closed. */
  function deadlineKey(program, today, known) {  // known: the status, when the caller has it
    var status = known || W.status(program.window, today);
    var date = (status === "open" ? program.window.close : program.window.open) || "9999-12-31";
    return [STATUS_RANK[status], date];
  }

  /* Orders by keys from deadlineKey; a list sorted often keeps the keys (see pb-finder.js). */
  function compareDeadlineKeys(ka, kb, a, b) {
    if (ka[0] !== kb[0]) return ka[0] - kb[0];
    if (ka[1] !== kb[1]) return ka[1] < kb[1] ? -1 : 1;
    return compareTitle(a, b);
  }

  function compareDeadline(a, b, today) {
    return compareDeadlineKeys(deadlineKey(a, today), deadlineKey(b, today), a, b);
  }

  function compareTitle(a, b) {
    return a.title < b.title ? -1 : a.title > b.title ? 1 : 0;
  }

  /* The title link and meta line every list shows (same classes as the {program-list}). */
  /* 免申即享, labelled by the export's application vocabulary */
  function noApplicationBadge(data) {
    return badge(label(data, "application", "no"), "success", false, ["pb-no-application"]);
  }

  function programHead(data, program, today, headingTag) {
    var url = href(program.url);
    var link = url ? el("a", { href: url, className: "pb-program-link", text: program.title })
                   : el("span", { text: program.title });
    var head = el(headingTag || "p", { className: "pb-item-title" }, link);
    // 免申即享: nobody applies, so the flag stands where 申报中 / 已截止 would mislead
    var meta = el("p", { className: "pb-item-meta" },
      program.no_application ? noApplicationBadge(data) : statusBadge(data, program, today), " ",
      badge(label(data, "level", program.level), "primary", true), " ",
      badge(label(data, "category", program.category), "secondary", true, ["pb-badge-category"]));
    if (!program.no_application && program.window.forecast && W.status(program.window, today) !== "closed") {  // dates not yet announced
      meta.insertBefore(badge("预计", "warning", true, ["pb-forecast"]), meta.childNodes[1]);
      meta.insertBefore(document.createTextNode(" "), meta.childNodes[1]);
    }
    var facts = [];
    if (program.funding && program.funding.summary) facts.push(program.funding.summary);
    var deadline = deadlineText(program, today);
    if (deadline) facts.push(deadline);
    var detail = el("p", { className: "pb-item-detail" }, facts.join(" · "));
    return [head, meta, detail];
  }

  window.PolicybookFinderCore = {
    CLOSING_SOON_DAYS: W.CLOSING_SOON_DAYS,
    contentRoot: contentRoot,
    loadPrograms: loadPrograms, loadCore: loadCore, loadText: loadText,
    loadData: loadData,
    decodeIndex: decodeIndex,
    decodeIndexInSlices: decodeIndexInSlices,
    decodeFirst: decodeFirst,
    href: href,
    // the status rule, for pb-finder.js and pb-selfcheck.js: pb-window.js's, not a copy
    todayIso: W.today,
    dateZh: W.dateZh,
    windowStatus: W.status,
    daysLeft: W.daysLeft,
    vocabIds: vocabIds,
    label: label,
    readJsonAttr: readJsonAttr,
    el: el,
    badge: badge,
    statusBadge: statusBadge,
    deadlineText: deadlineText,
    deadlineKey: deadlineKey,
    compareDeadlineKeys: compareDeadlineKeys,
    compareDeadline: compareDeadline,
    compareTitle: compareTitle,
    programHead: programHead,
    noApplicationBadge: noApplicationBadge
  };
})();
