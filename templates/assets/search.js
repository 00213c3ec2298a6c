// The header search box: the site's own index (src/turkic_integration_site/search_index.py), in the page's
// language, fetched only when the reader types: the few index files on the path of each word, then one
// small file per result shown. Markup: templates/theme/partials/search.html; settings: mkdocs.yml
// (plugins › turkic-site › search).
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
  const index = new URL(`${config.lang}/`, bundle);
  const siteRoot = new URL("..", bundle);

  // The same steps as fold() in src/turkic_integration_site/fold.py, on the same letter table.
  const letters = new RegExp(`[${Object.keys(config.letters).join("")}]`, "g");
  const fold = text => text.replace(letters, c => config.letters[c]).toLowerCase()
    .normalize("NFD").replace(/\p{Mn}/gu, "");
  // Words as search_index.words() cuts them: `Karabağ'ın` → karabag, in (one letter alone is no word).
  const words = text => (fold(text).match(/[\p{L}\p{N}_]+/gu) || []).filter(w => [...w].length > 1);
  // A whole name as search_index.name_key() writes it: `S/İHA` → `=siha`.
  const nameKey = text => config.keyMark + (fold(text).match(/[\p{L}\p{N}_]+/gu) || []).join("");

  const fetched = new Map(); // each index file is fetched once per page view (a failed one again next time)
  const get = path => {
    if (!fetched.has(path)) {
      fetched.set(path, fetch(new URL(path, index)).then(response => {
        if (!response.ok) throw new Error(`${response.status} ${response.url}`);
        return response.json();
      }).catch(error => {
        fetched.delete(path);
        throw error;
      }));
    }
    return fetched.get(path);
  };

  // As search_index.node_file(): letters and digits as they are, anything else as `_<hex>_`.
  const nodeFile = prefix => `w/${[...prefix].map(c => /[a-z0-9]/.test(c) ? c
    : `_${c.codePointAt(0).toString(16)}_`).join("")}.json`;

  // Postings [gap, value, gap, value, ...] → [page, value] pairs; value = score × 2 (+1: in a record's names).
  function* pairs(flat) {
    for (let i = 0, page = 0; i < flat.length; i += 2) yield [page += flat[i], flat[i + 1]];
  }

  // One folded word: the postings of the word itself, and of the longer words that begin with it.
  async function lookUp(word) {
    const chars = [...word];
    let prefix = chars.slice(0, config.rootDepth).join("");
    if (!(await get("w.json")).next.includes(prefix)) return { exact: [], longer: [] };
    for (;;) {
      const node = await get(nodeFile(prefix));
      // Object.hasOwn: a word such as `constructor` must not read the prototype of the word map.
      const exact = Object.hasOwn(node.w, word) ? [node.w[word]] : [];
      if (!node.next) { // a leaf holds every word with its prefix
        return { exact, longer: Object.keys(node.w).filter(w => w !== word && w.startsWith(word)).map(w => node.w[w]) };
      }
      const depth = [...prefix].length;
      if (chars.length === depth) return { exact, longer: [node.top] };
      if (!node.next.includes(chars[depth])) return { exact: [], longer: [] };
      prefix += chars[depth];
    }
  }

  const LONGER = 0.6; // `turk` finds Türkiye, at a lower score than a page with the word `Türk` itself
  const SINGULAR = 0.8; // `wars` finds `war`, `zirveler` finds `zirve`, below the word as typed

  // A plural typed in full, without its plural ending (English -s, Turkish -ler/-lar); else the word itself.
  function singular(word) {
    if (/(?:ler|lar)$/.test(word) && word.length > 5) return word.slice(0, -3);
    if (/[^s]s$/.test(word) && word.length > 3) return word.slice(0, -1);
    return word;
  }

  // One query word's postings, each with its weight and whether it may count as naming a page: the word
  // as typed and longer words beginning with it; then its singular, which never counts as a name (a summit
  // named `Summit` does not jump ahead of the list titled `Summits` for the query `summits`).
  async function postingsOf(word) {
    const base = singular(word);
    const [own, plain] = await Promise.all([lookUp(word), base === word ? null : lookUp(base)]);
    const found = [...own.exact.map(p => [p, 1, true]), ...own.longer.map(p => [p, LONGER, true])];
    if (plain) found.push(...plain.exact.map(p => [p, SINGULAR, false]), ...plain.longer.map(p => [p, LONGER * SINGULAR, false]));
    return found;
  }

  // Per page: how many query words it has, their summed scores, and whether all are in its names.
  function score(perWord) {
    const pages = new Map();
    for (const found of perWord) {
      const best = new Map(); // page → { score, named } for this query word
      for (const [postings, weight, asName] of found) {
        for (const [page, value] of pairs(postings)) {
          const was = best.get(page) || { score: 0, named: false };
          best.set(page, { score: Math.max(was.score, (value >> 1) * weight),
                           named: was.named || (asName && (value & 1) === 1) });
        }
      }
      for (const [page, { score, named }] of best) {
        const total = pages.get(page) || { matched: 0, score: 0, named: 0 };
        pages.set(page, { matched: total.matched + 1, score: total.score + score, named: total.named + named });
      }
    }
    return pages;
  }

  // Pages the query names outright come first, then pages with every query word in their names (records),
  // then pages with every word; pages with only some words only when no page has them all.
  async function find(query) {
    const terms = [...new Set(words(query))];
    const [named, ...found] = await Promise.all([lookUp(nameKey(query)), ...terms.map(postingsOf)]);
    const namedPages = new Set([...named.exact.flatMap(p => [...pairs(p)])].map(([page]) => page));
    const tier = (page, { matched, named }) => namedPages.has(page) ? 3
      : matched === terms.length ? (named === terms.length ? 2 : 1) : 0;
    let ranked = [...score(found)].map(([page, s]) => ({ page, tier: tier(page, s), ...s }));
    if (ranked.some(r => r.tier > 0)) ranked = ranked.filter(r => r.tier > 0);
    ranked.sort((a, b) => b.tier - a.tier || b.matched - a.matched || b.score - a.score || a.page - b.page);
    return { ranked: ranked.map(r => r.page), terms };
  }

  // The next `config.results` results' files (title, text), in rank order.
  const pagesFrom = (ranked, start) => Promise.all(ranked.slice(start, start + config.results).map(p => get(`p/${p}.json`)));

  // The part of a page's text around the first query word found, every query word in it marked.
  const EXCERPT = 200; // characters
  const isWordChar = c => /[\p{L}\p{N}_]/u.test(c);
  function excerpt(text, terms) {
    const chars = [...text];
    const marks = [];
    for (let i = 0; i < chars.length;) {
      if (!isWordChar(chars[i])) { i++; continue; }
      let end = i;
      while (end < chars.length && isWordChar(chars[end])) end++;
      const word = fold(chars.slice(i, end).join(""));
      if (terms.some(t => word.startsWith(t))) marks.push([i, end]);
      i = end;
    }
    let start = marks.length ? Math.max(0, marks[0][0] - EXCERPT / 4) : 0;
    while (start > 0 && isWordChar(chars[start - 1])) start--;
    const stop = Math.min(chars.length, start + EXCERPT);
    const nodes = start > 0 ? ["… "] : [];
    let at = start;
    for (const [from, to] of marks.filter(([from, to]) => from >= start && to <= stop)) {
      nodes.push(chars.slice(at, from).join(""));
      const mark = document.createElement("mark");
      mark.textContent = chars.slice(from, to).join("");
      nodes.push(mark);
      at = to;
    }
    nodes.push(chars.slice(at, stop).join("") + (stop < chars.length ? " …" : ""));
    return nodes;
  }

  let timer = 0;
  let latest = 0; // the newest keystroke: only its search may render

  const say = text => { status.textContent = text; };
  const count = n => n === 1 ? config.labels.one : config.labels.other.replace("#", String(n));

  const open = () => { toggle.checked = true; };
  const close = () => { toggle.checked = false; input.blur(); };

  // One result: the page's title and the part of its text around the query words.
  function resultItem(page, terms) {
    const entry = document.createElement("li");
    entry.className = "md-search-result__item";
    const link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = new URL(page.url, siteRoot).href;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    const title = document.createElement("span");
    title.className = "tis-search-title";
    title.textContent = page.title || page.url;
    const text = document.createElement("p");
    text.append(...excerpt(page.text, terms)); // text nodes and <mark>s: the page's text stays text
    article.append(title, text);
    link.append(article);
    entry.append(link);
    return entry;
  }

  // Results shown so far, and below them a button for the next ones while any are left.
  function render({ ranked, terms }, pages, focusFirstNew = false) {
    const shown = list.querySelectorAll(".md-search-result__item").length;
    const items = pages.map(page => resultItem(page, terms));
    list.querySelector(".tis-search-more")?.remove();
    list.append(...items);
    if (shown + pages.length < ranked.length) {
      const more = document.createElement("li");
      more.className = "tis-search-more md-typeset"; // md-typeset: Material styles .md-button inside it
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.textContent = config.labels.more;
      button.addEventListener("click", async () => {
        button.disabled = true; // one more page per click, however fast the clicks
        const ticket = latest;
        const next = await pagesFrom(ranked, shown + pages.length);
        if (ticket === latest) render({ ranked, terms }, next, true);
      });
      more.append(button);
      list.append(more);
    }
    if (focusFirstNew && items.length) items[0].querySelector("a").focus();
    say(ranked.length ? count(ranked.length) : config.labels.none);
  }

  async function search(query, ticket) {
    try {
      const found = await find(query);
      const pages = await pagesFrom(found.ranked, 0);
      if (ticket === latest) {
        list.replaceChildren();
        render(found, pages);
      }
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

  const links = () => [...list.querySelectorAll("a, button")];
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
