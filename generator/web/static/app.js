// pjgen pages: each page's behaviour (common.js and problems.js are loaded first).
"use strict";

// --- 上传检查 --------------------------------------------------------------------

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
