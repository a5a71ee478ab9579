// pjgen pages: plain JavaScript, no build step, nothing loaded from the network.
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

// --- 上传检查 (also each invalid workbook of 批量): problems beside the sheet --------------

function columnName(n) {
  let name = "";
  for (; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

const PROBLEM_HEAD = ["级别", "工作表!单元格", "说明", "怎么改"];

// The markup of a problem view (filters, problem table, sheet pane) inside `root`.
function problemViewMarkup(root) {
  const head = el("tr", {});
  for (const [i, label] of PROBLEM_HEAD.entries()) head.append(el("th", { class: ["level", "ref", "what", "how"][i] }, label));
  const errors = el("input", { type: "checkbox", class: "show-errors" });
  const warnings = el("input", { type: "checkbox", class: "show-warnings" });
  errors.checked = warnings.checked = true;
  root.replaceChildren(
    el("div", { class: "filters" }, el("label", {}, errors, " 显示错误"), el("label", {}, warnings, " 显示警告")),
    el("div", { class: "split" },
      el("div", { class: "pane" }, el("table", { class: "problems" }, el("thead", {}, head), el("tbody", {}))),
      el("div", { class: "pane sheet-pane" }, el("div", { class: "tabs sheet-tabs" }), el("div", { class: "sheet-name" }),
        el("div", { class: "sheet", tabindex: "0" }))));
}

function showSheet(root, view, name, cell) {
  const sheet = view.sheets.find((s) => s.name === name);
  if (!sheet) return;
  for (const tab of root.querySelector(".sheet-tabs").children) tab.classList.toggle("current", tab.textContent === name);
  const levels = new Map();
  for (const p of view.problems) {
    if (p.sheet === name && (!levels.has(p.cell) || p.error)) levels.set(p.cell, p);
  }
  const cols = sheet.rows.reduce((m, r) => Math.max(m, r.length), 0);
  const table = el("table", {});
  const head = el("tr", {}, el("th", { class: "corner" }));
  for (let c = 1; c <= cols; c++) head.append(el("th", {}, columnName(c)));
  table.append(el("thead", {}, head));
  const body = el("tbody", {});
  sheet.rows.forEach((values, r) => {
    const row = el("tr", {}, el("th", {}, String(r + 1)));
    for (let c = 1; c <= cols; c++) {
      const address = columnName(c) + (r + 1);
      const td = el("td", { dataset: { cell: address }, class: c === 1 ? "col-a" : "" }, values[c - 1] || "");
      if (values[c - 1]) td.title = values[c - 1];  // the whole text, where the column is too narrow for it
      const p = levels.get(address);
      if (p) {
        td.classList.add(p.error ? "bad-error" : "bad-warning");
        td.title = `${p.ref}：${p.what}`;
      }
      row.append(td);
    }
    body.append(row);
  });
  table.append(body);
  root.querySelector(".sheet-name").textContent = `${name}（有问题的单元格已标出）`;
  const box = root.querySelector(".sheet");
  box.replaceChildren(table);
  const target = table.querySelector(`td[data-cell="${cell || sheet.cells[0]}"]`);
  if (target) {
    target.classList.add("focus");
    // Scroll the sheet (not the page) so that the cell is in the middle, clear of the sticky row numbers and column A.
    const r = target.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    const rowHead = table.querySelector("tbody th");
    const colA = table.querySelector("td.col-a");
    const covered = (rowHead ? rowHead.getBoundingClientRect().width : 0) + (colA && colA !== target ? colA.getBoundingClientRect().width : 0);
    box.scrollTop += r.top - b.top - box.clientHeight / 2;
    if (r.right > b.left + box.clientWidth || r.left < b.left + covered) {
      box.scrollLeft += r.left - b.left - covered - Math.max(0, (box.clientWidth - covered - r.width) / 3);
    }
  }
}

function applyFilters(root) {
  const errors = root.querySelector(".show-errors").checked;
  const warnings = root.querySelector(".show-warnings").checked;
  for (const row of root.querySelector(".problems").tBodies[0].rows) {
    row.hidden = row.classList.contains("error") ? !errors : !warnings;
  }
}

// Fill a problem view (see problemViewMarkup) with `view` = {problems, sheets}.
function showProblems(root, view) {
  const sheets = view.sheets || [];
  const tabs = root.querySelector(".sheet-tabs");
  tabs.replaceChildren();
  for (const s of sheets) {
    const tab = el("button", { type: "button" }, s.name);
    tab.addEventListener("click", () => showSheet(root, view, s.name));
    tabs.append(tab);
  }
  problemRows(root.querySelector(".problems").tBodies[0], view.problems, sheets.length ? (sheet, cell) => showSheet(root, view, sheet, cell) : null);
  root.querySelector(".sheet-pane").hidden = !sheets.length;
  for (const box of root.querySelectorAll(".filters input")) box.onchange = () => applyFilters(root);
  applyFilters(root);
  if (sheets.length) {
    const first = view.problems.find((p) => p.sheet && sheets.some((s) => s.name === p.sheet));
    if (first) showSheet(root, view, first.sheet, first.cell);
  }
}

function checkPage() {
  const root = $("result");
  problemViewMarkup(root);
  async function check() {
    const book = $("check-file").files[0];
    if (!book) return;
    const prior = $("prior-file").files[0];
    const current = turn("check");
    status(prior ? `正在检查 ${book.name}，并与上年工作簿 ${prior.name} 核对 …` : `正在检查 ${book.name} …`, "busy");
    root.hidden = true;
    $("notes").replaceChildren();
    let result;
    try {
      result = await post("/api/check", prior ? [["workbook", book], ["prior", prior]] : [["workbook", book]]);
    } catch (e) {
      if (current()) status(e.message, "bad");
      return;
    }
    if (!current()) return;  // another workbook was chosen meanwhile
    status(`${result.name}：${summary(result)}`, result.errors ? "bad" : "good");
    for (const note of result.notes || []) $("notes").append(el("li", {}, note));
    showProblems(root, result);
    root.hidden = !result.problems.length;
  }
  dropZone(document.querySelector(".drop"), check);
  $("prior-file").addEventListener("change", () => $("check-file").files.length && check());
}

// --- 生成 ------------------------------------------------------------------------

function buildPage() {
  dropZone(document.querySelector(".drop"), async (files) => {
    const current = turn("build");  // a newer upload makes every update of this one void
    status(`正在检查并生成 ${files[0].name} …`, "busy");
    $("outputs").hidden = true;
    $("problems").hidden = true;
    $("pdf-link").hidden = true;
    $("pdf-retry").hidden = true;
    $("pdf-view").hidden = true;
    $("pdf-view").removeAttribute("src");
    $("pdf-state").textContent = "";
    let result;
    try {
      result = await post("/api/build", [["workbook", files[0]]]);
    } catch (e) {
      if (current()) status(e.message, "bad");
      return;
    }
    if (!current()) return;
    if (result.problems && result.problems.length) {
      problemRows($("problems").tBodies[0], result.problems);
      $("problems").hidden = false;
    }
    if (!result.ok) {
      status(result.message, "bad");
      return;
    }
    status(`${result.name}：已生成《${result.title}》。${result.warnings ? `有 ${result.warnings} 个警告，见下表。` : ""}`, "good");
    $("docx-link").href = result.docx;
    $("docx-link").textContent = `下载 Word 文档（${result.title}.docx）`;
    $("outputs").dataset.upload = result.id;
    $("outputs").hidden = false;
    $("pdf-retry").onclick = async () => {
      $("pdf-retry").hidden = true;
      let state;
      try {
        state = await getJson(`/api/build/${result.id}/pdf`, { method: "POST" });
      } catch (e) {
        state = { pdf: "failed", message: e.message, retry: true };
      }
      if (current()) await followPdf(current, result.id, result.title, state);
    };
    await followPdf(current, result.id, result.title, result);
  });
}

async function followPdf(current, id, title, state) {
  const started = Date.now();
  for (;;) {
    if (!current()) return;  // superseded: never show this upload's PDF under another's name
    if (state.pdf === "done") {
      $("pdf-state").textContent = "PDF 已生成。";
      $("pdf-state").className = "pdf-state good";
      $("pdf-link").href = state.url + "?download=1";
      $("pdf-link").textContent = `下载 PDF（${title}.pdf）`;
      $("pdf-link").hidden = false;
      $("pdf-view").src = state.url;
      $("pdf-view").hidden = false;
      return;
    }
    if (state.pdf !== "converting") {
      $("pdf-state").textContent = state.message || "没有生成 PDF。";
      $("pdf-state").className = "pdf-state bad";
      $("pdf-retry").hidden = !state.retry;
      return;
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    $("pdf-state").textContent = `正在生成 PDF（LibreOffice）… ${seconds} 秒`;
    $("pdf-state").className = "pdf-state busy";
    await sleep(400);
    try {
      state = await getJson(`/api/build/${id}`);
    } catch (e) {
      state = { pdf: "failed", message: e.message };
    }
  }
}

// --- 修改对比 --------------------------------------------------------------------

function marked(spans, keep) {
  const cell = el("td", {});
  for (const [op, text] of spans) {
    if (op === "=") cell.append(text);
    else if (op === keep) cell.append(el(op === "-" ? "del" : "ins", {}, text));
  }
  return cell;
}

function diffPage() {
  $("diff-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const old = $("diff-old").files[0];
    const now = $("diff-new").files[0];
    if (!old || !now) {
      status("请选择两个工作簿：原工作簿和修改后的工作簿。", "bad");
      return;
    }
    const current = turn("diff");
    status("正在比较 …", "busy");
    for (const id of ["cells-section", "text-section", "problems"]) $(id).hidden = true;
    let result;
    try {
      result = await post("/api/diff", [["old", old], ["new", now]]);
    } catch (err) {
      if (current()) status(err.message, "bad");
      return;
    }
    if (!current()) return;
    const cells = $("cells").tBodies[0];
    cells.replaceChildren();
    for (const c of result.cells) cells.append(el("tr", {}, el("td", { class: "ref" }, c.ref), el("td", {}, c.old), el("td", {}, c.new)));
    $("cells-title").textContent = `改动的单元格（${result.cells.length} 个）`;
    $("cells-section").hidden = !result.cells.length;
    if (result.text === null) {
      if (result.other_unit) status(result.other_unit, "bad");
      const problems = [...result.old.problems, ...result.new.problems].filter((p) => p.error);
      problemRows($("problems").tBodies[0], problems);
      $("problems").hidden = false;
      status("工作簿有错误，无法生成文档进行比较。请先改正下表中的错误。", "bad");
      return;
    }
    const text = $("text").tBodies[0];
    text.replaceChildren();
    for (const t of result.text) {
      const before = t.spans ? marked(t.spans, "-") : el("td", { class: t.old === null ? "none" : "gone" }, t.old === null ? "（无）" : t.old);
      const after = t.spans ? marked(t.spans, "+") : el("td", { class: t.new === null ? "none" : "added" }, t.new === null ? "（无）" : t.new);
      text.append(el("tr", {}, el("td", { class: "where" }, t.where), before, after));
    }
    $("text-title").textContent = `文档中改变的内容（${result.text.length} 处）`;
    $("text-section").hidden = !result.text.length;
    if (!result.cells.length) status("两个工作簿的内容相同。", "good");
    else if (!result.text.length) status(`改动了 ${result.cells.length} 个单元格，文档内容没有变化。`, "good");
    else status(`改动了 ${result.cells.length} 个单元格，文档中 ${result.text.length} 处随之改变。`, "good");
    if (result.other_unit) status(`${$("status").textContent}${result.other_unit}`, "bad");
  });
}

// --- 批量 ------------------------------------------------------------------------

const opened = new Set();  // the workbooks whose problems are shown

function batchRows(state) {
  const tbody = $("batch").tBodies[0];
  tbody.replaceChildren();
  state.items.forEach((item, index) => {
    const links = el("td", {});
    if (item.docx) links.append(el("a", { href: item.docx }, "Word"));
    if (item.pdf) links.append(" ", el("a", { href: item.pdf + "?download=1" }, "PDF"));
    if (item.message) links.append(el("div", { class: "bad" }, item.message));
    if (item.pdf_message) links.append(el("div", { class: "bad pdf-failed" }, item.pdf_message));
    const errors = el("td", {}, item.errors === undefined ? "—" : String(item.errors));
    const row = el("tr", { class: item.state, dataset: { index: String(index) } },
      el("td", {}, item.name), el("td", { class: "state" }, item.label), errors,
      el("td", {}, item.warnings === undefined ? "—" : String(item.warnings)), links);
    tbody.append(row);
    if (!item.problems || !item.problems.length) return;
    const toggle = el("button", { type: "button", class: "link show-problems" }, opened.has(index) ? "收起问题" : "查看问题");
    errors.append(" ", toggle);
    toggle.addEventListener("click", () => {
      if (opened.has(index)) opened.delete(index); else opened.add(index);
      batchRows(state);
    });
    if (opened.has(index)) {
      const view = el("div", { class: "batch-problems" });
      problemViewMarkup(view);
      tbody.append(el("tr", { class: "detail" }, el("td", { colspan: "5" }, view)));
      showProblems(view, item);
    }
  });
  $("batch").hidden = false;
}

function batchPage() {
  dropZone(document.querySelector(".drop"), async (files) => {
    if (files.length > MAX_BATCH) {
      status(`一次最多上传 ${MAX_BATCH} 个工作簿（或一个装有不超过 ${MAX_BATCH} 个工作簿的 .zip），请分批上传。`, "bad");
      return;
    }
    const current = turn("batch");
    status(`正在上传 ${files.length} 个文件 …`, "busy");
    $("zip-link").hidden = true;
    $("summary-link").hidden = true;
    $("notes").replaceChildren();
    opened.clear();
    let state;
    try {
      state = await post("/api/batch", files.map((f) => ["workbooks", f]));
    } catch (e) {
      if (current()) status(e.message, "bad");
      return;
    }
    const id = state.id;
    let shown = "";
    for (;;) {
      if (!current()) return;  // a newer batch owns the page
      const now = JSON.stringify(state.items);
      if (now !== shown) batchRows(state);  // redrawn only when something changed: an open problem view keeps its place
      shown = now;
      if (state.done) break;
      status(`${state.label} …`, "busy");
      await sleep(500);
      try {
        state = await getJson(`/api/batch/${id}`);
      } catch (e) {
        if (current()) status(e.message, "bad");
        return;
      }
    }
    if (!current()) return;
    const built = state.items.filter((i) => i.state === "built").length;
    const pdfFailed = state.items.filter((i) => i.pdf_failed).length;
    let text = `完成：${state.items.length} 个工作簿，${built} 个已生成，${state.items.length - built} 个未生成。`;
    if (pdfFailed) text += `其中 ${pdfFailed} 个只生成了 Word 文档（PDF 失败）。`;
    status(text, built === state.items.length && !pdfFailed ? "good" : "bad");
    for (const note of state.notes || []) $("notes").append(el("li", {}, note));
    if (state.zip) {
      $("zip-link").href = state.zip;
      $("zip-link").hidden = false;
    }
    if (state.summary) {
      $("summary-link").href = state.summary;
      $("summary-link").hidden = false;
    }
  });
}

// --- 空白工作簿 / 下一年 ----------------------------------------------------------------

function blankPage() {
  const pack = $("blank-pack");
  pack.addEventListener("change", () => {
    $("blank-link").href = `/api/blank?pack=${encodeURIComponent(pack.value)}`;
  });
  dropZone(document.querySelector(".drop"), async (files) => {
    const current = turn("next");
    status(`正在根据 ${files[0].name} 生成下一年的工作簿 …`, "busy");
    $("next-result").hidden = true;
    let result;
    try {
      const nextPack = $("next-pack").value;
      const url = nextPack ? `/api/next-year?pack=${encodeURIComponent(nextPack)}` : "/api/next-year";
      result = await post(url, [["workbook", files[0]]]);
    } catch (e) {
      if (current()) status(e.message, "bad");
      return;
    }
    if (!current()) return;
    status(`已生成 ${result.year} 年度工作簿：${result.name}。`, "good");
    $("next-link").href = result.url;
    $("next-link").textContent = `下载 ${result.name}`;
    $("next-carried").replaceChildren(...result.carried.map((t) => el("li", {}, t)));
    $("next-review").replaceChildren(...result.review.map((t) => el("li", {}, t)));
    $("next-result").hidden = false;
  });
}

const PAGES = { "/": checkPage, "/build": buildPage, "/diff": diffPage, "/blank": blankPage, "/batch": batchPage };
document.addEventListener("DOMContentLoaded", () => (PAGES[document.body.dataset.page] || (() => {}))());
