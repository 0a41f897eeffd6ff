/* Policy lists: sort by 发布日期, 成文日期 or 文号 (pages/policy_sort.py writes the keys).
   Progressive enhancement: without this script the list keeps its built order. */
(function () {
  "use strict";
  var ORDERS = [["published", "发布日期"], ["written", "成文日期"], ["doc", "文号"]];

  function key(item, name) {
    var span = item.querySelector(".pb-sort-keys");
    return span ? span.getAttribute("data-" + name) || "" : "";
  }

  function sortList(list, name) {
    var items = Array.prototype.slice.call(list.children);
    items.sort(function (a, b) {
      if (name === "doc") {  // 文号 in reading order, numbers by value (〔2025〕6号 before 12号)
        var ka = key(a, name), kb = key(b, name);
        if (!ka !== !kb) { return ka ? -1 : 1; }  // documents without a 文号 last
        return ka.localeCompare(kb, "zh-CN", {numeric: true});
      }
      var da = key(a, name), db = key(b, name);  // dates: newest first
      return da < db ? 1 : da > db ? -1 : 0;
    });
    items.forEach(function (item) { list.appendChild(item); });
  }

  function enhance(list, index) {
    var bar = document.createElement("p");
    bar.className = "pb-sort";
    var label = document.createElement("span");
    label.textContent = "排序：";
    label.id = "pb-sort-label-" + index;
    bar.appendChild(label);
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-labelledby", label.id);
    var buttons = ORDERS.map(function (order, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pb-sort-button";
      button.setAttribute("data-order", order[0]);
      button.setAttribute("aria-pressed", i === 0 ? "true" : "false");
      button.textContent = order[1];
      button.addEventListener("click", function () {
        sortList(list, order[0]);
        buttons.forEach(function (other) { other.setAttribute("aria-pressed", other === button ? "true" : "false"); });
      });
      bar.appendChild(button);
      return button;
    });
    list.parentNode.insertBefore(bar, list);
  }

  function init() {
    var lists = document.querySelectorAll("ul.pb-sortable");
    Array.prototype.forEach.call(lists, function (list, index) {
      if (list.children.length > 1) { enhance(list, index); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
