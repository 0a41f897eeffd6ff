// Live preview (policybook serve only, never published): follow the server's build state,
// show a note while a build runs or after one failed, list the content problems on every page
// until they are fixed, and reload once a newer build is ready.
(() => {
  "use strict";
  const loadedFrom = new URL(document.currentScript.src).searchParams.get("build");
  const source = new EventSource("/_policybook/events");
  let note = null;
  let banner = null;

  function show(text) {
    if (!note) {
      note = document.createElement("div");
      note.className = "pb-preview-note";
      note.setAttribute("role", "status");
      Object.assign(note.style, {
        position: "fixed", right: "1rem", bottom: "1rem", zIndex: "2000",
        padding: ".5rem .9rem", borderRadius: ".4rem", font: "14px/1.4 sans-serif",
        background: "#1f2937", color: "#fff", boxShadow: "0 2px 8px rgba(0,0,0,.3)",
      });
      document.body.append(note);
    }
    note.textContent = text;
    note.hidden = !text;
  }

  // A broken entry drops out of lists and the calendar: the banner says so on every page.
  function problems(count, first) {
    if (!count) {
      if (banner) banner.hidden = true;
      return;
    }
    if (!banner) {
      banner = document.createElement("details");
      banner.className = "pb-preview-problems";
      banner.setAttribute("role", "alert");
      Object.assign(banner.style, {
        position: "sticky", top: "0", zIndex: "2000", margin: "0", padding: ".5rem 1rem",
        font: "14px/1.5 sans-serif", background: "#fef2f2", color: "#7f1d1d", borderBottom: "2px solid #b91c1c",
      });
      document.body.prepend(banner);
    }
    banner.hidden = false;
    banner.replaceChildren();
    const summary = document.createElement("summary");
    summary.textContent = `预览发现 ${count} 个问题：改正之前 make html 不会发布网站，有问题的事项也不会出现在列表和日历中。点此查看`;
    const list = document.createElement("ul");
    first.forEach((line) => {
      const item = document.createElement("li");
      item.textContent = line;
      list.append(item);
    });
    banner.append(summary, list);
    if (count > first.length) {
      const more = document.createElement("p");
      more.textContent = `另有 ${count - first.length} 个, 见运行 make serve 的终端或 make check 的输出`;
      banner.append(more);
    }
  }

  source.addEventListener("open", () => { document.documentElement.dataset.pbPreview = "connected"; });
  source.addEventListener("state", (event) => {
    const state = JSON.parse(event.data);
    if (state.busy) {
      show("正在更新预览…");
    } else if (state.build !== loadedFrom) {
      window.location.reload();
    } else if (!state.ok) {
      show("生成出错，页面仍是上一次的内容：请查看运行 make serve 的终端");
    } else {
      show("");
      problems(state.problems || 0, state.first || []);
    }
  });
})();
