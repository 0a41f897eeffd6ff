/* Policybook navigation: the ☰ menu and the 目录 drawer at every width, and a 关闭 button in
 * the search dialog.
 *
 * pydata-sphinx-theme (≥ 0.17) binds its drawer handler to the first .primary-toggle and
 * .secondary-toggle in the page; under sphinx-book-theme that can be a hidden one, and the
 * visible buttons then do nothing (pydata/pydata-sphinx-theme#2451,
 * executablebooks/sphinx-book-theme#988). This script takes every toggle's click first (capture
 * phase on the document, so the theme's own handlers never run for them) and does the whole job:
 *
 * - narrow screens: the sidebar's content moves into the theme's <dialog> (as the theme does),
 *   which opens modally with a 关闭 button first; Escape, the button, a tap on the backdrop or
 *   following a link in it close it; focus goes into it and back to the toggle;
 * - wide screens (≥ 992 px, where sphinx-book-theme shows the sidebar as a column): ☰ hides and
 *   shows the column;
 * - aria-expanded on the toggles says whether their menu is shown.
 */
(function () {
  "use strict";

  var WIDE = window.matchMedia("(min-width: 992px)");
  var DRAWERS = {
    primary: { toggle: ".primary-toggle", sidebar: "pst-primary-sidebar", dialog: "pst-primary-sidebar-modal",
               label: "导航菜单" },
    secondary: { toggle: ".secondary-toggle", sidebar: "pst-secondary-sidebar", dialog: "pst-secondary-sidebar-modal",
                 label: "本页目录" }
  };
  var CLOSE = "pb-dialog-close";

  function closeButton(label) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn " + CLOSE;
    button.setAttribute("aria-label", "关闭" + (label ? label : ""));
    var cross = document.createElement("span");
    cross.setAttribute("aria-hidden", "true");
    cross.textContent = "×";
    button.appendChild(cross);
    button.appendChild(document.createTextNode(" 关闭"));
    return button;
  }

  function setExpanded(kind, expanded) {
    var toggles = document.querySelectorAll(DRAWERS[kind].toggle);
    for (var i = 0; i < toggles.length; i++) toggles[i].setAttribute("aria-expanded", expanded ? "true" : "false");
  }

  /* Move the sidebar's nodes and classes into the dialog and back (the theme's CSS styles the
   * dialog by the sidebar's classes). The close button stays in the dialog. */
  function move(from, to) {
    Array.prototype.slice.call(from.childNodes).forEach(function (node) {
      if (!(node.classList && node.classList.contains(CLOSE))) to.appendChild(node);
    });
    Array.prototype.slice.call(from.classList).forEach(function (cls) {
      if (cls === "pb-drawer") return;
      from.classList.remove(cls);
      to.classList.add(cls);
    });
  }

  function parts(kind) {
    var d = DRAWERS[kind];
    return { sidebar: document.getElementById(d.sidebar), dialog: document.getElementById(d.dialog) };
  }

  function kindOfDialog(dialog) {
    for (var kind in DRAWERS) if (DRAWERS[kind].dialog === dialog.id) return kind;
    return null;
  }

  var returnFocus = {};

  function openDrawer(kind, toggle) {
    var p = parts(kind);
    if (!p.sidebar || !p.dialog || p.dialog.open) return;
    var close = p.dialog.querySelector("." + CLOSE);
    if (!close) {
      close = closeButton(DRAWERS[kind].label);
      close.addEventListener("click", function () { p.dialog.close(); });
      p.dialog.insertBefore(close, p.dialog.firstChild);
    }
    p.dialog.classList.add("pb-drawer");
    p.dialog.setAttribute("aria-label", DRAWERS[kind].label);
    move(p.sidebar, p.dialog);
    returnFocus[kind] = toggle;
    p.dialog.showModal();
    close.focus();
    setExpanded(kind, true);
  }

  function closedDrawer(kind, dialog, restoreFocus) {
    var p = parts(kind);
    if (p.sidebar && dialog.querySelector(":scope > :not(." + CLOSE + ")")) move(dialog, p.sidebar);
    setExpanded(kind, false);
    var toggle = returnFocus[kind];
    returnFocus[kind] = null;
    if (restoreFocus && toggle && toggle.isConnected) toggle.focus({ preventScroll: true });
  }

  function toggleColumn() {
    var sidebar = document.getElementById(DRAWERS.primary.sidebar);
    if (!sidebar) return;
    var hidden = sidebar.classList.toggle("pst-sidebar-hidden");
    setExpanded("primary", !hidden);
  }

  // Toggle clicks: ours alone (capture on the document runs before the theme's listeners).
  document.addEventListener("click", function (event) {
    var target = event.target && event.target.closest ? event.target : null;
    if (!target) return;
    var toggle = target.closest(".primary-toggle, .secondary-toggle");
    if (toggle) {
      event.preventDefault();
      event.stopImmediatePropagation();
      var kind = toggle.classList.contains("primary-toggle") ? "primary" : "secondary";
      if (kind === "primary" && WIDE.matches) toggleColumn();
      else openDrawer(kind, toggle);
      return;
    }
    var dialog = target.closest("dialog.pb-drawer");
    if (!dialog || !dialog.open) return;
    // Following a link closes the drawer (a 目录 entry then scrolls the page, not the drawer).
    if (target.closest("a[href]")) {
      dialog.dataset.pbKeepFocus = "1";
      dialog.close();
      return;
    }
    // A tap on the backdrop (outside the dialog's box) closes it.
    if (target === dialog) {
      var r = dialog.getBoundingClientRect();
      if (event.clientX < r.left || event.clientX > r.right || event.clientY < r.top || event.clientY > r.bottom) {
        dialog.close();
      }
    }
  }, true);

  // Escape closes an open drawer (Sphinx's sphinx_highlight.js swallows the browser's own).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("dialog.pb-drawer[open]");
    if (!open) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    open.close();
  }, true);

  // A drawer closed (by any means): its content goes back to the sidebar. The theme's own
  // close listener is skipped; it would move the 关闭 button out as well.
  document.addEventListener("close", function (event) {
    var dialog = event.target;
    var kind = dialog && dialog.id ? kindOfDialog(dialog) : null;
    if (!kind) return;
    event.stopImmediatePropagation();
    var keep = dialog.dataset.pbKeepFocus === "1";
    delete dialog.dataset.pbKeepFocus;
    closedDrawer(kind, dialog, !keep);
  }, true);

  function initialState() {
    var sidebar = document.getElementById(DRAWERS.primary.sidebar);
    var shown = WIDE.matches && sidebar && !sidebar.classList.contains("pst-sidebar-hidden");
    setExpanded("primary", Boolean(shown));
    setExpanded("secondary", false);
  }

  // The search dialog gets a 关闭 button too (on phones there is no Escape key).
  function searchDialogClose() {
    var dialog = document.getElementById("pst-search-dialog");
    if (!dialog || dialog.querySelector("." + CLOSE)) return;
    var close = closeButton("搜索");
    close.addEventListener("click", function () { dialog.close(); });
    dialog.insertBefore(close, dialog.firstChild);
    // the dialog opens with the focus in its field, not on the button before it
    var field = dialog.querySelector("input[name=q]");
    if (field) field.autofocus = true;
  }

  function start() {
    initialState();
    searchDialogClose();
    var change = function () {
      var open = document.querySelector("#" + DRAWERS.primary.dialog + "[open]");
      if (WIDE.matches && open) open.close();
      initialState();
    };
    if (WIDE.addEventListener) WIDE.addEventListener("change", change);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
