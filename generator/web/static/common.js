// pjgen pages: what every page shares (plain JavaScript, no build step, nothing loaded from the network).
"use strict";

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);  // text is inserted as text, never as HTML
  }
  return node;
}

function status(text, kind) {
  const box = $("status");
  box.textContent = text;
  box.className = "status" + (kind ? " " + kind : "");
}

const MAX_MB = Number(document.body.dataset.maxMb || "20");
const MAX_BATCH = Number(document.body.dataset.maxBatch || "50");

async function post(url, files) {
  const form = new FormData();
  for (const [name, file] of files) {
    if (file.size > MAX_MB * 1024 * 1024 && !file.name.toLowerCase().endsWith(".zip")) {
      throw new Error(`${file.name} 太大：上传限制为每个工作簿 ${MAX_MB} MB。`);
    }
    form.append(name, file, file.name);
  }
  return getJson(url, { method: "POST", body: form });
}

async function getJson(url, options) {
  let response;
  try {
    response = await fetch(url, options);
  } catch (e) {
    throw new Error("无法连接 pjgen 服务，请确认 pjgen serve 仍在运行。");
  }
  let body = {};
  try {
    body = await response.json();
  } catch (e) {
    body = {};
  }
  if (!response.ok) throw new Error(body.error || `服务器返回错误（${response.status}）。`);
  return body;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// A page's newest request is the only one whose answer is shown: turn("diff") starts a new one and
// gives a function telling whether it is still the newest.
const turns = {};
function turn(key) {
  const mine = (turns[key] = (turns[key] || 0) + 1);
  return () => turns[key] === mine;
}

// --- file choosers: the native button is hidden (its label follows the browser's language) ---

document.addEventListener("change", (e) => {
  if (e.target.matches("input[type=file]")) showNames(e.target.closest("label"), [...e.target.files]);
});

// --- drag and drop on every .drop label ------------------------------------------

function showNames(label, files) {
  const shown = label && label.querySelector(".chosen");
  if (!shown) return;
  const names = files.map((f) => f.name);
  shown.textContent = names.length > 3 ? `已选择 ${names.length} 个文件` : names.join("、");
}

function dropZone(label, onFiles) {
  const input = label.querySelector("input[type=file]");
  input.addEventListener("change", () => input.files.length && onFiles([...input.files]));
  label.addEventListener("dragover", (e) => { e.preventDefault(); label.classList.add("over"); });
  label.addEventListener("dragleave", () => label.classList.remove("over"));
  label.addEventListener("drop", (e) => {
    e.preventDefault();
    label.classList.remove("over");
    if (!e.dataTransfer.files.length) return;
    try {
      input.files = e.dataTransfer.files;  // the chooser (and its name label) shows what was dropped
    } catch (err) { /* older browsers: the label below still shows the names */ }
    showNames(label, [...e.dataTransfer.files]);
    onFiles([...e.dataTransfer.files]);
  });
}

// --- problems table (check, build, diff) ------------------------------------------------

function problemRows(tbody, problems, onPick) {
  tbody.replaceChildren();
  for (const p of problems) {
    const row = el("tr", { class: p.error ? "error" : "warning", dataset: { sheet: p.sheet, cell: p.cell } },
      el("td", { class: "level" }, p.level),
      el("td", { class: "ref" }, p.ref || "（工作簿）"),
      el("td", {}, p.what),
      el("td", {}, p.how));
    if (onPick && p.sheet) {
      row.classList.add("pickable");
      row.addEventListener("click", () => onPick(p.sheet, p.cell));
    }
    tbody.append(row);
  }
}

function summary(result) {
  if (!result.problems.length) return "未发现问题：0 个错误，0 个警告。";
  return `共 ${result.errors} 个错误，${result.warnings} 个警告。`;
}
