/* Policybook: the application-window status rule, the one copy in the browser.
 *
 * Same rule and wording as policybook/model/status.py (window_status, days_left, closing_soon,
 * status_label). A window is {mode, open, close} with ISO dates ("" or null when missing):
 * rolling (常年受理), else upcoming before the open date, open from the open date through the
 * close date inclusive, closed after. pb-status.js (badges on built pages) and pb-finder-core.js
 * (政策查找, 政策匹配) both use window.policybookWindow, so every badge says the same.
 *
 * "Today" is the date in the bureau's time zone (setting policybook_time_zone, written to
 * <meta name="pb-time-zone"> by pages/live_status.py), not the reader's: a deadline ends at
 * midnight in 北京 wherever the reader is. tests/fixtures/status-vectors.json checks this file
 * against status.py (run in Node, so nothing here needs a DOM).
 */
(function (root) {
  "use strict";

  var DEFAULT_ZONE = "Asia/Shanghai";
  var CLOSING_SOON_DAYS = 14;  // status.CLOSING_SOON_DAYS
  var LABELS = { upcoming: "即将开始", open: "申报中", closed: "已截止", rolling: "常年受理" };  // vocab.STATUSES
  var ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  /* The configured zone from the page's meta tag, else China's. */
  function timeZone() {
    var doc = root.document;
    var meta = doc && doc.querySelector ? doc.querySelector('meta[name="pb-time-zone"]') : null;
    return (meta && meta.getAttribute("content")) || DEFAULT_ZONE;
  }

  /* Zones with one fixed UTC offset (minutes) since SINCE: "today" there is arithmetic. The first
   * Intl.DateTimeFormat with a time zone loads the zone data, 40–100 ms of a page's start-up
   * (four times that on a phone); China has kept UTC+8 without summer time since 1991. Without
   * Intl the reader's own date stands, as for any zone (today). */
  var FIXED_ZONES = { "Asia/Shanghai": 480 };
  var SINCE = Date.UTC(1992, 0, 1);

  /* YYYY-MM-DD of `now` in `zone`, or null if Intl cannot tell (old browser, unknown zone). */
  function dateIn(now, zone) {
    if (root.Intl && Object.prototype.hasOwnProperty.call(FIXED_ZONES, zone) && now.getTime() >= SINCE) {
      var local = new Date(now.getTime() + FIXED_ZONES[zone] * 60000);
      return local.getUTCFullYear() + "-" + pad(local.getUTCMonth() + 1) + "-" + pad(local.getUTCDate());
    }
    try {
      var parts = {};
      new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })
        .formatToParts(now).forEach(function (p) { parts[p.type] = p.value; });
      if (/^\d{4}$/.test(parts.year) && parts.month && parts.day) return parts.year + "-" + parts.month + "-" + parts.day;
    } catch (e) { /* fall through */ }
    return null;
  }

  /* Today as YYYY-MM-DD: in the configured zone, else Asia/Shanghai, else the browser's own. */
  function today(now) {
    now = now || new Date();
    return dateIn(now, timeZone()) || dateIn(now, DEFAULT_ZONE) ||
      now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  /* Days since 1970 for an ISO date; null for a missing (or malformed) date, which sets no bound.
   * Remembered per string: 政策查找 asks for the same few hundred dates tens of thousands of times. */
  var DAYS = Object.create(null);
  function dayNumber(iso) {
    var key = iso || "";
    if (key in DAYS) return DAYS[key];
    var m = ISO.exec(key);
    return (DAYS[key] = m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) / 86400000 : null);
  }

  function dateZh(iso) {
    var m = ISO.exec(iso || "");
    return m ? +m[1] + "年" + +m[2] + "月" + +m[3] + "日" : "";
  }

  /* status.window_status */
  function status(win, todayIso) {
    if (win.mode === "rolling") return "rolling";
    var t = dayNumber(todayIso), o = dayNumber(win.open), c = dayNumber(win.close);
    if (o !== null && t < o) return "upcoming";
    if (c !== null && t > c) return "closed";
    return "open";
  }

  /* status.days_left: days to the close date of an open window (0 on the last day), else null. */
  function daysLeft(win, todayIso) {
    var c = dayNumber(win.close);
    return c !== null && status(win, todayIso) === "open" ? c - dayNumber(todayIso) : null;
  }

  /* status.closing_soon */
  function closingSoon(win, todayIso) {
    var left = daysLeft(win, todayIso);
    return left !== null && left <= CLOSING_SOON_DAYS;
  }

  /* status.status_label: 申报中; with detail 申报中 · 剩5天, 已截止 · 2026年4月30日 … */
  function label(win, todayIso, detail) {
    var s = status(win, todayIso), text = LABELS[s], left = daysLeft(win, todayIso);
    if (!detail) return text;
    if (left !== null) return text + (left === 0 ? " · 今天截止" : " · 剩" + left + "天");
    if (s === "closed" && dayNumber(win.close) !== null) return text + " · " + dateZh(win.close);
    if (s === "upcoming" && dayNumber(win.open) !== null) return text + " · " + dateZh(win.open) + "开始";
    return text;
  }

  /* The badge's status classes (colours: policybook.css), as components.status_badge sets them. */
  function classes(win, todayIso) {
    var names = ["pb-status-" + status(win, todayIso)];
    if (closingSoon(win, todayIso)) names.push("pb-closing-soon");
    return names;
  }

  root.policybookWindow = {
    CLOSING_SOON_DAYS: CLOSING_SOON_DAYS,
    timeZone: timeZone,
    today: today,
    dateZh: dateZh,
    status: status,
    daysLeft: daysLeft,
    closingSoon: closingSoon,
    label: label,
    classes: classes
  };
})(typeof window !== "undefined" ? window : globalThis);
