/* Page options the theme's scripts read, taken from a meta tag instead of an inline script. */
(function () {
  var meta = document.querySelector('meta[name="pb-pagename"]');
  if (window.DOCUMENTATION_OPTIONS) {
    DOCUMENTATION_OPTIONS.pagename = meta ? meta.content : "";
    DOCUMENTATION_OPTIONS.search_as_you_type = false;
  }
})();
