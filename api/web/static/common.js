// Shared by every page: the message catalogue, the CSRF token, and a fetch helper for the JSON API.
"use strict";
const MESSAGES = JSON.parse(document.getElementById("i18n").textContent);
const CSRF = document.querySelector('meta[name="csrf-token"]').content;

function t(key, params) {
  let text = MESSAGES[key] || key;
  for (const [name, value] of Object.entries(params || {})) text = text.replaceAll("{" + name + "}", value);
  return text;
}

async function api(method, url, { body, headers } = {}) {
  const init = { method, headers: { Accept: "application/json", ...(headers || {}) }, credentials: "same-origin" };
  if (method !== "GET") init.headers["X-CSRF-Token"] = CSRF;
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  let data = null;
  const type = response.headers.get("Content-Type") || "";
  if (type.includes("json")) data = await response.json();
  return { status: response.status, ok: response.ok, data, etag: response.headers.get("ETag") };
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
  return node;
}

let toastTimer = null;
function toast(message, kind) {
  const box = document.getElementById("toast");
  box.textContent = message;
  box.className = kind || "";
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, 4000);
}

function when(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return d.toLocaleString(document.documentElement.lang, { hour12: false });
}

function statusLabel(status) {
  return t("status_" + status);
}
