// Admin: the learned issuer dictionary and contacts directory, listed and edited.
"use strict";
(() => {
  const tables = document.querySelectorAll("table.hints");

  function valueText(kind, value) {
    return kind === "contact" ? JSON.stringify(value, null, 0) : String(value ?? "");
  }

  function parseValue(kind, text) {
    if (kind !== "contact") return text.trim();
    return JSON.parse(text);
  }

  async function put(kind, key, text) {
    let value;
    try { value = parseValue(kind, text); } catch (e) { toast(t("error_json"), "error"); return false; }
    if (!key.trim() || (typeof value === "string" && !value)) { toast(t("error_required"), "error"); return false; }
    const { ok, data } = await api("PUT", "/hints", { body: { kind, key, value } });
    toast(ok ? t("saved") : data.message, ok ? "ok" : "error");
    return ok;
  }

  async function refresh() {
    const { ok, data } = await api("GET", "/hints");
    if (!ok) { toast(data ? data.message : t("error_network"), "error"); return; }
    for (const table of tables) {
      const kind = table.dataset.kind;
      const rows = data.items.filter((h) => h.kind === kind).map((h) => {
        const field = kind === "contact"
          ? el("textarea", { class: "value", rows: 2 }) : el("input", { class: "value" });
        field.value = valueText(kind, h.value);
        return el("tr", { dataset: { hintId: h.id, key: h.key } },
          el("td", { class: "key", text: h.key }), el("td", {}, field),
          el("td", {}, h.source_record_id ? el("a", { href: `/review/${h.source_record_id}`, text: "#" + h.source_record_id }) : ""),
          el("td", {},
            el("button", { type: "button", text: t("save"), onclick: async () => { if (await put(kind, h.key, field.value)) refresh(); } }),
            el("button", { type: "button", class: "danger", text: t("delete"), onclick: async () => {
              const res = await api("DELETE", `/hints/${h.id}`);
              toast(res.ok ? t("deleted") : res.data.message, res.ok ? "ok" : "error");
              refresh();
            } })));
      });
      table.querySelector("tbody").replaceChildren(...rows);
    }
  }

  for (const table of tables) {
    const kind = table.dataset.kind;
    const row = table.querySelector("tr.new");
    row.querySelector(".add").addEventListener("click", async () => {
      const key = row.querySelector(".key"), value = row.querySelector(".value");
      if (await put(kind, key.value, value.value)) { key.value = ""; value.value = ""; refresh(); }
    });
  }
  refresh();
})();
