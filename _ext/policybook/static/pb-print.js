/* Print (pb-print.css does the layout): the print date in the page's print header, and every
   <details> (FAQ answers) open on paper, closed again afterwards as the reader left them. */
(function () {
  "use strict";
  var opened = [];
  function today() {
    var d = new Date();
    return d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日";
  }
  function stamp() {
    var slots = document.querySelectorAll("[data-pb-print-date]");
    for (var i = 0; i < slots.length; i++) {
      slots[i].textContent = today();
      if (slots[i].parentElement) { slots[i].parentElement.hidden = false; }
    }
  }
  function before() {
    stamp();
    var closed = document.querySelectorAll("article details:not([open])");
    for (var i = 0; i < closed.length; i++) { closed[i].open = true; opened.push(closed[i]); }
  }
  function after() {
    while (opened.length) { opened.pop().open = false; }
  }
  stamp();
  window.addEventListener("beforeprint", before);
  window.addEventListener("afterprint", after);
  // print preview emulation and some browsers switch the media without the events
  if (window.matchMedia) {
    var print = window.matchMedia("print");
    var follow = function (event) { if (event.matches) { before(); } else { after(); } };
    if (print.addEventListener) { print.addEventListener("change", follow); } else if (print.addListener) { print.addListener(follow); }
  }
})();
