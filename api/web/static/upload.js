// Upload page: drag-and-drop of many files, one XHR per file (progress), then status polling.
"use strict";
(() => {
  const drop = document.getElementById("drop");
  const input = document.getElementById("files");
  const list = document.getElementById("uploads");
  const FINAL = new Set(["done", "failed", "rejected"]);

  function row(file) {
    const bar = el("progress", { max: 100, value: 0 });
    const state = el("span", { class: "badge status-queued", text: t("status_uploading") });
    const reason = el("span", { class: "reason" });
    const link = el("span", { class: "links" });
    const item = el("li", { class: "upload", dataset: { name: file.name } },
      el("span", { class: "name", text: file.name }), bar, state, reason, link);
    list.prepend(item);
    return { item, bar, state, reason, link };
  }

  function show(view, doc) {
    view.state.textContent = statusLabel(doc.status);
    view.state.className = "badge status-" + doc.status;
    view.item.dataset.status = doc.status;
    view.reason.textContent = doc.error ? `${doc.error.message} (${doc.error.code})` : "";
    view.link.replaceChildren(...(doc.record_ids || []).map((id, i) =>
      el("a", { href: `/review/${id}`, text: t("open_record") + (doc.record_ids.length > 1 ? ` ${i + 1}` : "") })));
  }

  async function poll(view, id) {
    const { ok, data } = await api("GET", `/documents/${id}`);
    if (ok) show(view, data);
    if (!ok || !FINAL.has(data.status)) setTimeout(() => poll(view, id), 1000);
    else refreshRecent();
  }

  function send(file) {
    const view = row(file);
    const form = new FormData();
    form.append("files", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/documents");
    xhr.setRequestHeader("X-CSRF-Token", CSRF);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) view.bar.value = Math.round(100 * e.loaded / e.total); };
    xhr.onload = () => {
      view.bar.value = 100;
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
      if (xhr.status === 202 && body) {
        const doc = body.documents[0];
        show(view, doc);
        if (doc.id && !FINAL.has(doc.status)) poll(view, doc.id);
        else refreshRecent();
      } else {
        show(view, { status: "rejected", error: body || { code: xhr.status, message: xhr.statusText } });
      }
    };
    xhr.onerror = () => show(view, { status: "rejected", error: { code: "network", message: t("error_network") } });
    xhr.send(form);
  }

  function sendAll(files) { for (const file of files) send(file); }

  if (drop) {
    input.addEventListener("change", () => { sendAll(input.files); input.value = ""; });
    for (const name of ["dragenter", "dragover"]) drop.addEventListener(name, (e) => { e.preventDefault(); drop.classList.add("over"); });
    for (const name of ["dragleave", "drop"]) drop.addEventListener(name, () => drop.classList.remove("over"));
    drop.addEventListener("drop", (e) => { e.preventDefault(); sendAll(e.dataTransfer.files); });
  }

  const statusFilter = document.getElementById("status-filter");
  const nameFilter = document.getElementById("name-filter");
  let recent = [];

  function renderRecent() {
    const needle = nameFilter.value.trim().toLowerCase();
    const rows = recent.filter((d) => !needle || d.filename.toLowerCase().includes(needle)).map((d) =>
      el("tr", { dataset: { status: d.status } },
        el("td", { text: d.filename }),
        el("td", {}, el("span", { class: "badge status-" + d.status, text: statusLabel(d.status) }),
          d.error ? el("div", { class: "reason", text: d.error.message }) : null),
        el("td", { text: d.pages ?? "" }),
        el("td", { text: when(d.created_at) }),
        el("td", {}, ...d.record_ids.map((id) => el("a", { href: `/review/${id}`, text: "#" + id })))));
    document.querySelector("#recent tbody").replaceChildren(...rows);
  }

  async function refreshRecent() {
    const status = statusFilter.value;
    const { ok, data } = await api("GET", "/documents?limit=100" + (status ? "&status=" + status : ""));
    if (ok) { recent = data.items; renderRecent(); }
  }

  statusFilter.addEventListener("change", refreshRecent);
  nameFilter.addEventListener("input", renderRecent);
  refreshRecent();
  setInterval(refreshRecent, 5000);
})();
