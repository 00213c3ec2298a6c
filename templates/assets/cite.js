// The cite block (templates/_cite.md.j2): the reader's day as the date accessed, and a copy button per format.
// Without this script the block reads "(the day you read it)" and its records carry no access date at all.
// Words: the JSON in templates/theme/main.html (#tis-cite-config). Runs under the Content-Security-Policy: no
// inline script, no eval, no inline handler.
(() => {
  "use strict";
  const block = document.querySelector("details.tis-cite");
  const settings = document.getElementById("tis-cite-config");
  if (!block || !settings) return;
  const words = JSON.parse(settings.textContent);
  const pad = n => String(n).padStart(2, "0");

  // The reader's day in the site's form: "4 Aralık 2026" / "4 December 2026"; and as the records write it.
  const today = () => {
    const now = new Date();
    return {
      text: new Intl.DateTimeFormat(words.locale, { day: "numeric", month: "long", year: "numeric" }).format(now),
      iso: `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`,
      parts: [now.getFullYear(), now.getMonth() + 1, now.getDate()],
    };
  };

  // Each record with the date accessed in its own field: BibTeX urldate, RIS Y2, CSL-JSON accessed.
  const withDate = {
    bibtex: (text, day) => text.replace(/\n {2}urldate = \{[^}\n]*\},/, "")
      .replace(/(\n {2}url = \{[^\n]*\},)/, `$1\n  urldate = {${day.iso}},`),
    ris: (text, day) => text.replace(/\nY2 {2}- [^\n]*/, "")
      .replace(/(\nUR {2}- [^\n]*)/, `$1\nY2  - ${day.iso.replaceAll("-", "/")}`),
    csl: (text, day) => {
      const items = JSON.parse(text);
      for (const item of items) item.accessed = { "date-parts": [day.parts] };
      return JSON.stringify(items, null, 2) // a date on one line, as cite_page.py writes it
        .replace(/\[\s+\[\s+([\d,\s]+?)\s+\]\s+\]/g, (_, parts) => `[[${parts.split(",").map(p => p.trim()).join(", ")}]]`);
    },
  };
  const records = Object.keys(withDate).map(format => {
    const label = block.querySelector(`.tis-cite-${format}`);
    const code = label && label.nextElementSibling && label.nextElementSibling.querySelector("code");
    return code && { format, label, code, original: code.textContent.replace(/\n$/, "") };
  }).filter(Boolean);
  const extension = { bibtex: ".bib", ris: ".ris", csl: ".json" };
  const downloads = Array.from(block.querySelectorAll('a[download][href^="data:"]'));

  const fill = () => {
    const day = today();
    for (const span of document.querySelectorAll(".tis-accessed")) span.textContent = day.text;
    for (const record of records) {
      const text = withDate[record.format](record.original, day);
      record.code.textContent = text + "\n";
      const link = downloads.find(a => a.getAttribute("download").endsWith(extension[record.format]));
      if (link) link.href = link.href.slice(0, link.href.indexOf(",") + 1) + encodeURIComponent(text);
    }
  };

  const copyButton = (name, text) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button tis-copy";
    button.textContent = words.copy;
    button.setAttribute("aria-label", `${words.copy} (${name})`);
    let reset;
    button.addEventListener("click", () => {
      fill(); // a page left open past midnight copies today's date
      navigator.clipboard.writeText(text()).then(
        () => { button.textContent = words.copied; },
        () => { button.textContent = words.failed; });
      clearTimeout(reset);
      reset = setTimeout(() => { button.textContent = words.copy; }, 2500);
    });
    return button;
  };

  for (const form of block.querySelectorAll(".tis-cite-form")) {
    const text = form.querySelector(".tis-cite-text");
    const name = form.querySelector("strong").textContent.replace(/:\s*$/, "");
    if (text) form.append(" ", copyButton(name, () => text.textContent));
  }
  for (const record of records) {
    record.label.append(" ", copyButton(record.label.textContent.trim(), () => record.code.textContent.replace(/\n$/, "")));
  }
  fill();
  block.addEventListener("toggle", () => { if (block.open) fill(); });
})();
