/* Policybook 政策匹配: a questionnaire from the index's facts, matched by pb-match.js.
 *
 * Asks only the facts that some current program's rules or funding formulas use, in vocab.FACTS
 * order; an unanswered question is "unknown". Each program is grouped exactly as matching.py does
 * (its rules preceded by its 申报对象 when no rule asks who applies). What can be applied for now
 * or soon comes first (符合, 需补充信息); programs whose window has closed sit in a collapsed group
 * with their next expected window; 不符合 last, near misses (one failing condition) first. Each
 * program lists every rule with its verdict and clause, 预计可享 where its funding is a formula of
 * the reader's numbers, and what is missing. A group shows its first PAGE programs and the rest
 * behind 显示更多 (the counts always cover all).
 *
 * The first results need only data/finder-core.json (the cards, shared with 政策查找) and
 * data/selfcheck-core.json (rules, funding formulas, next windows: finder/selfcheck_split.py);
 * data/selfcheck-more.json (materials, contacts, 办理时限) is read once they are shown, and the
 * 申报准备清单 fills in when it arrives; data/selfcheck-ics.json (the calendar events) only when the
 * reader asks for 下载申报日历 (issue 22: 10,000 programs).
 * Before those, with nothing answered (no answers in the URL or this tab's storage), the page
 * paints the first view the build precomputed for the reader's date (data/selfcheck-first.json,
 * finder/selfcheck_first.py: the questions, each section's count and first items) and reads the
 * core files after the paint; upgrade() then matches every program and keeps the items shown.
 * That view comes as data/selfcheck-first.js, a deferred script run just before this one
 * (window.PolicybookSelfCheckFirst), so it is built as this script runs, before the theme's
 * deferred scripts and the load event; without it the JSON file is fetched.
 * A site without the split files is read from data/finder.json and data/selfcheck.json as before.
 * An answer re-evaluates only the programs whose rules or formulas use a changed fact, each
 * distinct rule once (10,000 programs share a few dozen conditions and 申报对象 lists), and an
 * item already on the page is brought up to date in place rather than built again. Its task does
 * only what the next frame shows; sections off screen, the rest of each section's items, the
 * checklist and the link wait for idle time after that frame (idle, afterFrame: issue 22).
 *
 * Nothing entered leaves the browser: after those data files no request is made. Answers are
 * kept in the URL fragment (#a:…, never sent to a server; 复制链接 copies it, and opening it
 * restores the same result) and in this tab's sessionStorage; 重新填写 clears both.
 * The 申报准备清单 below the results is what the page prints (pb-finder.css, @media print);
 * 下载申报日历 joins the matched programs' events (the calendar writer's, in selfcheck.json) into
 * one .ics in the browser.
 */
