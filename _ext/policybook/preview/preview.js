// Live preview (policybook serve only, never published): follow the server's build state,
// show a note while a build runs or after one failed, and reload once a newer build is ready.
(() => {
  "use strict";
  const loadedFrom = new URL(document.currentScript.src).searchParams.get("build");
  const source = new EventSource("/_policybook/events");
  let note = null;

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
    }
  });
})();
