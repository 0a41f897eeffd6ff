/* Policybook: recompute application-status badges for the reader's day.
 *
 * Badges are computed when the site is built (policybook/status.py). Each one sits in a
 * <span class="pb-live-status"> carrying the window: data-pb-mode, data-pb-open, data-pb-close
 * (ISO dates) and data-pb-detail. This script applies the same rule for today's date in China
 * (Asia/Shanghai), so a page built last month does not say 申报中 after the window closed.
 * Text is set with textContent only.
 */
(function () {
  "use strict";

  var TIME_ZONE = "Asia/Shanghai";
  var CLOSING_SOON_DAYS = 14;
  var LABELS = { upcoming: "即将开始", open: "申报中", closed: "已截止", rolling: "常年受理" };
  var ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  /* Today as YYYY-MM-DD in China; the browser's own zone if Intl cannot tell. */
  function today(now) {
    now = now || new Date();
    try {
      var parts = {};
      new Intl.DateTimeFormat("en-US", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" })
        .formatToParts(now).forEach(function (p) { parts[p.type] = p.value; });
      if (parts.year && parts.month && parts.day) return parts.year + "-" + parts.month + "-" + parts.day;
    } catch (e) { /* fall through */ }
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function dayNumber(iso) {
    var m = ISO.exec(iso || "");
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) / 86400000 : null;
  }

  function dateZh(iso) {
    var m = ISO.exec(iso || "");
    return m ? +m[1] + "年" + +m[2] + "月" + +m[3] + "日" : "";
  }

  /* Same rule as status.window_status / days_left / closing_soon. */
  function compute(win, todayIso) {
    if (win.mode === "rolling") return { status: "rolling", left: null };
    var t = dayNumber(todayIso), o = dayNumber(win.open), c = dayNumber(win.close);
    if (o !== null && t < o) return { status: "upcoming", left: null };
    if (c !== null && t > c) return { status: "closed", left: null };
    return { status: "open", left: c !== null ? c - t : null };
  }

  /* Same text as lists.status_badge. */
  function label(win, result, detail) {
    var text = LABELS[result.status];
    if (!detail) return text;
    if (result.left !== null) return text + (result.left === 0 ? " · 今天截止" : " · 剩 " + result.left + " 天");
    if (result.status === "closed" && win.close) return text + " · " + dateZh(win.close);
    if (result.status === "upcoming" && win.open) return text + " · " + dateZh(win.open) + "开始";
    return text;
  }

  function swapClasses(el, prefixes, add) {
    Array.prototype.slice.call(el.classList).forEach(function (name) {
      if (prefixes.some(function (p) { return name.indexOf(p) === 0; })) el.classList.remove(name);
    });
    add.forEach(function (name) { el.classList.add(name); });
  }

  function update(holder, todayIso) {
    var badge = holder.querySelector(".pb-status");
    if (!badge) return;
    var win = { mode: holder.dataset.pbMode, open: holder.dataset.pbOpen, close: holder.dataset.pbClose };
    var result = compute(win, todayIso);
    var text = label(win, result, holder.dataset.pbDetail === "1");
    var classes = ["pb-status-" + result.status];  // colours: policybook.css
    if (result.left !== null && result.left <= CLOSING_SOON_DAYS) classes.push("pb-closing-soon");
    swapClasses(badge, ["pb-status-", "pb-closing-soon", "sd-bg-", "sd-outline-", "sd-text-"], classes);
    if (badge.textContent !== text) badge.textContent = text;
    holder.dataset.pbStatus = result.status;
    var item = holder.closest(".pb-item, .pb-cal-item");
    if (item && item.classList.contains("pb-item")) swapClasses(item, ["pb-item-"], ["pb-item-" + result.status]);
  }

  function run() {
    var todayIso = today();
    document.documentElement.dataset.pbToday = todayIso;
    document.querySelectorAll(".pb-live-status").forEach(function (holder) { update(holder, todayIso); });
  }

  window.policybookStatus = { today: today, compute: compute, label: label, refresh: run };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
