// Review queue: counts per state and the records awaiting review, lowest field confidence first.
"use strict";
(() => {
  async function refresh() {
    const { ok, data } = await api("GET", "/review/queue");
    if (!ok) { toast(data ? data.message : t("error_network"), "error"); return; }
    for (const [state, n] of Object.entries(data.counts)) {
      const cell = document.querySelector(`[data-count="${state}"]`);
      if (cell) cell.textContent = n;
    }
    for (const [state, n] of Object.entries(data.documents)) {
      const cell = document.querySelector(`[data-doc-count="${state}"]`);
      if (cell) cell.textContent = n;
    }
    const rows = data.items.map((r) => el("tr", { dataset: { recordId: r.id } },
      el("td", {}, el("span", { class: "conf " + confClass(r.min_confidence),
        text: r.min_confidence === null ? "–" : Math.round(r.min_confidence * 100) + "%" })),
      el("td", { text: r.weakest_field ? t("field_" + r.weakest_field) : "" }),
      el("td", { text: r.doc_number || "—" }),
      el("td", { class: "title", text: r.title || "—" }),
      el("td", { text: r.filename + (r.position ? ` (${r.position + 1})` : "") }),
      el("td", {}, el("a", { class: "button", href: `/review/${r.id}`, text: t("open_record") }))));
    document.querySelector("#queue tbody").replaceChildren(...rows);
    document.getElementById("queue-empty").hidden = rows.length > 0;
  }

  function confClass(c) { return c === null ? "" : c < 0.6 ? "low" : c < 0.85 ? "mid" : "high"; }

  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && e.target === document.body) {
      const first = document.querySelector("#queue tbody a");
      if (first) first.click();
    }
  });
  refresh();
  setInterval(refresh, 5000);
})();
