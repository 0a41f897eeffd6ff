/* Light/dark mode before first paint (replaces the theme's inline script, for the CSP). */
(function () {
  // Font Awesome would inject an inline <style>; its CSS ships as pb-fontawesome.css instead.
  window.FontAwesomeConfig = Object.assign({}, window.FontAwesomeConfig, { autoAddCss: false });
  var fallback = (document.currentScript && document.currentScript.dataset.defaultMode) || "";
  var root = document.documentElement;
  root.dataset.mode = localStorage.getItem("mode") || fallback;
  root.dataset.theme = localStorage.getItem("theme") || fallback;
})();
