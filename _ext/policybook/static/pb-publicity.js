/* Policybook: recompute publicity badges (公示中 / 公示结束) for today, so a page built during
 * the 公示期 says 公示结束 once the end date has passed, without a rebuild.
 *
 * Each badge sits in <span class="pb-publicity-live" data-pb-start data-pb-end> (ISO dates,
 * end inclusive), written by policybook/publicity/render.py with the same rule as
 * policybook/model/publicity.py status(). "Today" comes from pb-window.js (the bureau's time
 * zone). textContent only.
 */
(function () {
  "use strict";

  var LABELS = { upcoming: "即将公示", open: "公示中", closed: "公示结束" };

  function status(start, end, todayIso) {
    if (todayIso < start) return "upcoming";  // ISO dates compare as strings
    return todayIso <= end ? "open" : "closed";
  }

  function run() {
    var W = window.policybookWindow;
    if (!W) return;
    var todayIso = W.today();
    document.querySelectorAll(".pb-publicity-live").forEach(function (holder) {
      var badge = holder.querySelector(".pb-pub-status");
      if (!badge || !holder.dataset.pbStart || !holder.dataset.pbEnd) return;
      var now = status(holder.dataset.pbStart, holder.dataset.pbEnd, todayIso);
      ["upcoming", "open", "closed"].forEach(function (s) { badge.classList.remove("pb-pub-status-" + s); });
      badge.classList.add("pb-pub-status-" + now);
      if (badge.textContent !== LABELS[now]) badge.textContent = LABELS[now];
      holder.dataset.pbStatus = now;
    });
  }

  window.policybookPublicity = { refresh: run };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
