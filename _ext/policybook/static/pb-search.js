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
  var PAGE_LIMIT = 30;
  var pagefindPromise = null;
  var titlesPromise = null;

  function loadPagefind() {
    if (!pagefindPromise) {
      pagefindPromise = import(new URL("pagefind/pagefind.js", rootUrl).href).then(function (pf) {
        // Term frequency counts for less and exact words for more than Pagefind's defaults
        // (1.0, 1.0): a page that is about a program outranks pages that mention it often.
        var options = { baseUrl: rootUrl.pathname, excerptLength: 36,
                        ranking: { termFrequency: 0.5, termSimilarity: 4.0 } };
        return Promise.resolve(pf.options(options)).then(function () {
          pf.init();
          return pf;
        });
      });
      pagefindPromise.catch(function () { pagefindPromise = null; });
    }
    return pagefindPromise;
  }

  function loadTitles() {
    if (!titlesPromise) {
      titlesPromise = fetch(new URL("search/programs.json", rootUrl).href)
        .then(function (r) { return r.ok ? r.json() : { programs: [] }; })
        .then(function (doc) { return Array.isArray(doc.programs) ? doc.programs : []; })
        .catch(function () { return []; });
    }
    return titlesPromise;
  }

  /* -- title and alias matching ---------------------------------------------------------- */
  var PUNCT = /[\s"'“”‘’《》〈〉「」『』（）()【】\[\]·・.,，、。:：;；!！?？\-—_\/]/g;
  function norm(text) { return String(text || "").toLowerCase().replace(PUNCT, ""); }

  function nameScore(q, name, isTitle) {
    var n = norm(name);
    if (!n || !q) return 0;
    if (n === q) return isTitle ? 100 : 95;
    if (q.length >= 2 && n.indexOf(q) !== -1) return (isTitle ? 65 : 60) + 20 * q.length / n.length;
    if (n.length >= 2 && q.indexOf(n) !== -1) return 40 + 20 * n.length / q.length;
    return 0;
  }

  function titleMatches(programs, query) {
    var q = norm(query);
    var found = [];
    programs.forEach(function (p) {
      var best = nameScore(q, p.title, true);
      (p.aliases || []).forEach(function (alias) { best = Math.max(best, nameScore(q, alias, false)); });
      if (p.archived) best -= 30;
      if (best > 0) found.push({ program: p, score: best });
    });
    found.sort(function (a, b) {
      return b.score - a.score || a.program.title.length - b.program.title.length ||
        (a.program.title < b.program.title ? -1 : 1);
    });
    return found;
  }

  /* -- searching ----------------------------------------------------------------------------- */
  function absolute(url) { return new URL(url, rootUrl).href; }

  /* Program pages carry their names (and every tail of them) as hidden, heavily weighted
   * words for the index (policybook/search/pages.py). When Pagefind's excerpt comes from those
   * words, show the program's aliases and funding instead. */
  function fromIndexWords(excerpt, program) {
    var plain = decode(excerpt.replace(/<[^>]*>/g, ""));
    var tokens = plain.split(/\s+/).filter(Boolean);
    if (tokens.length < 3) return false;
    var names = [program.title].concat(program.aliases || []).map(norm).join("|");
    var inside = tokens.filter(function (t) { return names.indexOf(norm(t)) !== -1; }).length;
    return inside / tokens.length >= 0.6;
  }

  function programText(program) {
    var parts = [];
    if (program.aliases && program.aliases.length) parts.push("又称: " + program.aliases.join("、"));
    if (program.funding) parts.push(program.funding);
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

  function search(query, limit) {
    var programs = loadTitles();
    var full = loadPagefind().then(function (pf) {
      return pf.search(query).then(function (found) {
        return Promise.all(found.results.slice(0, limit + 4).map(function (r) { return r.data(); }))
          .then(function (data) { return { data: data, total: found.results.length }; });
      });
    });
    return Promise.allSettled([programs, full]).then(function (settled) {
      var all = settled[0].status === "fulfilled" ? settled[0].value : [];
      var texts = settled[1].status === "fulfilled" ? settled[1].value.data : [];
      var total = settled[1].status === "fulfilled" ? settled[1].value.total : 0;
      var programByUrl = {};
      all.forEach(function (p) { programByUrl[absolute(p.url)] = p; });
      var textByUrl = {};
      texts.forEach(function (d) { textByUrl[absolute(d.url)] = d; });
      var hits = [];
      var seen = {};
      function add(url, title, kind, d) {
        if (seen[url]) return;
        seen[url] = true;
        var program = programByUrl[url];
        var meta = (d && d.meta) || {};
        var excerpt = d && d.excerpt;
        if (excerpt && program && fromIndexWords(excerpt, program)) excerpt = null;
        hits.push({ url: url, title: title, kind: kind, excerpt: excerpt,
                    state: programState((program && program.window) || meta.window) ||
                           policyState(meta.state, meta.state_next),
                    plain: program ? programText(program) : "" });
      }
      // 1. Programs whose title or alias matches the query itself.
      titleMatches(all, query).forEach(function (m) {
        var url = absolute(m.program.url);
        if (!textByUrl[url]) total += 1;
        add(url, m.program.title, "事项", textByUrl[url]);
      });
      // 2. Full-text results in Pagefind's order.
      texts.forEach(function (d) {
        add(absolute(d.url), (d.meta && d.meta.title) || d.url, (d.meta && d.meta.kind) || "", d);
      });
      return { hits: hits.slice(0, limit), total: Math.max(total, hits.length),
               failed: settled[1].status === "rejected" };
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

  function render(list, hits) {
    while (list.firstChild) list.removeChild(list.firstChild);
    hits.forEach(function (hit) {
      var li = document.createElement("li");
      li.className = "pb-search-result";
      var a = document.createElement("a");
      a.className = "pb-search-hit";
      a.href = hit.url;
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
      li.appendChild(a);
      list.appendChild(li);
    });
  }

  /* One search box → one list and one status line; later queries win over slower ones. */
  function Searcher(input, list, status, limit) {
    var ticket = 0;
    var timer = null;
    function say(text) { status.textContent = text; }
    function now() {
      var query = input.value.trim();
      var mine = ++ticket;
      if (!query) { render(list, []); say(""); list.hidden = true; return Promise.resolve(); }
      say("正在搜索…");
      return search(query, limit).then(function (result) {
        if (mine !== ticket) return;
        render(list, result.hits);
        list.hidden = result.hits.length === 0;
        if (result.hits.length) {
          var shown = result.total > result.hits.length ? ", 显示前 " + result.hits.length + " 条" : "";
          say("找到 " + result.total + " 条结果" + shown +
              (result.failed ? " (全文索引未能加载, 仅显示事项名称匹配)" : ""));
        } else if (result.failed) {
          say("搜索索引未能加载, 请稍后再试, 或从首页按类别查找。");
        } else {
          say("没有找到与“" + query + "”相关的内容。可以换个说法 (如事项简称), 或从首页按类别查找。");
        }
      });
    }
    function later() {
      clearTimeout(timer);
      timer = setTimeout(now, 150);
    }
    input.addEventListener("input", later);
    input.addEventListener("focus", function () { loadPagefind().catch(function () {}); loadTitles(); });
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
    return { now: now };
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
    return { status: status, list: list };
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
    box.appendChild(parts.list);
    dialog.appendChild(box);
    dialog.classList.add("pb-search-dialog");
    // The theme's text is English ("Search..."); say what can be found, in Chinese.
    input.placeholder = "搜索事项、政策、指南, 如: 高企、创新券";
    input.setAttribute("aria-label", "搜索申报事项、政策文件和办事指南");
    input.setAttribute("aria-controls", parts.list.id);
    input.setAttribute("aria-describedby", parts.status.id);
    Searcher(input, parts.list, parts.status, DIALOG_LIMIT);
  }

  /* search.html: ?q= fills the field and runs; typing updates the address for sharing. */
  function setupPage() {
    var page = document.getElementById("pb-search-page");
    if (!page) return;
    var input = page.querySelector("input[name=q]");
    var list = document.getElementById("pb-search-results");
    var status = document.getElementById("pb-search-status");
    var form = page.querySelector("form");
    var searcher = Searcher(input, list, status, PAGE_LIMIT);
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

  window.policybookSearch = { search: search, titleMatches: titleMatches, normalize: norm };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
