/* Light/dark mode before first paint (replaces the theme's inline script, for the CSP). */
(function () {
  // The theme's default_mode is "" unless set; its script then logs "Got invalid theme mode".
  var MODES = ["auto", "light", "dark"];
  function valid(mode, allowed) { return allowed.indexOf(mode) !== -1 ? mode : ""; }
  var fallback = valid(document.currentScript && document.currentScript.dataset.defaultMode, MODES) || "auto";
  var root = document.documentElement;
  var mode = valid(localStorage.getItem("mode"), MODES) || fallback;
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  root.dataset.mode = mode;
  root.dataset.theme = valid(localStorage.getItem("theme"), ["light", "dark"]) ||
    (mode === "auto" ? (dark ? "dark" : "light") : mode);
})();
