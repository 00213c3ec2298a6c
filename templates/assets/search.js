// The header search box: Pagefind, in the page's language, loaded only when the reader types.
// Markup: templates/theme/partials/search.html; settings: mkdocs.yml (plugins › turkic-site › search).
(() => {
  "use strict";
  const box = document.querySelector("[data-tis-search]");
  const settings = document.getElementById("tis-search-config");
  if (!box || !settings) return;
  const config = JSON.parse(settings.textContent);
  const input = box.querySelector(".md-search__input");
  const status = box.querySelector(".md-search-result__meta");
  const list = box.querySelector(".md-search-result__list");
  const toggle = document.getElementById("__search"); // Material's CSS opens the dropdown when checked
  const bundle = new URL(config.bundle, document.baseURI);

  // The same steps as fold() in src/turkic_integration_site/fold.py, on the same letter table.
  const letters = new RegExp(`[${Object.keys(config.letters).join("")}]`, "g");
  const fold = text => text.replace(letters, c => config.letters[c]).toLowerCase()
    .normalize("NFD").replace(/\p{Mn}/gu, "");

  let engine = null; // Pagefind, imported on the first search
  let timer = 0;
  let latest = 0; // the newest keystroke: only its search may render

  const load = () => {
    engine ??= import(new URL("pagefind.js", bundle).href).then(async pagefind => {
      await pagefind.options({
        baseUrl: new URL("..", bundle).pathname, // result URLs are relative to the site root
        ranking: { metaWeights: config.weights },
        noWorker: true, // one search at a time needs no worker: 12 KB less to download
      });
      return pagefind;
    });
    return engine;
  };

  const say = text => { status.textContent = text; };
  const count = n => n === 1 ? config.labels.one : config.labels.other.replace("#", String(n));

  const open = () => { toggle.checked = true; };
  const close = () => { toggle.checked = false; input.blur(); };

  // A name as words only, as search_index.folded_name() writes it: `Türk Keneşi'nin` → `turk kenesi nin`.
  const words = text => (fold(text).match(/[\p{L}\p{N}_]+/gu) || []).join(" ");

  // The pages the query names outright (title, abbreviation, alias): found through their name keys.
  async function named(pagefind, query) {
    const name = words(query);
    const found = await pagefind.search(config.key.replace("{}", name.replaceAll(" ", "")));
    const pages = await Promise.all(found.results.slice(0, 2).map(async r => ({ id: r.id, page: await r.data() })));
    return pages.filter(({ page }) => (page.meta.fold || "").split(config.separator).includes(name));
  }

  // Raw query (Pagefind folds most accents itself) and folded query (ı, ə, Turkish I/İ), merged by page;
  // the pages the query names come first.
  async function find(query) {
    const pagefind = await load();
    const queries = [...new Set([query, fold(query)])];
    const [exact, ...searches] = await Promise.all([named(pagefind, query), ...queries.map(q => pagefind.search(q))]);
    const best = new Map();
    for (const result of searches.flatMap(s => s.results)) {
      if (!best.has(result.id) || best.get(result.id).score < result.score) best.set(result.id, result);
    }
    const first = new Set(exact.map(e => e.id));
    const ranked = [...best.values()].filter(r => !first.has(r.id)).sort((a, b) => b.score - a.score);
    const rest = await Promise.all(ranked.slice(0, config.results - exact.length).map(r => r.data()));
    return { total: ranked.length + exact.length, shown: [...exact.map(e => e.page), ...rest] };
  }

  function render({ total, shown }) {
    list.replaceChildren(...shown.map(page => {
      const item = document.createElement("li");
      item.className = "md-search-result__item";
      const link = document.createElement("a");
      link.className = "md-search-result__link";
      link.href = page.url;
      const article = document.createElement("article");
      article.className = "md-search-result__article md-typeset";
      const title = document.createElement("span");
      title.className = "tis-search-title";
      title.textContent = page.meta.title || page.url;
      const excerpt = document.createElement("p");
      excerpt.innerHTML = page.excerpt; // Pagefind escapes the page text and adds only <mark>
      article.append(title, excerpt);
      link.append(article);
      item.append(link);
      return item;
    }));
    say(total ? count(total) : config.labels.none);
  }

  async function search(query, ticket) {
    try {
      const found = await find(query);
      if (ticket === latest) render(found);
    } catch (error) {
      if (ticket === latest) say(config.labels.failed);
      throw error;
    }
  }

  input.form.addEventListener("submit", event => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) first.click();
  });

  input.addEventListener("focus", open);
  input.addEventListener("input", () => {
    open();
    clearTimeout(timer);
    const ticket = ++latest; // every keystroke outdates the searches before it
    const query = input.value.trim();
    if (query.length < config.minChars) {
      list.replaceChildren();
      say(config.labels.hint);
      return;
    }
    say(config.labels.loading);
    timer = setTimeout(() => search(query, ticket), config.debounceMs);
  });

  // On small screens Material's header button ticks the toggle: the box should then take the keys.
  toggle.addEventListener("change", () => { if (toggle.checked) input.focus(); });

  const links = () => [...list.querySelectorAll("a")];
  box.addEventListener("keydown", event => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : all[at - 1]).focus();
    }
  });

  // `/` or `s` anywhere outside a text field focuses the box, as in Material.
  document.addEventListener("keydown", event => {
    if (event.ctrlKey || event.metaKey || event.altKey || !["/", "s", "S"].includes(event.key)) return;
    const target = event.target;
    if (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) return;
    event.preventDefault();
    input.focus();
  });

  window.turkicSearchFold = fold; // tests compare it with the Python fold on the same words
})();
