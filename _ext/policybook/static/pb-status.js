/* Policybook: recompute application-status badges for today, so a page built last month does
 * not say 申报中 after the window closed.
 *
 * Badges are computed when the site is built (policybook/model/status.py). Each one sits in a
 * <span class="pb-live-status"> carrying the window: data-pb-mode, data-pb-open, data-pb-close
 * (ISO dates) and data-pb-detail. The rule, "today" (in the bureau's time zone) and the label
 * text come from pb-window.js, which loads first; this script only updates the DOM, with
 * textContent only.
 */
(function () {
  "use strict";

  var W = window.policybookWindow;

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
    var status = W.status(win, todayIso);
    var text = W.label(win, todayIso, holder.dataset.pbDetail === "1");
    swapClasses(badge, ["pb-status-", "pb-closing-soon", "sd-bg-", "sd-outline-", "sd-text-"], W.classes(win, todayIso));
    if (badge.textContent !== text) badge.textContent = text;
    holder.dataset.pbStatus = status;
    var item = holder.closest(".pb-item, .pb-cal-item");
    if (item && item.classList.contains("pb-item")) swapClasses(item, ["pb-item-"], ["pb-item-" + status]);
  }

  function run() {
    var todayIso = W.today();
    document.documentElement.dataset.pbToday = todayIso;
    document.querySelectorAll(".pb-live-status").forEach(function (holder) { update(holder, todayIso); });
  }

  window.policybookStatus = { refresh: run };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
