// Review page: page images with evidence boxes, the record form, validators, save (PATCH + If-Match),
// approve / not-a-notice, conflicts, history, keyboard shortcuts.
"use strict";
(() => {
  const root = document.getElementById("review");
  const recordId = root.dataset.recordId;
  const DOC_TYPES = root.dataset.docTypes.split(",");
  const FIELDS = ["doc_number", "issuers", "title", "doc_type", "recipients", "issue_date", "deadlines",
    "contacts", "attachments", "urls"];
  const TEXT_LISTS = new Set(["issuers", "recipients", "urls"]);
  const CONTACT_KEYS = ["department", "names", "phones", "emails", "address", "postal_code"];
  const CONTACT_LISTS = new Set(["names", "phones", "emails"]);
  // Mirrors storage/corrections.py (the server checks again).
  const RULES = {
    doc_number: [/^[^\s〔〕\[\]（）()]+〔\d{4}〕[1-9]\d*号$/, /^\d{4}年第[1-9]\d*号$/],
    date: /^\d{4}-\d{2}-\d{2}$/,
    phone: [/^0\d{2,3}-\d{7,8}$/, /^1[3-9]\d{9}$/, /^[48]00-?\d{3}-?\d{4}$/, /^1\d{4,5}$/],
    email: /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/,
    url: /^https?:\/\/[^\s/$.?#][^\s]*$/i,
    postal_code: /^\d{6}$/,
  };
  const form = document.getElementById("record-form");
  const pages = document.getElementById("pages");
  let record = null;
  let etag = null;
  let nextId = undefined;

  // ---- values ------------------------------------------------------------------------------------
  const blank = (v) => v === null || v === undefined || (typeof v === "string" && v.trim() === "");
  const clean = (v) => (blank(v) ? null : v.trim());
  const splitList = (text) => text.split(/[,，、;；]/).map((s) => s.trim()).filter(Boolean);

  function normalizeDocNumber(text) {
    const map = { "[": "〔", "［": "〔", "【": "〔", "(": "〔", "（": "〔", "]": "〕", "］": "〕", "】": "〕", ")": "〕", "）": "〕" };
    return text.replace(/[\s\u3000]+/g, "").replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
      .replace(/[[\]［］【】()（）]/g, (c) => map[c]).replace(/〕0+(\d)/, "〕$1").replace(/第0+(\d)/, "第$1");
  }
  const normalizePhone = (text) => text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[－—–]/g, "-").replace(/\s+/g, "");

  function stable(v) {
    if (Array.isArray(v)) return "[" + v.map(stable).join(",") + "]";
    if (v && typeof v === "object") return "{" + Object.keys(v).sort().map((k) => JSON.stringify(k) + ":" + stable(v[k])).join(",") + "}";
    return JSON.stringify(v === undefined ? null : v);
  }

  function canonical(name, value) {
    if (TEXT_LISTS.has(name)) return (value || []).filter((s) => !blank(s));
    if (name === "deadlines") return (value || []).map((d) => ({ date: clean(d.date), task: d.task || "" }));
    if (name === "attachments") return (value || []).map((a) => ({ title: a.title || "", doc_number: clean(a.doc_number) }));
    if (name === "contacts") return (value || []).map((c) => Object.fromEntries(CONTACT_KEYS.map((k) =>
      [k, CONTACT_LISTS.has(k) ? (c[k] || []) : clean(c[k])])));
    return blank(value) ? null : value;
  }

  function readForm() {
    const values = {};
    for (const name of FIELDS) {
      const box = form.querySelector(`[data-field="${name}"]`);
      const inputs = (sel) => [...box.querySelectorAll(sel)];
      if (TEXT_LISTS.has(name)) values[name] = inputs("input.item").map((i) => i.value.trim()).filter(Boolean);
      else if (name === "deadlines") values[name] = inputs(".row-item").map((r) => ({
        date: clean(r.querySelector('[data-key="date"]').value), task: r.querySelector('[data-key="task"]').value.trim() }));
      else if (name === "attachments") values[name] = inputs(".row-item").map((r) => ({
        title: r.querySelector('[data-key="title"]').value.trim(),
        doc_number: clean(r.querySelector('[data-key="doc_number"]').value) }));
      else if (name === "contacts") values[name] = inputs(".row-item").map((r) => Object.fromEntries(CONTACT_KEYS.map((k) => {
        const text = r.querySelector(`[data-key="${k}"]`).value;
        return [k, CONTACT_LISTS.has(k) ? splitList(text) : clean(text)];
      })));
      else values[name] = clean(box.querySelector("[data-key]").value);
    }
    if (values.doc_number) values.doc_number = normalizeDocNumber(values.doc_number);
    for (const a of values.attachments) if (a.doc_number) a.doc_number = normalizeDocNumber(a.doc_number);
    for (const c of values.contacts) c.phones = c.phones.map(normalizePhone);
    return values;
  }

  function changedFields(values) {
    const changes = {};
    for (const name of FIELDS) if (stable(canonical(name, values[name])) !== stable(canonical(name, record[name]))) changes[name] = values[name];
    return changes;
  }

  // ---- validators --------------------------------------------------------------------------------
  function validate() {
    for (const node of form.querySelectorAll(".invalid")) node.classList.remove("invalid");
    for (const node of form.querySelectorAll("small.err")) node.remove();
    let first = null;
    const fail = (input, message) => {
      input.classList.add("invalid");
      input.setAttribute("aria-invalid", "true");
      input.after(el("small", { class: "err", role: "alert", text: message }));
      first = first || input;
    };
    const check = (input, ok, key, params) => { if (!ok) fail(input, t(key, params)); };
    const docNumberOk = (v) => RULES.doc_number.some((re) => re.test(normalizeDocNumber(v)));
    for (const input of form.querySelectorAll("[data-key]")) {
      input.removeAttribute("aria-invalid");
      const v = input.value.trim();
      const key = input.dataset.key;
      if (key === "doc_number" && v) check(input, docNumberOk(v), "error_doc_number", { value: v });
      if ((key === "date" || key === "issue_date") && v) check(input, RULES.date.test(v) && !isNaN(Date.parse(v + "T00:00:00Z")) && new Date(v + "T00:00:00Z").toISOString().startsWith(v), "error_date", { value: v });
      if (key === "date" && !v) fail(input, t("error_required"));
      if (key === "title" && input.closest('[data-field="attachments"]') && !v) fail(input, t("error_required"));
      if (key === "phones") for (const p of splitList(v)) if (!RULES.phone.some((re) => re.test(normalizePhone(p)))) { fail(input, t("error_phone", { value: p })); break; }
      if (key === "emails") for (const m of splitList(v)) if (!RULES.email.test(m)) { fail(input, t("error_email", { value: m })); break; }
      if (key === "postal_code" && v) check(input, RULES.postal_code.test(v), "error_postal_code", { value: v });
      if (key === "url" && v) check(input, RULES.url.test(v), "error_url", { value: v });
    }
    if (first) first.focus();
    return first === null;
  }

  // ---- rendering ---------------------------------------------------------------------------------
  function confidenceBadge(name) {
    const meta = (record.meta || {})[name];
    if (!meta) return el("span", { class: "conf none", text: t("not_found") });
    if (meta.source === "reviewer") return el("span", { class: "conf reviewer", title: `${meta.by} · ${when(meta.at)}`, text: t("source_reviewer", { by: meta.by }) });
    const c = meta.confidence;
    return el("span", { class: "conf " + (c < 0.6 ? "low" : c < 0.85 ? "mid" : "high"), text: Math.round(c * 100) + "%" });
  }

  const input = (key, value, attrs) => el("input", { "data-key": key, value: value ?? "", ...(attrs || {}) });
  const removeButton = () => el("button", { type: "button", class: "remove", title: t("remove_row"), "aria-label": t("remove_row"),
    text: "×", onclick: (e) => e.target.closest(".row-item").remove() });

  function listRow(name, value) {
    if (TEXT_LISTS.has(name)) return el("div", { class: "row-item" },
      input(name === "urls" ? "url" : "item", value, { class: "item", "aria-label": t("field_" + name) }), removeButton());
    if (name === "deadlines") return el("div", { class: "row-item grid-deadline" },
      input("date", value.date, { placeholder: "YYYY-MM-DD", inputmode: "numeric", "aria-label": t("deadline_date") }),
      input("task", value.task, { placeholder: t("deadline_task"), "aria-label": t("deadline_task") }), removeButton());
    if (name === "attachments") return el("div", { class: "row-item grid-attachment" },
      input("title", value.title, { placeholder: t("attachment_title"), "aria-label": t("attachment_title") }),
      input("doc_number", value.doc_number, { placeholder: t("field_doc_number"), "aria-label": t("field_doc_number") }), removeButton());
    return el("div", { class: "row-item contact" }, ...CONTACT_KEYS.map((k) => el("label", {}, t("contact_" + k),
      input(k, CONTACT_LISTS.has(k) ? (value[k] || []).join("、") : value[k],
        k === "phones" ? { placeholder: "0891-6815193、13618990512" } : {}))), removeButton());
  }

  const EMPTY = { deadlines: { date: "", task: "" }, attachments: { title: "", doc_number: "" },
    contacts: { department: "", names: [], phones: [], emails: [], address: "", postal_code: "" } };

  function fieldBlock(name) {
    const value = record[name];
    let body;
    if (name === "doc_type") {
      body = el("select", { "data-key": "doc_type", id: "f-doc_type" }, el("option", { value: "", text: "—" }),
        ...DOC_TYPES.map((d) => el("option", { value: d, text: d, selected: d === value })));
    } else if (["doc_number", "title", "issue_date"].includes(name)) {
      body = input(name, value, { id: "f-" + name, placeholder: name === "issue_date" ? "YYYY-MM-DD" : name === "doc_number" ? "藏质协字〔2024〕10号" : "" });
    } else {
      const rows = el("div", { class: "rows" }, ...(value || []).map((v) => listRow(name, v)));
      body = el("div", {}, rows, el("button", { type: "button", class: "add", text: t("add_row"),
        onclick: () => { const row = listRow(name, EMPTY[name] ?? ""); rows.append(row); row.querySelector("input").focus(); } }));
    }
    const evidence = ((record.meta || {})[name] || {}).evidence || [];
    return el("fieldset", { class: "field", "data-field": name, tabindex: -1 },
      el("legend", {}, el("label", { for: "f-" + name, text: t("field_" + name) }), confidenceBadge(name)),
      body,
      evidence.length ? el("div", { class: "evidence", text: evidence.map((e) => e.text).join(" / ") }) : null);
  }

  function renderForm() {
    form.replaceChildren(...FIELDS.map(fieldBlock));
    document.getElementById("record-title").textContent = record.title || t("review_title") + " #" + record.id;
    const status = document.getElementById("status");
    status.textContent = t("review_" + record.review_status) + " · v" + record.version;
    status.className = "badge review-" + record.review_status;
    status.dataset.status = record.review_status;
  }

  function renderPages() {
    const [first, last] = record.pages || [1, 1];
    const children = [];
    for (let n = first; n <= last; n++) {
      const page = el("div", { class: "page", dataset: { page: n } },
        el("img", { src: `/documents/${record.document_id}/pages/${n}.png`, alt: t("page_n", { n }) }));
      // One box per distinct rectangle: a title box is also the doc type's; a click cycles through them.
      const boxes = new Map();
      for (const name of FIELDS) {
        for (const ev of ((record.meta || {})[name] || {}).evidence || []) {
          if (ev.page !== n) continue;
          const key = ev.bbox.join(",");
          if (!boxes.has(key)) boxes.set(key, { bbox: ev.bbox, fields: [], text: ev.text });
          if (!boxes.get(key).fields.includes(name)) boxes.get(key).fields.push(name);
        }
      }
      for (const { bbox, fields, text } of boxes.values()) {
        const [x0, y0, x1, y1] = bbox;
        const area = (x1 - x0) * (y1 - y0);  // smaller boxes on top, so nested ones stay clickable
        page.append(el("div", { class: "box", dataset: { field: fields[0], fields: fields.join(",") },
          title: `${fields.map((f) => t("field_" + f)).join(" / ")}: ${text}`,
          style: `left:${x0 * 100}%;top:${y0 * 100}%;width:${(x1 - x0) * 100}%;height:${(y1 - y0) * 100}%;z-index:${1000 - Math.round(area * 1000)}`,
          onclick: () => {
            const active = form.querySelector("fieldset.field.active");
            const at = active ? fields.indexOf(active.dataset.field) : -1;
            focusField(fields[(at + 1) % fields.length]);
          } }));
      }
      children.push(page);
    }
    pages.replaceChildren(...children);
  }

  function highlight(name) {
    for (const box of pages.querySelectorAll(".box")) box.classList.toggle("active", box.dataset.fields.split(",").includes(name));
    for (const f of form.querySelectorAll("fieldset.field")) f.classList.toggle("active", f.dataset.field === name);
    const box = pages.querySelector(".box.active");
    if (box) box.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  function focusField(name) {
    const box = form.querySelector(`[data-field="${name}"]`);
    const target = box.querySelector("input, select") || box;
    target.focus();
    box.scrollIntoView({ block: "nearest" });
    highlight(name);
  }

  form.addEventListener("focusin", (e) => {
    const box = e.target.closest("fieldset.field");
    if (box && !box.classList.contains("active")) highlight(box.dataset.field);
  });

  function fmt(value) {
    if (value === null || value === undefined || value === "") return "—";
    if (Array.isArray(value)) return value.length ? value.map(fmt).join("；") : "—";
    if (typeof value === "object") return Object.values(value).filter((v) => !blank(v) && !(Array.isArray(v) && !v.length)).map(fmt).join(" ");
    return String(value);
  }

  async function loadHistory() {
    const { ok, data } = await api("GET", `/records/${recordId}/history`);
    if (!ok) return;
    const items = data.versions.slice().reverse().map((v) => el("li", { dataset: { version: v.version } },
      el("div", { class: "head" }, el("b", { text: "v" + v.version }), ` · ${v.author} · ${when(v.at)} · `,
        el("span", { class: "badge review-" + v.review_status, text: t("review_" + v.review_status) })),
      el("ul", { class: "diff" }, ...Object.entries(v.diff).map(([field, d]) => el("li", { dataset: { field } },
        el("span", { class: "fname", text: t("field_" + field) + ": " }),
        el("del", { text: field === "review_status" ? t("review_" + d.before) : fmt(d.before) }), " → ",
        el("ins", { text: field === "review_status" ? t("review_" + d.after) : fmt(d.after) }))))));
    document.getElementById("history").replaceChildren(...items);
  }

  // ---- actions -----------------------------------------------------------------------------------
  function adopt(response) {
    record = response.data;
    etag = response.etag;
    renderForm();
    renderPages();
    loadHistory();
    document.getElementById("conflict").hidden = true;
  }

  function showConflict(body, mine) {
    const box = document.getElementById("conflict");
    const current = body.current;
    // My changed fields, or (approving with nothing changed) the fields the other version changed.
    const fields = Object.keys(mine).length ? Object.keys(mine)
      : FIELDS.filter((f) => stable(canonical(f, current[f])) !== stable(canonical(f, record[f])));
    const rows = fields.map((f) =>
      el("tr", {}, el("th", { text: t("field_" + f) }), el("td", { class: "theirs", text: fmt(current[f]) }), el("td", { class: "mine", text: fmt(f in mine ? mine[f] : record[f]) })));
    box.replaceChildren(
      el("p", {}, el("b", { text: t("conflict_title") }), " ", t("conflict_text", { version: current.version })),
      el("table", {}, el("thead", {}, el("tr", {}, el("th", {}), el("th", { text: t("conflict_theirs") }), el("th", { text: t("conflict_mine") }))), el("tbody", {}, ...rows)),
      el("div", { class: "actions" },
        el("button", { type: "button", id: "take-theirs", text: t("conflict_take_theirs"), onclick: () => adopt({ data: current, etag: body.etag }) }),
        el("button", { type: "button", id: "keep-mine", class: "primary", text: t("conflict_keep_mine"), onclick: () => {
          record = current; etag = body.etag; box.hidden = true; loadHistory(); toast(t("conflict_kept")); } })));
    box.hidden = false;
    box.scrollIntoView({ block: "nearest" });
  }

  async function save() {
    if (!validate()) { toast(t("error_fix_fields"), "error"); return false; }
    const changes = changedFields(readForm());
    if (!Object.keys(changes).length) return true;
    const response = await api("PATCH", `/records/${recordId}`, { body: changes, headers: { "If-Match": etag } });
    if (response.status === 200) { adopt(response); toast(t("saved_version", { version: response.data.version }), "ok"); return true; }
    if (response.status === 409) { showConflict(response.data, changes); return false; }
    toast(response.data ? response.data.message : String(response.status), "error");
    return false;
  }

  async function setStatus(action) {
    if (!(await save())) return;
    const response = await api("POST", `/records/${recordId}/${action}`, { headers: { "If-Match": etag } });
    if (response.status === 200) { adopt(response); toast(t(action === "approve" ? "approved_msg" : "rejected_msg"), "ok"); }
    else if (response.status === 409) showConflict(response.data, {});
    else toast(response.data ? response.data.message : String(response.status), "error");
  }

  async function nextDocument() {
    if (nextId === undefined) {
      const { ok, data } = await api("GET", "/review/queue?limit=2");
      nextId = ok ? (data.items.find((r) => String(r.id) !== recordId) || {}).id ?? null : null;
    }
    if (nextId) location.href = `/review/${nextId}`;
    else toast(t("queue_empty"));
  }

  function moveField(step) {
    const boxes = [...form.querySelectorAll("fieldset.field")];
    const at = boxes.findIndex((b) => b.contains(document.activeElement));
    const next = boxes[Math.min(Math.max(at + step, 0), boxes.length - 1)];
    focusField(next.dataset.field);
  }

  document.getElementById("save").addEventListener("click", save);
  document.getElementById("approve").addEventListener("click", () => setStatus("approve"));
  document.getElementById("reject").addEventListener("click", () => setStatus("reject"));
  document.getElementById("next").addEventListener("click", nextDocument);
  document.addEventListener("keydown", (e) => {
    const key = e.key.toLowerCase();
    if ((e.ctrlKey || e.metaKey) && key === "s") { e.preventDefault(); save(); }
    else if ((e.ctrlKey || e.metaKey) && key === "enter") { e.preventDefault(); setStatus("approve"); }
    else if (e.altKey && key === "n") { e.preventDefault(); nextDocument(); }
    else if (e.altKey && key === "x") { e.preventDefault(); setStatus("reject"); }
    else if (e.altKey && (key === "arrowdown" || key === "j")) { e.preventDefault(); moveField(1); }
    else if (e.altKey && (key === "arrowup" || key === "k")) { e.preventDefault(); moveField(-1); }
  });

  (async () => {
    const response = await api("GET", `/records/${recordId}`);
    if (!response.ok) { form.replaceChildren(el("p", { class: "error", text: response.data ? response.data.message : t("error_network") })); return; }
    adopt(response);
  })();
})();
