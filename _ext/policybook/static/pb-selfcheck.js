/* Policybook 政策匹配: a questionnaire from the index's facts, matched by pb-match.js.
 *
 * Asks only the facts that some current program's rules use, in vocab.FACTS order; an
 * unanswered question is "unknown". Results fall in three groups exactly as in matching.py,
 * each program listing every rule with its verdict and its clause; a group shows its first PAGE
 * programs and the rest behind 显示更多 (the counts always cover all). Nothing entered leaves the
 * browser: after data/finder.json no request is made; answers are kept only in this tab's
 * sessionStorage (so they survive a visit to a program page) and cleared by 重新填写.
 */
(function () {
  "use strict";

  var C = window.PolicybookFinderCore;
  var M = window.PolicybookMatch;
  var el = C.el;
  var STORE = "policybook:self-check";
  var NONE = "__none__";
  var PAGE = 50;  // items rendered per group until the reader asks for more (2,000 programs: all would take ~1 s)

  var VERDICTS = {
    met: { text: "满足", color: "success" },
    unmet: { text: "不满足", color: "danger" },
    unknown: { text: "未填写", color: "secondary", outline: true },
    manual: { text: "需人工审核", color: "warning", outline: true }
  };
  var GROUPS = [
    { id: M.ELIGIBLE, title: "符合", explain: "已回答的条件全部满足。标为“需人工审核”的条件要由主管部门审核，请对照政策原文准备材料。" },
    { id: M.NEEDS_INFO, title: "需补充信息", explain: "目前没有不满足的条件，但有的问题还没有回答。补充后结果会随之更新。" },
    { id: M.INELIGIBLE, title: "不符合", explain: "至少有一项条件不满足。" }
  ];

  function safeId(id) { return String(id).replace(/[^A-Za-z0-9_-]/g, "_"); }

  function SelfCheck(root, data) {
    this.root = root;
    this.data = data;
    this.today = C.todayIso();
    this.vocabOrder = C.readJsonAttr(root, "data-pb-vocab-order") || {};
    var today = this.today;
    // in the order every group lists them (by deadline), which no answer changes
    this.programs = data.programs.filter(function (p) { return !p.archived; })
      .map(function (p) { return { program: p, key: C.deadlineKey(p, today) }; })
      .sort(function (a, b) { return C.compareDeadlineKeys(a.key, b.key, a.program, b.program); })
      .map(function (entry) { return entry.program; });
    this.facts = this.questions();
    this.controls = {};
    this.opened = {};
    this.found = {};  // group id → [[program, verdicts]] of the last update
    this.shown = {};  // group id → how many items are rendered
    this.nodes = {};  // program id → {key: its verdicts, node: its item}
  }

  /* The facts current programs' rules use, in declared order. */
  SelfCheck.prototype.questions = function () {
    var used = {}, facts = this.data.facts || {};
    this.programs.forEach(function (p) {
      p.eligibility.rules.forEach(function (rule) {
        if (rule.op !== "manual" && rule.fact && Object.prototype.hasOwnProperty.call(facts, rule.fact)) used[rule.fact] = true;
      });
    });
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
      block = el("div", { className: "pb-selfcheck-q", id: id },
        el("label", { htmlFor: control.select.id, text: text }), control.select);
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
      var hint = el("p", { className: "pb-selfcheck-hint", id: id + "-hint", text: "可多选。都没有请选“以上都没有”；都不勾选表示不确定。" });
      block = el("fieldset", { className: "pb-selfcheck-q pb-selfcheck-wide", id: id, attrs: { "aria-describedby": hint.id } },
        el("legend", { text: text }), hint, boxes);
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

  SelfCheck.prototype.build = function () {
    var self = this;
    var form = el("form", { className: "pb-selfcheck-form", attrs: { "aria-labelledby": "pb-selfcheck-form-title", novalidate: "" } });
    form.appendChild(el("h2", { id: "pb-selfcheck-form-title", text: "贵单位情况" }));
    form.appendChild(el("p", { className: "pb-selfcheck-intro",
      text: "共 " + this.facts.length + " 个问题，来自各事项申报条件中可以自行判断的部分。不确定的可以不填。" }));
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
      var first = form.querySelector("input, select");
      if (first) first.focus();
    });
    this.tally = el("p", { className: "pb-selfcheck-tally", attrs: { "aria-hidden": "true" } });
    form.appendChild(el("div", { className: "pb-selfcheck-bar" }, this.tally, show, reset));

    this.resultsTitle = el("h2", { id: "pb-selfcheck-results-title", text: "匹配结果", tabIndex: -1 });
    this.summary = el("p", { className: "pb-selfcheck-summary", attrs: { role: "status", "aria-live": "polite" } });
    this.jumps = el("ul", { className: "pb-selfcheck-jumps" });
    this.groups = {};
    var results = el("section", { className: "pb-selfcheck-results", attrs: { "aria-labelledby": this.resultsTitle.id } },
      this.resultsTitle, this.summary,
      el("nav", { attrs: { "aria-label": "结果分组" } }, this.jumps));
    GROUPS.forEach(function (g) {
      var title = el("h3", { id: "pb-selfcheck-" + g.id });
      var list = el("ul", { className: "pb-program-list pb-selfcheck-list" });
      var empty = el("p", { className: "pb-empty", text: "暂无。" });
      var more = el("button", { type: "button", className: "pb-finder-button pb-finder-more pb-selfcheck-more", hidden: true });
      more.addEventListener("click", function () { self.showMore(g.id); });
      var section = el("section", { className: "pb-selfcheck-group pb-selfcheck-group-" + g.id,
        attrs: { "aria-labelledby": title.id, "data-group": g.id } },
        title, el("p", { className: "pb-selfcheck-explain", text: g.explain }), empty, list, more);
      self.groups[g.id] = { title: title, list: list, empty: empty, more: more, section: section, definition: g };
      results.appendChild(section);
    });
    return el("div", { className: "pb-selfcheck-app" }, form, results);
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

  SelfCheck.prototype.reason = function (program, group, verdicts) {
    var self = this, facts = this.data.facts || {}, rules = program.eligibility.rules;
    var reason = el("p", { className: "pb-selfcheck-reason" });
    var pick = function (verdict) { return rules.filter(function (r, i) { return verdicts[i] === verdict; }); };
    var manual = pick(M.MANUAL).length;
    if (group === M.INELIGIBLE) {
      reason.appendChild(el("strong", { text: "不满足：" }));
      reason.appendChild(document.createTextNode(pick(M.UNMET).map(function (r) { return r.text; }).join("；")));
    } else if (group === M.NEEDS_INFO) {
      reason.appendChild(el("strong", { text: "待回答：" }));
      var seen = {};
      pick(M.UNKNOWN).forEach(function (rule) {
        if (seen[rule.fact]) return;
        seen[rule.fact] = true;
        if (Object.keys(seen).length > 1) reason.appendChild(document.createTextNode("、"));
        var fact = facts[rule.fact];
        if (fact && self.controls[rule.fact]) {
          var link = el("a", { href: "#pb-q-" + safeId(rule.fact), text: fact.question });
          link.addEventListener("click", function (event) { self.focusQuestion(rule.fact, event); });
          reason.appendChild(link);
        } else {
          reason.appendChild(document.createTextNode(fact ? fact.question : rule.text));
        }
      });
    } else {
      var met = pick(M.MET).length;
      reason.appendChild(document.createTextNode(met ? "已填写的 " + met + " 项条件都满足" : "没有可以自行判断的条件"));
    }
    if (manual) reason.appendChild(document.createTextNode("；另有 " + manual + " 项需人工审核"));
    reason.appendChild(document.createTextNode("。"));
    return reason;
  };

  SelfCheck.prototype.rules = function (program, verdicts) {
    var items = el("ol", { className: "pb-selfcheck-rules" });
    program.eligibility.rules.forEach(function (rule, i) {
      var v = VERDICTS[verdicts[i]];
      var li = el("li", { className: "pb-rule pb-verdict-" + verdicts[i] });
      li.setAttribute("data-verdict", verdicts[i]);
      li.appendChild(el("p", { className: "pb-rule-text" },
        C.badge(v.text, v.color, v.outline, ["pb-verdict", "pb-verdict-" + verdicts[i]]), " ", rule.text));
      var clause = rule.clause || {};
      var url = C.href(clause.url);
      var cite = el("p", { className: "pb-cite" }, "依据：");
      cite.appendChild(url ? el("a", { href: url, text: clause.label || "" }) : document.createTextNode(clause.label || ""));
      li.appendChild(cite);
      items.appendChild(li);
    });
    return items;
  };

  SelfCheck.prototype.item = function (program, group, verdicts) {
    var self = this;
    var li = el("li", { className: "pb-item pb-selfcheck-item" });
    li.setAttribute("data-program", program.id);
    li.setAttribute("data-group", group);
    C.programHead(this.data, program, this.today).forEach(function (node) { li.appendChild(node); });
    li.appendChild(this.reason(program, group, verdicts));
    var open = Boolean(this.opened[program.id]);  // closed until the reader opens it, then kept open
    var tally = ["met", "unmet", "unknown", "manual"].map(function (v) {
      var n = verdicts.filter(function (x) { return x === v; }).length;
      return n ? n + " 项" + VERDICTS[v].text : "";
    }).filter(Boolean).join("，");
    var details = el("details", { className: "pb-selfcheck-details", open: open },
      el("summary", { text: "逐条核对 " + verdicts.length + " 项条件（" + tally + "）" }), this.rules(program, verdicts));
    details.addEventListener("toggle", function () { self.opened[program.id] = details.open; });
    li.appendChild(details);
    return li;
  };

  /* The item for a program with these verdicts: the one already built if they have not changed
   * (most answers change few programs), which also keeps its details open or closed. */
  SelfCheck.prototype.itemFor = function (program, group, verdicts) {
    var key = verdicts.join(" "), cached = this.nodes[program.id];
    if (cached && cached.key === key) return cached.node;
    var node = this.item(program, group, verdicts);
    this.nodes[program.id] = { key: key, node: node };
    return node;
  };

  /* Make the list's children `nodes`: left alone if they already are, else in one replacement.
   * One DOM operation, not one per item: the theme's Font Awesome script scans the whole list
   * again for every mutation record (40 ms for 130 records at 2,000 programs). */
  function patch(list, nodes) {
    var children = list.children;
    var same = children.length === nodes.length && nodes.every(function (node, i) { return children[i] === node; });
    if (!same) list.replaceChildren.apply(list, nodes);
  }

  SelfCheck.prototype.update = function () {
    var self = this, profile = this.profile();
    try { window.sessionStorage.setItem(STORE, JSON.stringify(profile)); } catch (e) { /* storage disabled */ }
    var buckets = {};
    GROUPS.forEach(function (g) { buckets[g.id] = []; });
    this.programs.forEach(function (p) {
      var result = M.match(p.eligibility.rules, profile);
      buckets[result[0]].push([p, result[1]]);
    });
    var answered = Object.keys(profile).length;
    var parts = [], tally = [];
    var jumps = [];
    GROUPS.forEach(function (g) {
      var group = self.groups[g.id], found = buckets[g.id];
      group.title.textContent = g.title + "（" + found.length + "）";
      group.empty.hidden = found.length !== 0;
      self.found[g.id] = found;
      self.shown[g.id] = PAGE;
      self.renderGroup(g.id, 0);
      group.list.hidden = found.length === 0;
      parts.push(g.title + " " + found.length + " 项");
      tally.push(g.title + " " + found.length);
      jumps.push(el("li", {}, el("a", { href: "#" + group.title.id, text: g.title + "（" + found.length + "）" })));
    });
    this.jumps.replaceChildren.apply(this.jumps, jumps);
    this.summary.textContent = (answered ? "已回答 " + answered + " / " + this.facts.length + " 个问题：" :
      "还没有回答问题，需要填写信息才能判断的事项都列在“需补充信息”：") + parts.join("，") + "。";
    this.tally.textContent = "已答 " + answered + "/" + this.facts.length + " · " + tally.join(" · ");
  };

  /* Render items [from, shown) of a group; the rest wait behind 显示更多. */
  SelfCheck.prototype.renderGroup = function (id, from) {
    var group = this.groups[id], found = this.found[id];
    var end = Math.min(found.length, this.shown[id]), nodes = [];
    for (var i = from; i < end; i++) nodes.push(this.itemFor(found[i][0], id, found[i][1]));
    if (from === 0) patch(group.list, nodes);
    else group.list.append.apply(group.list, nodes);
    var rest = found.length - end;
    group.more.hidden = rest <= 0;
    group.more.textContent = "显示更多" + group.definition.title + "的事项（还有 " + rest + " 项）";
  };

  SelfCheck.prototype.showMore = function (id) {
    var from = this.shown[id];
    this.shown[id] += PAGE;
    this.renderGroup(id, from);
    var first = this.groups[id].list.children[from];
    var link = first && first.querySelector("a");
    if (link) link.focus();  // keyboard readers continue where the new items start
  };

  SelfCheck.prototype.mount = function () {
    this.root.appendChild(this.build());
    var saved = null;
    try { saved = JSON.parse(window.sessionStorage.getItem(STORE) || "null"); } catch (e) { saved = null; }
    if (saved && typeof saved === "object" && !Array.isArray(saved)) this.apply(saved);
    this.update();
    var fallback = this.root.querySelector(".pb-finder-fallback");
    if (fallback) fallback.hidden = true;
    this.root.setAttribute("data-pb-ready", "true");
  };

  function showError(root) {
    var fallback = root.querySelector(".pb-finder-fallback");
    root.insertBefore(el("p", { className: "pb-finder-error", attrs: { role: "alert" },
      text: "事项数据加载失败，暂时无法匹配。请刷新页面重试，或按类别浏览：" }), fallback || null);
    root.setAttribute("data-pb-ready", "error");
  }

  function start() {
    var roots = document.querySelectorAll('[data-pb-finder="selfcheck"]');
    if (!roots.length) return;
    C.loadPrograms().then(function (data) {
      Array.prototype.forEach.call(roots, function (root) {
        var check = new SelfCheck(root, data);
        check.mount();
        window.PolicybookSelfCheck = check;
      });
    }, function () {
      Array.prototype.forEach.call(roots, showError);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