(function () {
  "use strict";

  var C = window.PolicybookFinderCore;
  var M = window.PolicybookMatch;
  var el = C.el;
  var STORE = "policybook:self-check";
  var NONE = "__none__";
  var HASH = "#a:";  // the answers in the fragment: #a:fact=value&fact=value
  var PAGE = 50;  // items rendered per group until the reader asks for more (2,000 programs: all would take ~1 s)
  var FIRST = 10;  // of those, in the first results and after an answer (a screenful; the rest follow, FIRST a task)
  var BUDGET = 12;  // ms of work a task, then the browser may paint and take input (renderRest)
  var SOON = { open: true, upcoming: true, rolling: true };  // can be applied for now or soon

  var VERDICTS = {
    met: { text: "满足", color: "success" },
    unmet: { text: "不满足", color: "danger" },
    unknown: { text: "未填写", color: "secondary", outline: true },
    manual: { text: "需人工审核", color: "warning", outline: true }
  };
  // sections in reading order; `group` is matching.py's group of the programs it lists
  var GROUPS = [
    { id: M.ELIGIBLE, title: "符合", explain: "现在或近期可以申报，已回答的条件全部满足。标为“需人工审核”的条件要由主管部门审核，请对照政策原文准备材料。" },
    { id: M.NEEDS_INFO, title: "需补充信息", explain: "现在或近期可以申报，目前没有不满足的条件，但有的问题还没有回答。补充后结果会随之更新。" },
    { id: "closed", title: "本期已截止", explain: "条件满足或还需补充信息，但本期申报已经截止。列出下一次申报的预计时间，可以提前准备。", collapsed: true },
    { id: M.INELIGIBLE, title: "不符合", explain: "至少有一项条件不满足。只差一项的排在前面。" }
  ];
  var APPLICANT_HINT = "为本企业申报选“企业”；以众创空间、孵化器等载体的名义申报选“孵化载体运营机构”；" +
    "科研人员以个人身份申报（如科技特派员）选“个人”。";

  /* Run `run` when the browser is next idle: after the frame being prepared has been painted and
   * any input waiting has been handled (requestIdleCallback; `timeout` so that it never waits long
   * on a busy page). What an answer changes off screen (the rest of each group's items, the
   * checklist, the URL and this tab's storage) waits for it, so that an answer's own task and
   * frame are all that stands between the input and its result on screen (issue 22). Without
   * requestIdleCallback: a task (setTimeout). */
  function idle(run) {
    if (typeof window.requestIdleCallback === "function") window.requestIdleCallback(function () { run(); }, { timeout: 500 });
    else window.setTimeout(run, 0);
  }

  /* `run` once the next frame has been produced, when the browser is idle (idle). */
  function afterFrame(run) {
    window.requestAnimationFrame(function () { idle(run); });
  }

  /* The facts a rule reads (M.testedFacts of it alone), without an object per rule. */
  var NO_FACTS = [];
  var FACT_LISTS = {};  // fact → [fact], shared (never changed)
  function factList(fact) {
    return Object.prototype.hasOwnProperty.call(FACT_LISTS, fact) ? FACT_LISTS[fact] : (FACT_LISTS[fact] = [fact]);
  }
  function factsOf(rule) {
    if (rule.op === "manual") return NO_FACTS;
    if (rule.op === "any") return Object.keys(M.testedFacts([rule]));
    return factList(String(rule.fact));
  }

  /* A rule's verdict depends on its operator, fact and value only: rules alike share one
   * evaluation an answer (10,000 programs share a few dozen conditions and 申报对象 lists). */
  function ruleKey(rule) {
    return JSON.stringify([rule.op, rule.fact === undefined ? null : rule.fact, rule.value === undefined ? null : rule.value]);
  }

  function safeId(id) { return String(id).replace(/[^A-Za-z0-9_-]/g, "_"); }

  /* 12,345 元 → "1.23万元"; under 1 万: "5000元" (公文: no space). The unit names are the
   * export's amount-unit vocabulary (formatting.money writes the same ones). */
  function money(yuan, units) {
    if (yuan >= 10000) return String(Math.round(yuan / 100) / 100) + (units.wan || "");
    return String(yuan) + (units.yuan || "");
  }

  /* `first` (optional): the first view precomputed by the build (readFirst): `data` and `extra`
   * hold only the programs it shows, and its counts stand for all; upgrade() brings the full data. */
  function SelfCheck(root, data, extra, partial, first) {
    this.root = root;
    this.first = first || null;
    this.failed = false;
    this.waiting = [];
    this.whenFullWaiting = [];
    this.today = C.todayIso();
    this.vocabOrder = C.readJsonAttr(root, "data-pb-vocab-order") || {};
    this.setData(data, extra, partial);
    this.rows = {};  // program id → its row of the checklist's 申报时间 table
    this.facts = this.questions();
    this.controls = {};
    this.opened = {};
    this.found = {};  // section id → [[program, verdicts, group]] of the last update
    this.shown = {};  // section id → how many items are rendered
    this.nodes = {};  // program id → {key: its verdicts and answers, node: its item}
    this.offScreen = {};  // section id → true while it is off screen (watch)
    this.behind = {};  // section id → true while its list still shows the previous answer's items
  }

  /* Which sections are off screen, kept by an IntersectionObserver (no layout read in an answer's
   * task): an answer brings those up to date a task after its frame (update, renderRest). */
  SelfCheck.prototype.watch = function () {
    if (typeof window.IntersectionObserver !== "function") return;
    var offScreen = this.offScreen, groups = this.groups;
    var observer = new window.IntersectionObserver(function (entries) {
      entries.forEach(function (entry) { offScreen[entry.target.getAttribute("data-group")] = !entry.isIntersecting; });
    }, { rootMargin: "200px 0px" });
    GROUPS.forEach(function (g) { observer.observe(groups[g.id].section); });
  };

  /* Items of a section's list that are this answer's (none while it is behind). */
  SelfCheck.prototype.rendered = function (id) {
    return this.behind[id] ? 0 : this.groups[id].list.children.length;
  };

  /* The programs and what is derived from them (the constructor, and upgrade()). */
  SelfCheck.prototype.setData = function (data, extra, partial) {
    this.data = data;
    this.units = (data.vocabularies || {}).unit || {};
    this.extraDoc = extra || null;
    this.extra = (extra && extra.programs) || {};
    // "partial": materials, contacts and calendar events are still on their way (addMore)
    this.complete = !partial;
    // 下载申报日历's events: in the whole selfcheck.json, else read when asked for (withEvents)
    this.events = extra && extra.calendar && typeof extra.calendar.head === "string" ? {
      calendar: extra.calendar,
      programs: Object.keys(this.extra).reduce(function (all, id) {
        if (typeof extra.programs[id].ics === "string") all[id] = extra.programs[id].ics;
        return all;
      }, {})
    } : null;
    var today = this.today;
    // in the order every group lists them (by deadline), which no answer changes: C.deadlineKey
    // and compareTitle as one string a program (rank, date, NUL, title), compared once a pair
    // (10,000 programs: no key array and three comparisons a pair, issue 22); ties keep data order
    var keyed = [];
    for (var n = 0; n < data.programs.length; n++) {
      var record = data.programs[n];
      if (record.archived) continue;
      var dk = C.deadlineKey(record, today);
      keyed.push({ program: record, key: dk[0] + dk[1] + "\u0000" + record.title });
    }
    keyed.sort(function (a, b) { return a.key < b.key ? -1 : a.key > b.key ? 1 : 0; });
    this.programs = keyed.map(function (entry) { return entry.program; });
    // what matching reads, by position in this.programs (arrays, not objects keyed by id: an
    // answer at 10,000 programs reads them 10,000 times, issue 22); rulesOf by id for the items
    this.rulesOf = {};
    this.rulesAt = [];
    this.factsAt = [];  // the facts each rule reads (rematch)
    this.keysAt = [];  // each rule's key in an answer's memo (ruleKey), made when first needed
    this.soonAt = [];  // the window status does not change while the page is open (this.today)
    this.byFact = {};  // fact → positions of the programs whose rules or formulas read it
    this.keyCache = typeof window.Map === "function" ? new window.Map() : null;  // ruleKey by condition value
    var extraOf = this.extra, byFact = this.byFact, programs = this.programs;
    for (var k = 0; k < programs.length; k++) {  // plain loops, no object per rule
      var p = programs[k], rules = p.eligibility.rules, facts = new Array(rules.length), used = [], i, j;
      for (i = 0; i < rules.length; i++) {
        var read = facts[i] = factsOf(rules[i]);
        for (j = 0; j < read.length; j++) if (used.indexOf(read[j]) === -1) used.push(read[j]);
      }
      // M.withApplicants: 申报对象 as a first rule when no rule asks who applies
      var all = used.indexOf("applicant_type") !== -1 ? rules : M.withApplicants(rules, p.applicants);
      if (all !== rules) {
        facts.unshift(factList("applicant_type"));
        used.push("applicant_type");
      }
      this.rulesOf[p.id] = this.rulesAt[k] = all;
      // here, not in an answer's task (rematch): at 10,000 programs the first answer paid for it
      this.factsAt[k] = facts;
      this.keysAt[k] = null;
      this.soonAt[k] = Boolean(SOON[C.windowStatus(p.window, today)]);
      var formulas = (extraOf[p.id] || {}).formulas || [];
      for (i = 0; i < formulas.length; i++) if (used.indexOf(formulas[i].fact) === -1) used.push(formulas[i].fact);
      for (i = 0; i < used.length; i++) (byFact[used[i]] || (byFact[used[i]] = [])).push(k);
    }
    this.results = [];  // by position: [program, verdicts, group] (M.match's) for this.matchedWith
    this.matchedWith = null;
  };

  /* How many programs a section lists: the precomputed count in the first view. */
  SelfCheck.prototype.count = function (id, found) {
    return this.first ? this.first.counts[id] : found.length;
  };

  /* The facts current programs' rules and funding formulas use, in declared order. */
  SelfCheck.prototype.questions = function () {
    var used = {}, facts = this.data.facts || {};
    // byFact (the constructor): the facts the programs' rules and formulas read
    var reads = this.first ? this.first.asked : Object.keys(this.byFact);  // all programs' facts, precomputed in the first view
    reads.forEach(function (id) { if (Object.prototype.hasOwnProperty.call(facts, id)) used[id] = true; });
    var order = this.data.fact_order || (this.root.getAttribute("data-pb-fact-order") || "").split(/\s+/).filter(Boolean);
    var ids = order.filter(function (id) { return used[id]; });
    Object.keys(used).sort().forEach(function (id) { if (ids.indexOf(id) === -1) ids.push(id); });
    return ids.map(function (id) { return { id: id, fact: facts[id] }; });
  };

  SelfCheck.prototype.questionText = function (fact) {
    return fact.question + (fact.unit ? "（" + fact.unit + "）" : "");
  };

  /* ---- the questionnaire ---- */

  /* A vocabulary's values a reader can answer with: not a wildcard such as 不限行业 ("all"),
     which is what a program says to mean every industry (fact.not_answers, from finder/index.py). */
  SelfCheck.prototype.answers = function (fact) {
    var skip = fact.not_answers || [];
    return C.vocabIds(this.data, fact.vocabulary, this.vocabOrder)
      .filter(function (v) { return skip.indexOf(v) === -1; });
  };

  SelfCheck.prototype.choice = function (type, name, value, text, checked) {
    var id = "pb-q-" + safeId(name) + "-" + safeId(value || "unsure");
    var input = el("input", { type: type, name: "pb-q-" + safeId(name), value: value, id: id, checked: checked });
    return { input: input, label: el("label", { className: "pb-selfcheck-choice", htmlFor: id }, input, el("span", { text: text })) };
  };

  SelfCheck.prototype.question = function (q) {
    var self = this, data = this.data, fact = q.fact, id = "pb-q-" + safeId(q.id), text = this.questionText(fact);
    var control = { kind: fact.kind };
    var block;
    if (fact.kind === "bool") {
      var row = el("div", { className: "pb-selfcheck-choices" });
      control.radios = [["true", "是"], ["false", "否"], ["", "不确定"]].map(function (pair) {
        var c = self.choice("radio", q.id, pair[0], pair[1], pair[0] === "");
        row.appendChild(c.label);
        return c.input;
      });
      block = el("fieldset", { className: "pb-selfcheck-q", id: id }, el("legend", { text: text }), row);
    } else if (fact.kind === "number") {
      control.input = el("input", { type: "number", id: id + "-input", name: id, min: "0", step: "any",
        className: "pb-finder-input pb-selfcheck-number", attrs: { inputmode: "decimal" } });
      block = el("div", { className: "pb-selfcheck-q", id: id },
        el("label", { htmlFor: control.input.id, text: text }),
        el("div", { className: "pb-selfcheck-number-row" }, control.input,
          fact.unit ? el("span", { className: "pb-selfcheck-unit", text: fact.unit, attrs: { "aria-hidden": "true" } }) : null));
    } else if (fact.kind === "enum") {
      control.select = el("select", { id: id + "-input", name: id, className: "pb-finder-select" },
        el("option", { value: "", text: "不确定" }));
      this.answers(fact).forEach(function (v) {
        control.select.appendChild(el("option", { value: v, text: C.label(data, fact.vocabulary, v) }));
      });
      var hint = null;
      if (q.id === "applicant_type") {
        hint = el("p", { className: "pb-selfcheck-hint", id: id + "-hint", text: APPLICANT_HINT });
        control.select.setAttribute("aria-describedby", hint.id);
      }
      block = el("div", { className: "pb-selfcheck-q" + (hint ? " pb-selfcheck-wide" : ""), id: id },
        el("label", { htmlFor: control.select.id, text: text }), hint, control.select);
    } else if (fact.kind === "set") {
      var boxes = el("div", { className: "pb-selfcheck-choices" });
      control.boxes = this.answers(fact).map(function (v) {
        var c = self.choice("checkbox", q.id, v, C.label(data, fact.vocabulary, v), false);
        boxes.appendChild(c.label);
        return c.input;
      });
      var none = this.choice("checkbox", q.id, NONE, "以上都没有", false);
      boxes.appendChild(none.label);
      control.none = none.input;
      // "以上都没有" and the others exclude each other
      control.none.addEventListener("change", function () {
        if (control.none.checked) control.boxes.forEach(function (b) { b.checked = false; });
      });
      control.boxes.forEach(function (b) {
        b.addEventListener("change", function () { if (b.checked) control.none.checked = false; });
      });
      var setHint = el("p", { className: "pb-selfcheck-hint", id: id + "-hint", text: "可多选。都没有请选“以上都没有”；都不勾选表示不确定。" });
      block = el("fieldset", { className: "pb-selfcheck-q pb-selfcheck-wide", id: id, attrs: { "aria-describedby": setHint.id } },
        el("legend", { text: text }), setHint, boxes);
    } else {
      return null;  // a kind this page does not know: its rules stay "未填写"
    }
    this.controls[q.id] = control;
    return block;
  };

  /* The profile matching.py expects: only answered facts, typed by kind. */
  SelfCheck.prototype.profile = function () {
    var profile = {}, controls = this.controls;
    Object.keys(controls).forEach(function (id) {
      var c = controls[id];
      if (c.kind === "bool") {
        c.radios.forEach(function (r) { if (r.checked && r.value) profile[id] = r.value === "true"; });
      } else if (c.kind === "number") {
        if (c.input.value !== "" && isFinite(Number(c.input.value))) profile[id] = Number(c.input.value);
      } else if (c.kind === "enum") {
        if (c.select.value) profile[id] = c.select.value;
      } else if (c.kind === "set") {
        var chosen = c.boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
        if (chosen.length) profile[id] = chosen;
        else if (c.none.checked) profile[id] = [];
      }
    });
    return profile;
  };

  SelfCheck.prototype.apply = function (profile) {
    var controls = this.controls;
    Object.keys(controls).forEach(function (id) {
      var c = controls[id], have = profile[id];
      if (c.kind === "bool") {
        var value = have === true ? "true" : have === false ? "false" : "";
        c.radios.forEach(function (r) { r.checked = r.value === value; });
      } else if (c.kind === "number") {
        c.input.value = typeof have === "number" && isFinite(have) ? String(have) : "";
      } else if (c.kind === "enum") {
        c.select.value = typeof have === "string" ? have : "";
        if (c.select.value !== (typeof have === "string" ? have : "")) c.select.value = "";
      } else if (c.kind === "set") {
        var list = Array.isArray(have) ? have : null;
        c.boxes.forEach(function (b) { b.checked = Boolean(list && list.indexOf(b.value) !== -1); });
        c.none.checked = Boolean(list && list.length === 0);
      }
    });
  };

  /* ---- the answers in the URL fragment ---- */

  SelfCheck.prototype.encode = function (profile) {
    var kinds = this.controls;
    var parts = Object.keys(profile).filter(function (id) { return kinds[id]; }).map(function (id) {
      var have = profile[id], kind = kinds[id].kind;
      var text = kind === "bool" ? (have ? "1" : "0") : kind === "set" ? have.join(",") : String(have);
      return encodeURIComponent(id) + "=" + encodeURIComponent(text);
    });
    return parts.length ? HASH + parts.join("&") : "";
  };

  /* The profile in a fragment (answers this page does not ask, or cannot hold, are dropped). */
  SelfCheck.prototype.decode = function (hash) {
    if (typeof hash !== "string" || hash.indexOf(HASH) !== 0) return null;
    var profile = {}, controls = this.controls;
    hash.slice(HASH.length).split("&").forEach(function (part) {
      var at = part.indexOf("=");
      if (at < 1) return;
      var id, text;
      try { id = decodeURIComponent(part.slice(0, at)); text = decodeURIComponent(part.slice(at + 1)); } catch (e) { return; }
      var c = Object.prototype.hasOwnProperty.call(controls, id) ? controls[id] : null;
      if (!c) return;
      if (c.kind === "bool" && (text === "1" || text === "0")) profile[id] = text === "1";
      else if (c.kind === "number" && text !== "" && isFinite(Number(text)) && Number(text) >= 0) profile[id] = Number(text);
      else if (c.kind === "enum" && Array.prototype.some.call(c.select.options, function (o) { return o.value && o.value === text; })) profile[id] = text;
      else if (c.kind === "set") {
        var allowed = c.boxes.map(function (b) { return b.value; });
        profile[id] = text === "" ? [] : text.split(",").filter(function (v) { return allowed.indexOf(v) !== -1; });
      }
    });
    return profile;
  };

  /* Keep `profile` in this tab's storage and the URL once the answer's result is painted
   * (history.replaceState alone took 10–30 ms of an answer's task on a throttled CPU); rememberNow
   * writes it at once where the URL is read (复制链接, leaving the page). */
  SelfCheck.prototype.remember = function (profile) {
    var self = this, first = !this.remembering;
    this.remembering = { profile: profile };
    this.root.setAttribute("data-pb-settled", "false");
    if (first) afterFrame(function () { self.rememberNow(); self.settle(); });
  };

  SelfCheck.prototype.rememberNow = function () {
    var pending = this.remembering;
    this.remembering = null;
    if (pending) this.write(pending.profile);
  };

  SelfCheck.prototype.write = function (profile) {
    // answers in the URL this page did not write (a link pasted into the tab, its hashchange not
    // yet run): theirs, not these older ones; the hashchange handler applies and writes them
    var hash = window.location.hash;
    if (hash !== this.fragment && this.decode(hash)) return;
    try { window.sessionStorage.setItem(STORE, JSON.stringify(profile)); } catch (e) { /* storage disabled */ }
    hash = this.fragment = this.encode(profile);
    if (window.location.hash === hash || (!hash && !window.location.hash)) return;
    var url = window.location.pathname + window.location.search + hash;
    try { window.history.replaceState(window.history.state, "", url); } catch (e) { /* file: or sandboxed */ }
  };

  /* The matched programs' windows (now or soon) as one calendar file, made in the browser. */
  SelfCheck.prototype.calendarText = function () {
    var doc = this.events, programs = doc.programs;
    var events = (this.matched || []).map(function (p) { return own(programs, p.id) || ""; }).join("");
    return doc.calendar.head + events + doc.calendar.tail;
  };

  /* Run `action` with the calendar events: read from data/selfcheck-ics.json the first time
   * (the whole selfcheck.json of an older site has them already). */
  SelfCheck.prototype.withEvents = function (action) {
    var self = this;
    if (this.events) {
      action();
      return;
    }
    if (!this.eventsLoading) {
      var referenceDate = this.data.reference_date;
      this.eventsLoading = C.loadData(ICS.path).then(function (doc) {
        if (!doc || doc.format !== ICS.format || doc.version !== ICS.version || doc.reference_date !== referenceDate ||
            typeof doc.programs !== "object" || !doc.calendar || typeof doc.calendar.head !== "string") {
          throw new Error("unsupported data format");
        }
        self.events = doc;
      });
      this.eventsLoading.catch(function () {
        self.eventsFailed = true;
        self.eventsLoading = null;
        if (self.calendar) self.calendar.disabled = true;
      });
    }
    this.eventsLoading.then(action, function () { /* the button is disabled */ });
  };

  /* Run `action` now, or once data/selfcheck-more.json has arrived (or failed to). */
  SelfCheck.prototype.whenComplete = function (action) {
    if (this.complete || this.failed) action();
    else this.waiting.push(action);
  };

  SelfCheck.prototype.downloadCalendar = function () {
    var parts = this.events && this.events.calendar;
    if (!parts || !parts.head) return;
    var blob = new Blob([this.calendarText()], { type: "text/calendar;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var link = el("a", { href: url, download: "政策匹配-申报日历-" + this.today + ".ics", hidden: true });
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  };

  SelfCheck.prototype.link = function () {
    this.rememberNow();
    return window.location.href;
  };

  /* ---- the page ---- */

  SelfCheck.prototype.build = function () {
    var self = this;
    var form = el("form", { className: "pb-selfcheck-form", attrs: { "aria-labelledby": "pb-selfcheck-form-title", novalidate: "" } });
    form.appendChild(el("h2", { id: "pb-selfcheck-form-title", text: "贵单位情况" }));
    form.appendChild(el("p", { className: "pb-selfcheck-intro",
      text: "共" + this.facts.length + "个问题，来自各事项申报条件中可以自行判断的部分，以及估算金额要用的数字。不确定的可以不填。" }));
    var list = el("div", { className: "pb-selfcheck-questions" });
    this.facts.forEach(function (q) {
      var block = self.question(q);
      if (block) list.appendChild(block);
    });
    form.appendChild(list);
    var timer = null;
    var changed = function (event) {
      window.clearTimeout(timer);
      var input = event && event.type === "input";
      // typing a number: wait for a pause, so the results do not jump on every digit
      if (input && event.target.type === "number") timer = window.setTimeout(function () { self.update(); }, 300);
      else if (!input) self.update();  // a choice fires input, then change: match once, on change
    };
    form.addEventListener("change", changed);
    form.addEventListener("input", changed);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      self.update();
      self.resultsTitle.focus();
    });
    var show = el("button", { type: "submit", className: "pb-finder-button pb-finder-primary", text: "查看匹配结果" });
    var reset = el("button", { type: "button", className: "pb-finder-button", text: "重新填写" });
    reset.addEventListener("click", function () {
      self.apply({});
      try { window.sessionStorage.removeItem(STORE); } catch (e) { /* storage disabled */ }
      self.opened = {};
      self.nodes = {};
      self.update();
      self.rememberNow();  // the answers leave the link and the tab's storage at once
      self.settle();
      var first = form.querySelector("input, select");
      if (first) first.focus();
    });
    this.tally = el("p", { className: "pb-selfcheck-tally", attrs: { "aria-hidden": "true" } });
    form.appendChild(el("div", { className: "pb-selfcheck-bar" }, this.tally, show, reset));

    this.resultsTitle = el("h2", { id: "pb-selfcheck-results-title", text: "匹配结果", tabIndex: -1 });
    this.summary = el("p", { className: "pb-selfcheck-summary", attrs: { role: "status", "aria-live": "polite" } });
    this.total = el("p", { className: "pb-selfcheck-total" });
    this.jumps = el("ul", { className: "pb-selfcheck-jumps" });
    this.groups = {};
    var results = el("section", { className: "pb-selfcheck-results", attrs: { "aria-labelledby": this.resultsTitle.id } },
      this.resultsTitle, this.summary, this.total, this.actions(),
      el("nav", { attrs: { "aria-label": "结果分组" } }, this.jumps));
    GROUPS.forEach(function (g) {
      var title = el(g.collapsed ? "span" : "h3", { id: "pb-selfcheck-" + g.id });
      var list = el("ul", { className: "pb-program-list pb-selfcheck-list" });
      var empty = el("p", { className: "pb-empty", text: "暂无。" });
      var more = el("button", { type: "button", className: "pb-finder-button pb-finder-more pb-selfcheck-more", hidden: true });
      more.addEventListener("click", function () { self.showMore(g.id); });
      var body = [el("p", { className: "pb-selfcheck-explain", text: g.explain }), empty, list, more];
      var section, details = null;
      if (g.collapsed) {
        // closed until the reader opens it: a list of what cannot be applied for now
        details = el("details", { className: "pb-selfcheck-collapsed" }, el("summary", {}, el("h3", { className: "pb-selfcheck-summary-title" }, title)));
        body.forEach(function (node) { details.appendChild(node); });
        section = el("section", { className: "pb-selfcheck-group pb-selfcheck-group-" + g.id,
          attrs: { "aria-labelledby": title.id, "data-group": g.id } }, details);
      } else {
        section = el("section", { className: "pb-selfcheck-group pb-selfcheck-group-" + g.id,
          attrs: { "aria-labelledby": title.id, "data-group": g.id } }, title);
        body.forEach(function (node) { section.appendChild(node); });
      }
      self.groups[g.id] = { title: title, list: list, empty: empty, more: more, section: section, details: details, definition: g };
      results.appendChild(section);
    });
    this.checklist = el("section", { className: "pb-checklist", id: "pb-checklist", attrs: { "aria-labelledby": "pb-checklist-title" } });
    return el("div", { className: "pb-selfcheck-app" }, form, results, this.checklist);
  };

  /* 复制链接 and 打印申报准备清单 */
  SelfCheck.prototype.actions = function () {
    var self = this;
    var copy = el("button", { type: "button", className: "pb-finder-button pb-selfcheck-copy", text: "复制链接" });
    var print = el("button", { type: "button", className: "pb-finder-button pb-selfcheck-print", text: "打印申报准备清单" });
    var status = el("p", { className: "pb-selfcheck-copied", attrs: { role: "status", "aria-live": "polite" } });
    var field = el("input", { type: "text", readOnly: true, className: "pb-finder-input pb-selfcheck-link", hidden: true,
      attrs: { "aria-label": "本页链接（含填写的回答）" } });
    copy.addEventListener("click", function () {
      var url = self.link();
      var fallback = function () {
        field.value = url;
        field.hidden = false;
        field.focus();
        field.select();
        status.textContent = "请复制上面的链接（Ctrl+C 或长按选择“复制”）。";
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(function () {
          field.hidden = true;
          status.textContent = "链接已复制。以后打开这个链接，会恢复这些回答和结果。";
        }, fallback);
      } else {
        fallback();
      }
    });
    // the checklist is what prints: wait for its materials if they are still on their way
    print.addEventListener("click", function () {
      self.whenComplete(function () { self.flushChecklist(true); window.print(); });
    });
    // one .ics of the matched windows, joined here from the calendar writer's events (selfcheck.json)
    var calendar = this.calendar = el("button", { type: "button", className: "pb-finder-button pb-selfcheck-ics",
      text: "下载申报日历（.ics）", hidden: !(this.extraDoc && this.extraDoc.calendar) });
    calendar.addEventListener("click", function () {
      self.whenFull(function () { self.withEvents(function () { self.downloadCalendar(); }); });
    });
    return el("div", { className: "pb-selfcheck-actions" },
      el("p", { className: "pb-selfcheck-keep", text: "回答保存在本页链接的 # 号之后，不会发送给网站。复制链接保存或发给同事，打开即恢复同样的结果。" }),
      el("div", { className: "pb-selfcheck-action-row" }, copy, print, calendar), field, status);
  };

  /* ---- results ---- */

  SelfCheck.prototype.focusQuestion = function (factId, event) {
    var c = this.controls[factId];
    if (!c) return;
    event.preventDefault();
    var target = c.input || c.select || (c.radios && c.radios[0]) || (c.boxes && c.boxes[0]);
    target.focus();
    if (target.scrollIntoView) target.scrollIntoView({ block: "center" });
  };

  /* A rule's text: the program's own, or 申报对象 for the one added from its applicants. */
  SelfCheck.prototype.ruleText = function (rule) {
    var data = this.data;
    if (!rule.implicit) return rule.text;
    return "申报对象为" + rule.value.map(function (v) { return C.label(data, "applicant_type", v); }).join("、");
  };

  SelfCheck.prototype.cite = function (program, rule) {
    var cite = el("span", { className: "pb-cite" }, "依据：");
    if (rule.implicit) {
      var page = C.href(program.url);
      cite.appendChild(page ? el("a", { href: page, text: "本事项的申报对象" }) : document.createTextNode("本事项的申报对象"));
      return cite;
    }
    var clause = rule.clause || {};
    var url = C.href(clause.url);
    cite.appendChild(url ? el("a", { href: url, text: clause.label || "" }) : document.createTextNode(clause.label || ""));
    return cite;
  };

  SelfCheck.prototype.questionLink = function (factId) {
    var self = this, fact = (this.data.facts || {})[factId];
    if (!fact) return document.createTextNode(factId);
    if (!this.controls[factId]) return document.createTextNode(fact.question);
    var link = el("a", { href: "#pb-q-" + safeId(factId), text: fact.question });
    link.addEventListener("click", function (event) { self.focusQuestion(factId, event); });
    return link;
  };

  /* Why the program is where it is: the failing condition(s), or the questions still to answer,
   * each with its clause (what would make the reader eligible). */
  SelfCheck.prototype.reason = function (program, group, verdicts) {
    var self = this, rules = this.rulesOf[program.id];
    var box = el("div", { className: "pb-selfcheck-reason" });
    var pick = function (verdict) { return rules.filter(function (r, i) { return verdicts[i] === verdict; }); };
    var manual = pick(M.MANUAL).length;
    var list = el("ul", { className: "pb-selfcheck-needs" });
    if (group === M.INELIGIBLE) {
      var unmet = pick(M.UNMET);
      box.appendChild(el("p", {}, el("strong", { text: unmet.length === 1 ? "差一项：" : "不满足" + unmet.length + "项：" })));
      unmet.forEach(function (rule) {
        list.appendChild(el("li", { className: "pb-selfcheck-need" }, self.ruleText(rule), "（", self.cite(program, rule), "）"));
      });
      box.appendChild(list);
    } else if (group === M.NEEDS_INFO) {
      box.appendChild(el("p", {}, el("strong", { text: "还需回答：" })));
      var seen = {};
      pick(M.UNKNOWN).forEach(function (rule) {
        var facts = rule.op === "any" ? rule.value.map(function (c) { return c.fact; }) : [rule.fact];
        facts = facts.filter(function (f) { return !seen[f]; });
        if (!facts.length) return;
        var li = el("li", { className: "pb-selfcheck-need" });
        facts.forEach(function (f, i) {
          seen[f] = true;
          if (i) li.appendChild(document.createTextNode(" 或 "));
          li.appendChild(self.questionLink(f));
        });
        li.appendChild(document.createTextNode("（" + self.ruleText(rule) + "；"));
        li.appendChild(self.cite(program, rule));
        li.appendChild(document.createTextNode("）"));
        list.appendChild(li);
      });
      box.appendChild(list);
    } else {
      var met = pick(M.MET).length;
      box.appendChild(el("p", {}, met ? "已填写的" + met + "项条件都满足" : "没有可以自行判断的条件"));
    }
    if (manual) box.appendChild(el("p", { className: "pb-selfcheck-manual", text: "另有" + manual + "项需人工审核。" }));
    return box;
  };

  /* 预计可享: each formula for the reader's numbers, or what is needed to compute it. */
  SelfCheck.prototype.estimates = function (program, profile) {
    var formulas = (this.extra[program.id] || {}).formulas || [];
    return formulas.map(function (f) { return { formula: f, yuan: M.estimate(f, profile) }; });
  };

  SelfCheck.prototype.amount = function (program, profile) {
    var self = this, facts = this.data.facts || {};
    var found = this.estimates(program, profile);
    var box = el("div", { className: "pb-selfcheck-amount" });
    if (!found.length) {
      box.appendChild(el("p", {}, el("strong", { text: "预计可享：" }),
        "不能按贵单位填写的数字估算，按上面的支持标准和审核结果确定。"));
      return box;
    }
    found.forEach(function (e) {
      var f = e.formula, fact = facts[f.fact] || { question: f.fact, unit: "" };
      var p = el("p", { className: "pb-selfcheck-estimate", attrs: { "data-yuan": e.yuan === null ? "" : String(e.yuan) } },
        el("strong", { text: "预计可享：" }), f.name + " ");
      if (e.yuan === null) {
        p.appendChild(document.createTextNode("填写"));
        p.appendChild(self.questionLink(f.fact));
        p.appendChild(document.createTextNode("后可以估算（" + f.standard + "；"));
      } else {
        p.appendChild(el("strong", { className: "pb-selfcheck-yuan", text: "约" + money(e.yuan, self.units) }));
        p.appendChild(document.createTextNode("（按“" + fact.question + "”" + profile[f.fact] + fact.unit + "，" + f.standard + "；"));
      }
      var url = C.href(f.clause.url);
      p.appendChild(document.createTextNode("依据："));
      p.appendChild(url ? el("a", { href: url, text: f.clause.label }) : document.createTextNode(f.clause.label));
      p.appendChild(document.createTextNode("）"));
      box.appendChild(p);
    });
    return box;
  };

  /* The rule list of a program: {list, entries: [{li, text, verdict}]}; setVerdict marks each. */
  SelfCheck.prototype.rules = function (program) {
    var self = this, list = el("ol", { className: "pb-selfcheck-rules" });
    var entries = this.rulesOf[program.id].map(function (rule) {
      var li = el("li", { className: "pb-rule" });
      li.setAttribute("data-verdict", "");
      var text = el("p", { className: "pb-rule-text" }, " ", self.ruleText(rule));  // its badge goes first
      var cite = el("p", { className: "pb-cite" });
      cite.appendChild(self.cite(program, rule));
      li.appendChild(text);
      li.appendChild(cite);
      list.appendChild(li);
      return { li: li, text: text, verdict: null };
    });
    return { list: list, entries: entries };
  };

  SelfCheck.prototype.setVerdict = function (entry, verdict) {
    var v = VERDICTS[verdict];
    var badge = C.badge(v.text, v.color, v.outline, ["pb-verdict", "pb-verdict-" + verdict]);
    entry.li.className = "pb-rule pb-verdict-" + verdict;
    entry.li.setAttribute("data-verdict", verdict);
    if (entry.verdict === null) entry.text.insertBefore(badge, entry.text.firstChild);
    else entry.text.replaceChild(badge, entry.text.firstChild);
    entry.verdict = verdict;
  };

  SelfCheck.prototype.nextWindow = function (program) {
    var next = (this.extra[program.id] || {}).next;
    return el("p", { className: "pb-selfcheck-next" }, el("strong", { text: "下次申报：" }),
      next || "时间还没有公布，请关注县科学技术局的通知，或订阅本事项的更新。");
  };

  /* A program's item: its head (title, badges) and rule texts are built once; refresh() fills
   * in what depends on the answers. Returns the parts refresh() updates. */
  SelfCheck.prototype.item = function (program, section, group, verdicts, profile) {
    var self = this;
    var li = el("li", { className: "pb-item pb-selfcheck-item" });
    li.setAttribute("data-program", program.id);
    C.programHead(this.data, program, this.today).forEach(function (node) { li.appendChild(node); });
    var open = Boolean(this.opened[program.id]);  // closed until the reader opens it, then kept open
    var summary = el("summary"), rules = this.rules(program);
    var details = el("details", { className: "pb-selfcheck-details", open: open }, summary, rules.list);
    details.addEventListener("toggle", function () { self.opened[program.id] = details.open; });
    li.appendChild(details);
    var parts = { li: li, details: details, summary: summary, rules: rules.entries, middle: [] };
    this.refresh(parts, program, section, group, verdicts, profile);
    return parts;
  };

  /* The item's answer-dependent parts, as item() would build them for these verdicts. */
  SelfCheck.prototype.refresh = function (parts, program, section, group, verdicts, profile) {
    var self = this, li = parts.li;
    li.setAttribute("data-group", group);
    li.setAttribute("data-section", section);
    parts.middle.forEach(function (node) { node.remove(); });
    var middle = [];
    // the head already says when a structured forecast expects the next round (pb-finder-core.js)
    if (section === "closed" && !program.window.expected) middle.push(this.nextWindow(program));
    middle.push(this.reason(program, group, verdicts));
    if (program.no_application && group !== M.INELIGIBLE) {  // paid from data the bureau holds
      middle.push(el("p", { className: "pb-selfcheck-no-application" },
        C.noApplicationBadge(this.data), " 本事项免申即享，符合条件将直接兑现，无需申报和准备材料。"));
    }
    if (group !== M.INELIGIBLE) middle.push(this.amount(program, profile));
    middle.forEach(function (node) { li.insertBefore(node, parts.details); });
    parts.middle = middle;
    var tally = ["met", "unmet", "unknown", "manual"].map(function (v) {
      var n = verdicts.filter(function (x) { return x === v; }).length;
      return n ? n + "项" + VERDICTS[v].text : "";
    }).filter(Boolean).join("，");
    parts.summary.textContent = "逐条核对" + verdicts.length + "项条件（" + tally + "）";
    parts.rules.forEach(function (entry, i) { if (entry.verdict !== verdicts[i]) self.setVerdict(entry, verdicts[i]); });
  };

  /* The item for a program with these verdicts: left alone if they (and the numbers its amounts
   * use) have not changed, else brought up to date in place (its details stay open or closed). */
  SelfCheck.prototype.itemFor = function (entry, section, profile) {
    var program = entry[0];
    var numbers = ((this.extra[program.id] || {}).formulas || []).map(function (f) { return profile[f.fact]; });
    var key = section + " " + entry[1].join(" ") + " " + JSON.stringify(numbers), cached = this.nodes[program.id];
    if (cached && cached.key === key) return cached.parts.li;
    if (cached) this.refresh(cached.parts, program, section, entry[2], entry[1], profile);
    else cached = this.nodes[program.id] = { parts: this.item(program, section, entry[2], entry[1], profile) };
    cached.key = key;
    return cached.parts.li;
  };

  /* Make the list's children `nodes`: left alone if they already are, else in one replacement.
   * One DOM operation, not one per item: the theme's Font Awesome script scans the whole list
   * again for every mutation record (40 ms for 130 records at 2,000 programs). */
  function patch(list, nodes) {
    var children = list.children;
    var same = children.length === nodes.length && nodes.every(function (node, i) { return children[i] === node; });
    if (!same) list.replaceChildren.apply(list, nodes);
  }

  /* The programs M.match must see again for `profile`: all the first time, then those reading a
   * fact whose answer changed (a program's verdicts depend on nothing else). {programs: a flag
   * by position, facts: the changed facts}. */
  SelfCheck.prototype.stale = function (profile) {
    var before = this.matchedWith;
    if (!before) return null;
    var n = this.programs.length, changed = {}, byFact = this.byFact;
    var stale = typeof window.Uint8Array === "function" ? new window.Uint8Array(n) : [];
    Object.keys(before).concat(Object.keys(profile)).forEach(function (fact) {
      if (changed[fact] || JSON.stringify(before[fact]) === JSON.stringify(profile[fact])) return;
      changed[fact] = true;
      var at = byFact[fact] || [];
      for (var i = 0; i < at.length; i++) stale[at[i]] = 1;
    });
    return { programs: stale, facts: changed };
  };

  /* M.match's result for the program at `k` whose earlier result was `before`: only its rules
   * reading a changed fact are evaluated again (a rule's verdict depends on nothing else); the
   * same entry when no verdict changed. */
  SelfCheck.prototype.rematch = function (k, before, changed, profile, memo) {
    var rules = this.rulesAt[k], facts = this.factsAt[k], verdicts = null;
    for (var i = 0; i < rules.length; i++) {
      for (var j = 0; j < facts[i].length; j++) {
        if (changed[facts[i][j]]) {
          var verdict = this.verdict(k, i, profile, memo);
          if (verdict !== before[1][i]) {
            verdicts = verdicts || before[1].slice();
            verdicts[i] = verdict;
          }
          break;
        }
      }
    }
    return verdicts ? [before[0], verdicts, M.group(verdicts)] : before;
  };

  /* M.evaluate of the i-th rule of the program at `k`, once per distinct rule an answer (`memo`: key → verdict). */
  SelfCheck.prototype.verdict = function (k, i, profile, memo) {
    var rule = this.rulesAt[k][i];
    if (rule.op === "manual") return M.MANUAL;
    if (!memo) return M.evaluate(rule, profile);  // nothing answered: "unknown" at once, no key needed
    var key = (this.keysAt[k] || this.keysFor(k))[i];
    if (!Object.prototype.hasOwnProperty.call(memo, key)) memo[key] = M.evaluate(rule, profile);
    return memo[key];
  };

  /* The memo keys of the rules of the program at `k` (ruleKey; rules sharing a condition share its
   * value: one key made per condition, kept in keyCache). */
  SelfCheck.prototype.keysFor = function (k) {
    var rules = this.rulesAt[k], keys = [], cache = this.keyCache;
    for (var i = 0; i < rules.length; i++) {
      var rule = rules[i], key = null;
      if (rule.op === "manual") {
        keys.push(null);
        continue;
      }
      var shared = cache && !rule.implicit && rule.value !== null && typeof rule.value === "object";
      var known = shared ? cache.get(rule.value) : null, tag = rule.op + " " + rule.fact;
      if (known && Object.prototype.hasOwnProperty.call(known, tag)) key = known[tag];
      else {
        key = ruleKey(rule);
        if (shared) {
          if (!known) cache.set(rule.value, known = {});
          known[tag] = key;
        }
      }
      keys.push(key);
    }
    return (this.keysAt[k] = keys);
  };

  /* Make every program's memo keys in idle time after the first results, so that the first
   * answer does not (a few ms a slice; an answer before they are done makes the rest itself). */
  SelfCheck.prototype.prepareKeys = function () {
    var self = this, programs = this.programs, at = 0;
    var step = function () {
      if (self.programs !== programs) return;  // new data (upgrade): its own run
      var started = Date.now();
      while (at < programs.length && Date.now() - started < BUDGET) {
        if (!self.keysAt[at]) self.keysFor(at);
        at += 1;
      }
      if (at < programs.length) idle(step);
    };
    afterFrame(step);
  };

  /* M.match of the program at `k`, with the answer's memo: [program, verdicts, group]. */
  SelfCheck.prototype.matchAll = function (k, profile, memo) {
    var verdicts = [];
    for (var i = 0; i < this.rulesAt[k].length; i++) verdicts.push(this.verdict(k, i, profile, memo));
    return [this.programs[k], verdicts, M.group(verdicts)];
  };

  /* Programs by section: [program, verdicts, group]; near misses first among 不符合. */
  SelfCheck.prototype.sort = function (profile) {
    var buckets = {}, results = this.results, stale = this.stale(profile), soon = this.soonAt;
    var memo = Object.keys(profile).length ? {} : null;  // nothing answered: nothing to share
    this.matchedWith = profile;
    GROUPS.forEach(function (g) { buckets[g.id] = []; });
    var near = [], far = [];
    for (var k = 0; k < this.programs.length; k++) {  // a plain loop: 10,000 programs an answer (issue 22)
      var entry = results[k];
      if (!entry || !stale) entry = results[k] = this.matchAll(k, profile, memo);
      else if (stale.programs[k]) entry = results[k] = this.rematch(k, entry, stale.facts, profile, memo);
      var group = entry[2];
      if (group === M.INELIGIBLE) {
        var misses = 0, verdicts = entry[1];
        for (var i = 0; i < verdicts.length; i++) if (verdicts[i] === M.UNMET) misses += 1;
        (misses === 1 ? near : far).push(entry);
        continue;
      }
      // 免申即享 has no application to miss: never 本期已截止
      buckets[!entry[0].no_application && !soon[k] ? "closed" : group].push(entry);
    }
    buckets[M.INELIGIBLE] = near.concat(far);
    return buckets;
  };

  SelfCheck.prototype.update = function () {
    var self = this, profile = this.profile();
    this.profileNow = profile;
    this.remember(profile);
    if (this.first && this.first.painted) {  // an answer before the full data: matched by upgrade()
      this.root.setAttribute("data-pb-settled", "false");
      this.summary.textContent = "正在读取全部事项，读取完成后按填写的回答显示匹配结果。";
      return;
    }
    var buckets = this.sort(profile);
    var answered = Object.keys(profile).length;
    var parts = [], tally = [], jumps = [];
    GROUPS.forEach(function (g) {
      var group = self.groups[g.id], found = buckets[g.id], count = self.count(g.id, found);
      group.title.textContent = g.title + "（" + count + "）";
      self.found[g.id] = found;
      // a screenful now (none in a folded group), the rest of the PAGE after the paint (renderRest);
      // after an answer, a section off screen is brought up to date after the frame (issue 22)
      self.behind[g.id] = Boolean(self.mounted && self.offScreen[g.id]);
      if (!self.behind[g.id]) {
        self.shown[g.id] = g.collapsed && !group.details.open ? 0 : FIRST;
        self.renderGroup(g.id, 0);
        self.showEmpty(g.id);
      }
      self.shown[g.id] = PAGE;
      group.more.hidden = true;
      parts.push(g.title + count + "项");
      tally.push(g.title + count + "项");
      var jump = el("a", { href: "#" + group.section.querySelector("[id]").id, text: g.title + "（" + count + "）" });
      jump.addEventListener("click", function (event) {  // the fragment holds the answers: scroll, do not navigate
        event.preventDefault();
        if (group.details) group.details.open = true;
        group.section.scrollIntoView({ block: "start" });
        group.title.setAttribute("tabindex", "-1");
        group.title.focus({ preventScroll: true });
      });
      jumps.push(el("li", {}, jump));
    });
    this.jumps.replaceChildren.apply(this.jumps, jumps);
    // the first view has only the items it shows: the rest come with the full data (upgrade)
    if (this.first) this.itemsPending = true;
    else this.renderRest(GROUPS.map(function (g) { return g.id; }));
    this.summary.textContent = (answered ? "已回答" + answered + "/" + this.facts.length + "个问题：" :
      "还没有回答问题，需要填写信息才能判断的事项都列在“需补充信息”：") + parts.join("，") + "。";
    this.tally.textContent = "已答" + answered + "/" + this.facts.length + " · " + tally.join(" · ");
    this.renderTotal(buckets[M.ELIGIBLE], profile);
    // 免申即享 programs are paid without an application: nothing to prepare, no window to put in a calendar
    var matched = this.matched = [], withWindows = 0, extra = this.extra;
    [buckets[M.ELIGIBLE], buckets[M.NEEDS_INFO]].forEach(function (entries) {  // plain loops: thousands (issue 22)
      for (var i = 0; i < entries.length; i++) {
        var p = entries[i][0];
        if (p.no_application) continue;
        matched.push(p);
        if ((extra[p.id] || {}).ics) withWindows += 1;
      }
    });
    if (this.first) withWindows = this.first.ics;
    this.checklistLater();
    if (this.calendar) {
      this.calendar.disabled = withWindows === 0 || Boolean(this.eventsFailed);
      this.calendar.textContent = "下载申报日历（.ics，" + withWindows + "个事项）";
    }
  };

  /* 预计可享合计 over the 符合 programs that can be applied for now or soon. */
  SelfCheck.prototype.renderTotal = function (eligible, profile) {
    var self = this, sum = 0, counted = 0, open = 0;
    eligible.forEach(function (entry) {
      var found = self.estimates(entry[0], profile).filter(function (e) { return e.yuan !== null; });
      if (found.length) {
        counted += 1;
        found.forEach(function (e) { sum += e.yuan; });
      } else {
        open += 1;
      }
    });
    this.total.replaceChildren();
    if (!eligible.length) return;
    if (counted) {
      this.total.appendChild(el("strong", { text: "预计可享合计：约" + money(sum, this.units) }));
      this.total.appendChild(document.createTextNode("（" + counted + "个符合的事项按贵单位填写的数字估算" +
        (open ? "；另有" + open + "个事项的金额要按评审、实际支出或认定结果确定，未计入" : "") + "。以主管部门核定为准）"));
    } else {
      this.total.appendChild(document.createTextNode("预计可享合计：符合的事项中没有可以按贵单位填写的数字估算金额的（金额按评审、实际支出或认定结果确定）。"));
    }
  };

  /* Render items [from, shown) of a section; the rest wait behind 显示更多. */
  SelfCheck.prototype.renderGroup = function (id, from) {
    var group = this.groups[id], found = this.found[id], profile = this.profileNow || {};
    var end = Math.min(found.length, this.shown[id]), nodes = [];
    for (var i = from; i < end; i++) nodes.push(this.itemFor(found[i], id, profile));
    if (from === 0) patch(group.list, nodes);
    else group.list.append.apply(group.list, nodes);
    var rest = found.length - end;
    group.more.hidden = rest <= 0;
    group.more.textContent = "显示更多" + group.definition.title + "的事项（还有" + rest + "项）";
  };

  /* The rest of each group's PAGE after the results are painted, a few items a task, so that an
   * answer paints in one frame and the next input is never kept waiting (issue 22: at 10,000
   * programs all groups at once took longer than a frame). A newer answer takes over. */
  SelfCheck.prototype.renderRest = function (ids) {
    var self = this, token = this.restToken = {};
    this.restIds = ids;
    this.itemsPending = true;
    this.root.setAttribute("data-pb-settled", "false");
    var step = function () {
      if (self.restToken !== token) return;
      var started = Date.now();
      while (ids.length && Date.now() - started < BUDGET) {
        var id = ids[0], have = self.rendered(id);
        if (have >= self.wanted(id)) {
          self.completeGroup(id);
          continue;
        }
        self.shown[id] = Math.min(have + FIRST, self.wanted(id));
        self.renderGroup(id, have);
        self.behind[id] = false;
        self.showEmpty(id);
        self.groups[id].more.hidden = true;
        self.shown[id] = PAGE;
      }
      if (ids.length) {
        idle(step);
        return;
      }
      self.itemsPending = false;
      self.settle();
    };
    afterFrame(step);
  };

  /* How many items a group shows once complete: its first PAGE. */
  SelfCheck.prototype.wanted = function (id) {
    return Math.min(this.found[id].length, PAGE);
  };

  /* A group whose rest is still to come, completed now (显示更多, or the folded group opened). */
  SelfCheck.prototype.completeGroup = function (id) {
    var ids = this.restIds || [], at = ids.indexOf(id);
    if (at === -1) return;
    ids.splice(at, 1);
    var have = this.rendered(id);
    this.shown[id] = this.wanted(id);
    this.renderGroup(id, Math.min(have, this.shown[id]));
    this.behind[id] = false;
    this.showEmpty(id);
    this.shown[id] = PAGE;
  };

  /* 暂无 or the list, for the section's count. A section off screen keeps its previous items (and
   * whether it showed them) until they are replaced after the frame: emptied at once, a list of
   * fifty items left the layout within the answer's task (≈ 20 ms on a throttled CPU). */
  SelfCheck.prototype.showEmpty = function (id) {
    var group = this.groups[id], count = this.count(id, this.found[id]);
    group.empty.hidden = count !== 0;
    group.list.hidden = count === 0;
  };

  SelfCheck.prototype.showMore = function (id) {
    this.completeGroup(id);
    var from = this.shown[id];
    this.shown[id] += PAGE;
    this.renderGroup(id, from);
    var first = this.groups[id].list.children[from];
    var link = first && first.querySelector("a");
    if (link) link.focus();  // keyboard readers continue where the new items start
  };

  /* ---- 申报准备清单 ---- */

  SelfCheck.prototype.deadline = function (program) {
    var w = program.window, status = C.windowStatus(w, this.today);
    if (status === "open") return C.dateZh(w.close) + "截止";
    if (status === "upcoming") return C.dateZh(w.open) + "开始，" + C.dateZh(w.close) + "截止";
    return C.label(this.data, "status", status);  // 常年受理
  };

  /* The checklist lists every matched program (thousands of rows at 10,000 programs): it is
   * rebuilt once the results have been painted, not before them; printing rebuilds it first. */
  SelfCheck.prototype.checklistLater = function () {
    var self = this;
    this.root.setAttribute("data-pb-settled", "false");
    if (this.checklistPending) return;
    this.checklistPending = true;
    afterFrame(function () { self.flushChecklist(false); });
  };

  /* The checklist for the matched programs, built now when `now` (printing), else a slice a task. */
  SelfCheck.prototype.flushChecklist = function (now) {
    if (this.checklistPending) {
      this.checklistPending = false;
      this.renderChecklist(this.matched);
    }
    if (now && this.checklistJob) this.runChecklist(this.checklistJob, Infinity);
    this.settle();
  };

  /* data-pb-settled: every item and the checklist are up to date (nothing left for a later task). */
  SelfCheck.prototype.settle = function () {
    if (!this.checklistPending && !this.itemsPending && !this.checklistJob && !this.remembering) {
      this.root.setAttribute("data-pb-settled", "true");
    }
  };

  /* A program's row of the 申报时间 table (the same for every answer: kept). */
  SelfCheck.prototype.row = function (p) {
    var row = this.rows[p.id];
    if (!row) {
      row = this.rows[p.id] = el("tr", {}, el("td", {}, p.title), el("td", {}, this.deadline(p)),
        el("td", {}, (this.extra[p.id] || {}).processing_time || "—"));
    }
    return row;
  };

  /* Start building the checklist of `programs` (replacing a build under way); it replaces the
   * old one when complete. At 10,000 programs it has thousands of rows and lines: built in slices
   * of a few ms (runChecklist), so that an answer is never kept waiting behind it (issue 22). */
  SelfCheck.prototype.renderChecklist = function (programs) {
    // the same programs as last time, in the same state: the same checklist (thousands of rows
    // at 10,000 programs, which the browser would lay out again)
    var key = (this.first ? "first " + this.first.matched : this.complete ? "c" : this.failed ? "f" : "p") + " " +
      programs.map(function (p) { return p.id; }).join(" ");
    if (key === this.checklistKey) return;
    this.checklistKey = key;
    var self = this, job = this.checklistJob = { nodes: [], steps: [] };
    this.checklistSteps(programs, job);
    this.root.setAttribute("data-pb-settled", "false");
    var pump = function () {
      if (self.checklistJob === job && !self.runChecklist(job, BUDGET)) idle(pump);
    };
    pump();
  };

  /* Run a build's steps for up to `budget` ms; true once it is done and on the page. */
  SelfCheck.prototype.runChecklist = function (job, budget) {
    var started = Date.now();
    while (job.steps.length && Date.now() - started < budget) job.steps.shift()();
    if (job.steps.length) return false;
    if (job.finish) job.finish();
    this.checklist.replaceChildren.apply(this.checklist, job.nodes);
    this.checklistJob = null;
    this.settle();
    return true;
  };

  /* The steps building the checklist's nodes into job.nodes (a step may queue more steps). */
  SelfCheck.prototype.checklistSteps = function (programs, job) {
    var self = this, extra = this.extra, nodes = job.nodes, steps = job.steps, SLICE = 200;
    var slices = function (items, each) {  // one step per SLICE items
      for (var i = 0; i < items.length; i += SLICE) {
        steps.push(function (slice) { return function () { slice.forEach(each); }; }(items.slice(i, i + SLICE)));
      }
    };
    nodes.push(el("h2", { id: "pb-checklist-title", text: "申报准备清单" }));
    var count = this.first ? this.first.matched : programs.length;  // the first view: the precomputed count
    if (!count) {
      nodes.push(el("p", { className: "pb-empty", text: "还没有符合或需补充信息、现在或近期可以申报的事项。回答上面的问题后，这里列出要准备的材料。" }));
      return;
    }
    nodes.push(el("p", { className: "pb-checklist-intro", text: "以下" + count +
      "个事项现在或近期可以申报（“符合”和“需补充信息”）。材料已合并去重，括号里是需要它的事项。结果仅供参考，以当期申报通知为准。" }));
    if (!this.complete) {  // the materials, 办理时限 and contacts follow the first results (addMore)
      nodes.push(el("p", { className: "pb-checklist-pending", attrs: { role: "status" }, text: this.failed ?
        "申报材料和咨询电话没有加载成功，请刷新页面重试；也可以在各事项页面查看。" : "正在加载申报材料和咨询电话……" }));
      return;
    }
    var rows = [];
    slices(programs, function (p) { rows.push(self.row(p)); });
    var body = el("tbody");
    nodes.push(el("h3", { text: "申报时间" }), el("table", { className: "pb-checklist-table" },
      el("thead", {}, el("tr", {}, el("th", { text: "事项" }), el("th", { text: "申报时间" }), el("th", { text: "办理时限" }))),
      body));
    // the rows are kept from one checklist to the next: moved out of the one on the page only when it is replaced
    job.finish = function () { body.append.apply(body, rows); };
    // materials: one line per name, with the programs needing it and their forms
    var materials = [], byName = Object.create(null);
    slices(programs, function (p) {
      ((extra[p.id] || {}).materials || []).forEach(function (m) {
        var entry = byName[m.name];
        if (!entry) {
          entry = byName[m.name] = { name: m.name, programs: [], seen: Object.create(null), forms: [], required: false };
          materials.push(entry);
        }
        if (!entry.seen[p.title]) { entry.seen[p.title] = true; entry.programs.push(p.title); }
        if (m.form && entry.forms.indexOf(m.form) === -1) entry.forms.push(m.form);
        entry.required = entry.required || m.required;
      });
    });
    var materialList = el("ul", { className: "pb-checklist-materials" });
    steps.push(function () {
      nodes.push(el("h3", { text: "申报材料（" + materials.length + "项）" }), materialList);
      slices(materials, function (m) {
        materialList.appendChild(el("li", { className: "pb-checklist-material" },
          el("span", { className: "pb-checklist-box", attrs: { "aria-hidden": "true" }, text: "☐ " }),
          el("strong", { text: m.name }), m.required ? "" : "（如有）",
          el("span", { className: "pb-checklist-for", text: "（" + m.programs.join("、") + "）" }),
          m.forms.length ? el("span", { className: "pb-checklist-forms", text: " 表格：" + m.forms.join("、") + "，在事项页面下载" }) : null));
      });
      // contacts: one per department and phone
      var contacts = [], byKey = Object.create(null), contactList = el("ul", { className: "pb-checklist-contacts" });
      slices(programs, function (p) {
        ((extra[p.id] || {}).contacts || []).forEach(function (c) {
          var key = c.name + "|" + (c.phone || "");
          var entry = byKey[key];
          if (!entry) { entry = byKey[key] = { contact: c, programs: [], seen: Object.create(null) }; contacts.push(entry); }
          if (!entry.seen[p.title]) { entry.seen[p.title] = true; entry.programs.push(p.title); }
        });
      });
      steps.push(function () {
        nodes.push(el("h3", { text: "咨询电话" }), contactList);
        slices(contacts, function (entry) {
          var c = entry.contact;
          var line = [c.phone, c.email, c.address, c.hours].filter(Boolean).join("；");
          contactList.appendChild(el("li", {}, el("strong", { text: c.name }), line ? "：" + line : "",
            el("span", { className: "pb-checklist-for", text: "（" + entry.programs.join("、") + "）" })));
        });
      });
    });
  };

  /* data/selfcheck-more.json has arrived: the checklist and the calendar are complete. */
  SelfCheck.prototype.addMore = function (more) {
    var extra = this.extra;
    Object.keys(more.programs).forEach(function (id) {
      var entry = extra[id] = extra[id] || {}, add = more.programs[id];
      Object.keys(add).forEach(function (key) { entry[key] = add[key]; });
    });
    this.complete = true;
    if (this.matched) this.renderChecklist(this.matched);
    this.root.setAttribute("data-pb-complete", "true");
    var waiting = this.waiting;
    this.waiting = [];
    waiting.forEach(function (run) { run(); });
  };

  /* It did not arrive: say so where the checklist would be; the results stay as they are. */
  SelfCheck.prototype.moreFailed = function () {
    this.failed = true;
    var waiting = this.waiting;
    this.waiting = [];
    if (this.matched) this.renderChecklist(this.matched);
    this.root.setAttribute("data-pb-complete", "error");
    waiting.forEach(function (run) { run(); });  // print what there is; the calendar stays disabled
  };

  SelfCheck.prototype.mount = function () {
    this.root.appendChild(this.build());
    this.fragment = window.location.hash;  // the URL's answers as this page last read or wrote them
    var saved = this.decode(window.location.hash);
    if (!saved) {
      try { saved = JSON.parse(window.sessionStorage.getItem(STORE) || "null"); } catch (e) { saved = null; }
    }
    if (saved && typeof saved === "object" && !Array.isArray(saved)) this.apply(saved);
    // the first results: FIRST items a group, then (after they are painted) the rest of the
    // PAGE and the folded group's items (renderRest), as after every answer
    this.update();
    this.mounted = true;
    this.watch();
    if (!this.first) this.prepareKeys();
    var self = this;
    window.addEventListener("beforeprint", function () { self.flushChecklist(true); });
    window.addEventListener("pagehide", function () { self.rememberNow(); });
    GROUPS.forEach(function (g) {  // the folded group opened before its items came: built at once
      var details = self.groups[g.id].details;
      if (details) details.addEventListener("toggle", function () { if (details.open) self.completeGroup(g.id); });
    });
    // a link with other answers pasted into this tab: the same page, a new result
    window.addEventListener("hashchange", function () {
      self.remembering = null;  // the pasted answers win over ones not yet written
      self.fragment = window.location.hash;
      var profile = self.decode(window.location.hash);
      if (!profile || window.location.hash === self.encode(self.profile())) return;
      self.apply(profile);
      self.update();
      self.rememberNow();  // the link as this page reads it, at once (no answer's frame to keep short)
      self.settle();
    });
    var fallback = this.root.querySelector(".pb-finder-fallback");
    if (fallback) fallback.hidden = true;
    if (this.first) {  // the precomputed first view is on the page; upgrade() sets data-pb-ready
      this.first.painted = true;
      this.root.setAttribute("data-pb-first", "true");
      return;
    }
    this.root.setAttribute("data-pb-ready", "true");
  };

  /* The full data has arrived after the first view: match every program and take over. Items
   * already on the page stay (itemFor finds them unchanged), answers given meanwhile are matched. */
  SelfCheck.prototype.upgrade = function (loaded) {
    if (loaded.data.reference_date !== this.data.reference_date) this.nodes = {};  // another build: build again
    this.first = null;
    this.itemsPending = false;
    this.setData(loaded.data, loaded.extra, loaded.partial);
    this.update();
    this.prepareKeys();
    this.root.setAttribute("data-pb-ready", "true");
    var waiting = this.whenFullWaiting;
    this.whenFullWaiting = [];
    waiting.forEach(function (run) { run(); });
  };

  /* Run `action` now, or once the full data has replaced the first view (what needs every program). */
  SelfCheck.prototype.whenFull = function (action) {
    if (this.first) this.whenFullWaiting.push(action);
    else action();
  };

  function showError(root) {
    var fallback = root.querySelector(".pb-finder-fallback");
    root.insertBefore(el("p", { className: "pb-finder-error", attrs: { role: "alert" },
      text: "事项数据加载失败，暂时无法匹配。请刷新页面重试，或按类别浏览：" }), fallback || null);
    root.setAttribute("data-pb-ready", "error");
  }

  var CORE = { format: "policybook-selfcheck-core", version: 1 };
  var FIRST_VIEW = { format: "policybook-selfcheck-first", version: 1, path: "data/selfcheck-first.json" };
  var SLICE = 1000;  // records decoded a task after the first view
  var MORE = { format: "policybook-selfcheck-more", version: 1, path: "data/selfcheck-more.json" };
  var ICS = { format: "policybook-selfcheck-ics", version: 1, path: "data/selfcheck-ics.json" };

  function own(object, key) {
    return object && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
  }

  /* 政策查找's core file (the cards) and data/selfcheck-core.json (each program's rules, formulas,
   * next window) → what data/finder.json decodes to, and the first part of selfcheck.json. Files
   * of two different builds (a cached one) do not fit together: refused, and the whole files read. */
  function joinCore(cards, core) {
    if (!cards || !core || core.format !== CORE.format || core.version !== CORE.version ||
        core.reference_date !== cards.reference_date || typeof core.programs !== "object") {
      throw new Error("unsupported data format");
    }
    var columns = (cards.columns || {}).programs || [], id = columns.indexOf("id"), rules = columns.indexOf("rules");
    if (id === -1 || rules === -1 || !Array.isArray(cards.programs)) throw new Error("unsupported data format");
    var extras = {};  // program id → formulas, next, ics (its rules too, which nothing reads there)
    // the rows are this page's own (just parsed): their rules put in place, not copied (10,000 rows)
    var rows = cards.programs, owned = Object.prototype.hasOwnProperty;
    for (var n = 0; n < rows.length; n++) {
      var row = rows[n], key = row[id], entry = owned.call(core.programs, key) ? core.programs[key] : undefined;
      if (!entry || !Array.isArray(entry.rules)) throw new Error("no rules for " + key);
      row[rules] = entry.rules;
      extras[key] = entry;
    }
    var data = {};
    Object.keys(cards).forEach(function (key) { data[key] = cards[key]; });
    data.columns = {};
    [cards.columns, core.columns].forEach(function (table) {
      Object.keys(table || {}).forEach(function (key) { data.columns[key] = table[key]; });
    });
    data.programs = rows;
    data.conditions = core.conditions;
    data.clauses = core.clauses;
    data.policies = core.policies;
    return { rows: data, extra: { calendar: Boolean(core.calendar), programs: extras }, partial: true };
  }

  /* The whole files (a site built before the split): everything at once, as before. */
  function loadWhole() {
    // data/selfcheck.json: amounts and the checklist; the page still matches without it
    var extra = C.loadData("data/selfcheck.json").catch(function () { return null; });
    return Promise.all([C.loadPrograms(), extra]).then(function (loaded) {
      return { data: loaded[0], extra: loaded[1], partial: false };
    });
  }

  /* The core files joined and decoded; `sliced`: a slice of records a task (after the first view,
   * so that the page takes input meanwhile). */
  function loadFirst(sliced) {
    return Promise.all([C.loadData("data/finder-core.json"), C.loadData("data/selfcheck-core.json")])
      .then(function (loaded) {
        var joined = joinCore(loaded[0], loaded[1]);
        var decoded = sliced ? C.decodeIndexInSlices(joined.rows, SLICE) : C.decodeIndex(joined.rows);
        return Promise.resolve(decoded).then(function (data) {
          return { data: data, extra: joined.extra, partial: true };
        });
      })
      .catch(loadWhole);
  }

  /* Answers in the URL or in this tab's storage: the precomputed first view (no answers) does not apply. */
  function hasAnswers() {
    var hash = window.location.hash;
    if (typeof hash === "string" && hash.indexOf(HASH) === 0 && hash.length > HASH.length) return true;
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(STORE) || "null");
      return Boolean(saved && typeof saved === "object" && Object.keys(saved).length);
    } catch (e) {
      return false;
    }
  }

  /* data/selfcheck-first.json (finder/selfcheck_first.py) for `today` → the SelfCheck arguments of
   * the first view: the programs it shows (decoded like finder.json), their formulas and next
   * windows, and the counts; null when the file does not cover that date. */
  function readFirst(doc, today) {
    if (!doc || doc.format !== FIRST_VIEW.format || doc.version !== FIRST_VIEW.version || !Array.isArray(doc.days) ||
        !Array.isArray(doc.programs) || !Array.isArray(doc.asked) || typeof doc.extras !== "object") {
      throw new Error("unsupported data format");
    }
    var day = null;
    doc.days.forEach(function (d) { if (d.from <= today && today <= d.until) day = d; });
    if (!day) return null;
    var positions = [];
    Object.keys(day.shown).forEach(function (section) { positions = positions.concat(day.shown[section]); });
    var rows = {};
    ["format", "version", "columns", "program_url", "reference_date", "vocabularies", "vocabulary_order", "facts",
      "fact_order", "conditions", "clauses", "policies"].forEach(function (key) { rows[key] = doc[key]; });
    rows.format = "policybook-finder";
    rows.version = 1;
    rows.programs = positions.map(function (n) { return doc.programs[n]; });
    var data = C.decodeIndex(rows), extras = {};
    data.programs.forEach(function (p) { extras[p.id] = own(doc.extras, p.id) || {}; });
    return { data: data, extra: { calendar: Boolean(doc.calendar), programs: extras },
             first: { counts: day.counts, matched: day.matched, ics: day.ics, asked: doc.asked } };
  }

  /* The rest, once the first results have been painted (a frame, then a task). */
  function loadMore(referenceDate, checks) {
    window.requestAnimationFrame(function () {
      window.setTimeout(function () {
        C.loadData(MORE.path).then(function (more) {
          if (!more || more.format !== MORE.format || more.version !== MORE.version ||
              more.reference_date !== referenceDate || typeof more.programs !== "object") {
            throw new Error("unsupported data format");
          }
          checks.forEach(function (check) { check.addMore(more); });
        }).catch(function () {
          checks.forEach(function (check) { check.moreFailed(); });
        });
      }, 0);
    });
  }

  function start() {
    var roots = document.querySelectorAll('[data-pb-finder="selfcheck"]');
    if (!roots.length) return;
    if (hasAnswers()) {
      startFull(roots);
      return;
    }
    var given = window.PolicybookSelfCheckFirst;  // data/selfcheck-first.js, a deferred script before this one
    if (given) {
      // built now, as this script runs: before the theme's deferred scripts and the load event
      var view = null;
      try { view = readFirst(given, C.todayIso()); } catch (e) { view = null; }
      if (view) startFirst(roots, view);
      else startFull(roots);
      return;
    }
    C.loadData(FIRST_VIEW.path).then(function (doc) { return readFirst(doc, C.todayIso()); })
      .catch(function () { return null; })
      .then(function (first) {
        if (first) startFirst(roots, first);
        else startFull(roots);
      });
  }

  /* The first view precomputed by the build, then (after it is painted) the full data. */
  function startFirst(roots, first) {
    var checks = Array.prototype.map.call(roots, function (root) {
      var check = new SelfCheck(root, first.data, first.extra, true, first.first);
      check.mount();
      window.PolicybookSelfCheck = check;
      return check;
    });
    window.requestAnimationFrame(function () {
      window.setTimeout(function () {
        loadFirst(true).then(function (loaded) {
          checks.forEach(function (check) { check.upgrade(loaded); });
          if (loaded.partial) loadMore(loaded.data.reference_date, checks);
          else checks.forEach(function (check) { check.root.setAttribute("data-pb-complete", "true"); });
        }, function () {
          Array.prototype.forEach.call(roots, showError);
        });
      }, 0);
    });
  }

  /* Every program decoded and matched before the first results (answers given, or no first view). */
  function startFull(roots) {
    loadFirst(false).then(function (loaded) {
      var checks = Array.prototype.map.call(roots, function (root) {
        var check = new SelfCheck(root, loaded.data, loaded.extra, loaded.partial);
        check.mount();
        window.PolicybookSelfCheck = check;
        return check;
      });
      if (loaded.partial) loadMore(loaded.data.reference_date, checks);
      else checks.forEach(function (check) { check.root.setAttribute("data-pb-complete", "true"); });
    }, function () {
      Array.prototype.forEach.call(roots, showError);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
