/* 长辈版 (large text, high contrast). Loaded in <head>, not deferred, so the class is on <html>
   before the first paint. pb-govsite.css does the styling; this only toggles and remembers
   (localStorage "pb-elder", in this browser only). */
(function () {
  "use strict";
  var KEY = "pb-elder";
  var root = document.documentElement;
  function remembered() {
    try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function remember(on) {
    try { if (on) { localStorage.setItem(KEY, "1"); } else { localStorage.removeItem(KEY); } } catch (e) { /* private mode */ }
  }
  function label() {
    var on = root.classList.contains("pb-elder");
    var buttons = document.querySelectorAll(".pb-elder-toggle");
    for (var i = 0; i < buttons.length; i++) { buttons[i].textContent = on ? "标准版" : "长辈版"; }
  }
  if (remembered()) { root.classList.add("pb-elder"); }
  document.addEventListener("DOMContentLoaded", label);
  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest(".pb-elder-toggle") : null;
    if (!button) { return; }
    remember(root.classList.toggle("pb-elder"));
    label();
  });
  // another tab switched it: follow
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) { root.classList.toggle("pb-elder", event.newValue === "1"); label(); }
  });
})();
