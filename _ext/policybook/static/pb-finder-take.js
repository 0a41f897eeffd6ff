/* Policybook 政策查找: take the results away — 导出 (CSV) and 订阅此筛选 (the closest Atom feed).
 *
 * Listens for pb-finder.js's "pb-finder-update" event and keeps a small bar above the results:
 * - 导出: the rows found and the columns the result cards show (name, status, level, category,
 *   support, deadline) plus each program's full URL, as CSV made in the browser (a Blob and a
 *   download link; no server, no inline script). UTF-8 with a BOM so that Excel shows Chinese;
 *   a cell starting with = + - @ (or a tab / carriage return) gets a leading ' so a spreadsheet
 *   never runs it as a formula.
 * - 订阅此筛选: there is one feed per value of each facet (feeds.py), not one per combination,
 *   so the link goes to the feed of the narrowest facet chosen, and says which feed it is and
 *   which of the reader's filters it does not follow.
 */
(function () {
  "use strict";

  var C = window.PolicybookFinderCore;
  var el = C.el;
  var HEADER = ["事项名称", "申报状态", "层级", "类别", "支持内容", "截止时间", "网址"];

  /* A cell a spreadsheet would read as a formula is made plain text. */
  function neutral(text) {
    text = String(text === null || text === undefined ? "" : text);
    return /^[=+\-@\t\r]/.test(text) ? "'" + text : text;
  }

  function csvCell(text) {
    return '"' + neutral(text).replace(/"/g, '""') + '"';
  }

  /* The columns of one result card, read as the card shows them. */
  function row(finder, record) {
    var p = record.program, data = finder.data, today = finder.today;
    var card = finder.item(record);
    var link = card.querySelector(".pb-item-title a");
    var status = card.querySelector(".pb-status, .pb-no-application");  // 免申即享 stands where a status would
    var forecast = card.querySelector(".pb-forecast");  // the dates are a forecast (预计)
    return [
      p.title,
      (status ? status.textContent : "") + (forecast ? "（" + forecast.textContent + "）" : ""),
      C.label(data, "level", p.level),
      C.label(data, "category", p.category),
      (p.funding && p.funding.summary) || "",
      C.deadlineText(p, today),
      link ? new URL(link.getAttribute("href"), window.location.href).href : ""
    ];
  }

  function csv(finder) {
    var lines = [HEADER].concat(finder.found.map(function (record) { return row(finder, record); }));
    return "\uFEFF" + lines.map(function (cells) { return cells.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }

  function download(finder) {
    var blob = new Blob([csv(finder)], { type: "text/csv;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var link = el("a", { href: url, download: "政策查找结果-" + finder.today + ".csv", hidden: true });
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  /* How many programs hold `value` in facet `i`; each facet's numbers made in one pass over the
   * records when first asked for, and kept while the records are the same. */
  function holding(finder, i, value) {
    var kept = finder.takeCounts;
    if (!kept || kept.records !== finder.records) kept = finder.takeCounts = { records: finder.records, facets: [] };
    if (!kept.facets[i]) {
      var counts = kept.facets[i] = Object.create(null);
      finder.records.forEach(function (r) {
        var values = r.facets[i];
        for (var v = 0; v < values.length; v++) {
          if (values.indexOf(values[v]) === v) counts[values[v]] = (counts[values[v]] || 0) + 1;
        }
      });
    }
    return kept.facets[i][value] || 0;
  }

  /* The feed closest to the filters: the chosen facet value with the fewest programs (counted
   * only when two or more facets with a feed are chosen: at 10,000 programs the count was a pass
   * over every record on each filter, issue 22). */
  function closestFeed(finder) {
    var templates = C.readJsonAttr(finder.root, "data-pb-feeds") || {};
    var state = finder.state, best = null, chosen = [];
    finder.facetList.forEach(function (f, i) {
      if (state[f.key] && templates[f.key]) chosen.push(i);
    });
    chosen.forEach(function (i) {
      var f = finder.facetList[i], value = state[f.key];
      var n = chosen.length > 1 ? holding(finder, i, value) : 0;
      if (!best || n < best.n) best = { facet: f, value: value, n: n };
    });
    var others = [];
    finder.facetList.forEach(function (f) {
      if (state[f.key] && (!best || f !== best.facet)) others.push(f.label);
    });
    if (state.status.length) others.push("申报状态");
    if (state.amount) others.push("金额");
    if (state.q.trim()) others.push("关键词");
    if (!best) return { path: templates.all, name: "本站全部事项和政策的更新", others: others };
    return {
      path: templates[best.facet.key].split("{id}").join(encodeURIComponent(best.value)),
      name: best.facet.label + "为“" + C.label(finder.data, best.facet.vocab, best.value) + "”的全部事项的更新",
      others: others
    };
  }

  function bar(finder) {
    var exportButton = el("button", { type: "button", className: "pb-finder-button pb-finder-export" });
    exportButton.addEventListener("click", function () {
      // on the precomputed first page the rows come with the full index: export then (render)
      if (finder.preview) finder.exportWanted = true; else download(finder);
    });
    var subscribe = el("a", { className: "pb-finder-subscribe", text: "订阅此筛选" });
    var explain = el("p", { className: "pb-finder-subscribe-note", id: "pb-finder-subscribe-note" });
    subscribe.setAttribute("aria-describedby", explain.id);
    var node = el("div", { className: "pb-finder-take" },
      el("div", { className: "pb-finder-take-actions" }, exportButton, subscribe), explain);
    return { node: node, exportButton: exportButton, subscribe: subscribe, explain: explain };
  }

  function render(finder) {
    if (!finder.take) {
      finder.take = bar(finder);
      finder.list.parentNode.insertBefore(finder.take.node, finder.list);
    }
    var take = finder.take, n = finder.total ? finder.total() : finder.found.length;
    if (finder.exportWanted && !finder.preview) {
      finder.exportWanted = false;
      download(finder);
    }
    take.exportButton.textContent = "导出" + n + "项（CSV表格）";
    take.exportButton.disabled = n === 0;
    var feed = closestFeed(finder);
    take.subscribe.href = C.contentRoot() + feed.path;
    take.subscribe.setAttribute("data-feed", feed.path);
    var note = "用 RSS 阅读器订阅" + feed.name + "：新增事项、申报时间和金额等变化会推送到阅读器。";
    if (feed.others.length) note += "订阅不区分" + feed.others.join("、") + "，阅读器里会看到范围更大一些的更新。";
    take.explain.textContent = note;
  }

  // the event does not bubble: listen in the capture phase
  document.addEventListener("pb-finder-update", function (event) { render(event.detail); }, true);
  // a finder that mounted before this script ran
  if (window.PolicybookFinder && window.PolicybookFinder.found) render(window.PolicybookFinder);
})();
