// pjgen pages: the problem table beside the sheet (上传检查, and each workbook of 批量).
"use strict";

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
