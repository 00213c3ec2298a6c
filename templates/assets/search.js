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
  // Words as analyze.words() cuts them: folded, what follows an apostrophe dropped (`Karabağ'ın` → karabag,
  // `Turkey's` → turkey), a one-letter prefix joined by / or - also made whole (`S/İHA` → iha, siha).
  const WORD = /([\p{L}\p{N}_]+)(?:['’][\p{L}\p{N}_]+)?/gu;
  const JOINED = /(?<![\p{L}\p{N}_])([\p{L}\p{N}_])[/-]([\p{L}\p{N}_]{2,})/gu;
  const tokens = text => {
    const folded = fold(text);
    return [...[...folded.matchAll(WORD)].map(m => m[1]), ...[...folded.matchAll(JOINED)].map(m => m[1] + m[2])];
  };
  const words = text => tokens(text).filter(w => [...w].length > 1);
  // A whole name as analyze.name_key() writes it: `S/İHA` → `=siha`, `Türk Keneşi'nin` → `=turkkenesi`.
  const nameKey = text => config.keyMark + [...fold(text).matchAll(WORD)].map(m => m[1]).join("");
  const length = text => [...text].length;

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

  // Postings [gap, value, gap, value, ...] → [page, value] pairs; value = score × 4 + how the word names the
  // page (search_index.py: 1 in a record's names, 2 in a section's title or key points or a list's title).
  function* pairs(flat) {
    for (let i = 0, page = 0; i < flat.length; i += 2) yield [page += flat[i], flat[i + 1]];
  }

  // One folded word: the postings of the word itself, of the longer words that begin with it, and of the
  // stem keys it begins with (`zirvesinde` → the pages of zirve, zirveler, zirvesi...: analyze.py).
  // Letters a stem key may leave over (`konse|ylerinin`); a key of three or four letters no more than its own
  // (`azer`, from Azeri, must not take `azer|bycan`: that is a typo).
  const MAX_SUFFIX = 8;
  const leftOver = n => n >= 5 ? MAX_SUFFIX : n;
  async function lookUp(word) {
    const chars = [...word];
    const stems = [];
    const stemsIn = node => {
      for (const key of Object.keys(node.s || {})) {
        const n = length(key);
        if (n >= config.minStem && chars.length - n <= leftOver(n) && word.startsWith(key)) stems.push([node.s[key], n]);
      }
    };
    let prefix = chars.slice(0, config.rootDepth).join("");
    if (!(await get("w.json")).next.includes(prefix)) return { exact: [], longer: [], stems };
    for (;;) {
      const node = await get(nodeFile(prefix));
      stemsIn(node); // an inner node holds the stem key equal to its prefix, a leaf every key it begins
      // Object.hasOwn: a word such as `constructor` must not read the prototype of the word map.
      const exact = Object.hasOwn(node.w, word) ? [node.w[word]] : [];
      if (!node.next) { // a leaf holds every word with its prefix
        return { exact, stems,
                 longer: Object.keys(node.w).filter(w => w !== word && w.startsWith(word)).map(w => node.w[w]) };
      }
      const depth = [...prefix].length;
      if (chars.length === depth) return { exact, longer: [node.top], stems };
      if (!node.next.includes(chars[depth])) return { exact: [], longer: [], stems };
      prefix += chars[depth];
    }
  }

  // Damerau–Levenshtein distance (a swap of two letters counts once), or `limit + 1` once it is beyond it.
  function distance(a, b, limit) {
    a = [...a]; b = [...b];
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    let before = null, previous = b.map((_, j) => j + 1);
    previous.unshift(0);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      let least = i;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let d = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
        row.push(d);
        least = Math.min(least, d);
      }
      if (least > limit) return limit + 1;
      before = previous;
      previous = row;
    }
    return previous[b.length];
  }

  // A word found nowhere, of five letters or more: the site's word within one edit (two from eight letters)
  // that most pages use, from the list of words with its first letter (fetched only now); or null.
  async function correct(word) {
    const n = length(word);
    const first = [...word][0];
    if (n < 5 || !(await get("w.json")).v?.includes(first)) return null;
    const limit = n >= 8 ? 2 : 1;
    let best = null, bestDistance = limit + 1;
    for (const spelt of (await get(`v/${nodeFile(first).slice(2)}`)).w) {
      const d = distance(word, fold(spelt), Math.min(limit, bestDistance - 1));
      if (d < bestDistance) { best = spelt; bestDistance = d; if (d === 1) break; }
    }
    return best;
  }

  const LONGER = 0.6; // `turk` finds Türkiye, at a lower score than a page with the word `Türk` itself
  const STEM = 0.7; // `zirvesinde` finds `zirve`, below the word as typed
  const TYPO = 0.5; // `azerbycan` finds `azerbaycan`, below every word found as typed or by its stem

  // One query word's postings, each with its weight: the word as typed, longer words beginning with it, its
  // stem keys (the longest weighs most); when none of these exists, the site's word nearest to it.
  async function postingsOf(word) {
    const own = await lookUp(word);
    const found = [...own.exact.map(p => [p, 1, true]), ...own.longer.map(p => [p, LONGER, true])];
    const longest = Math.max(0, ...own.stems.map(([, n]) => n));
    found.push(...own.stems.map(([p, n]) => [p, STEM * n / longest, false]));
    let correction = null;
    if (!found.length && (correction = await correct(word))) {
      const near = await lookUp(fold(correction));
      found.push(...near.exact.map(p => [p, TYPO, false]), ...near.stems.map(([p]) => [p, TYPO * STEM, false]));
    }
    return { found, correction, marks: [word, ...own.stems.map(([, n]) => [...word].slice(0, n).join(""))] };
  }

  // Per page: how many query words it has, their summed scores, how many name it (as typed or by a longer
  // word: `exact`; by a stem or a correction: `named`), and how (1 a record, 2 a topical page).
  function score(perWord) {
    const pages = new Map();
    for (const { found } of perWord) {
      const best = new Map(); // page → { score, named, exact, how } for this query word
      for (const [postings, weight, typed] of found) {
        for (const [page, value] of pairs(postings)) {
          const was = best.get(page) || { score: 0, named: false, exact: false, how: 0 };
          const how = value & 3;
          best.set(page, { score: Math.max(was.score, (value >> 2) * weight), named: was.named || how > 0,
                           exact: was.exact || (how > 0 && typed), how: how || was.how });
        }
      }
      for (const [page, word] of best) {
        const total = pages.get(page) || { matched: 0, score: 0, named: 0, exact: 0, how: 0 };
        pages.set(page, { matched: total.matched + 1, score: total.score + word.score, named: total.named + word.named,
                          exact: total.exact + word.exact, how: word.how || total.how });
      }
    }
    return pages;
  }

  // The order, by what the reader most likely wants: 6 a record the query names outright (its title, an
  // abbreviation or alias), 5 a page titled so (the list `Zirveler`); then pages with every query word in
  // their names: 4.75 a record, as typed, 4.5 a section (its title or key points) or list (its title), as
  // typed, 4.25 a record and 4 a section by stems or corrections; 3 a page that has the query as an alias
  // without being its record (the glossary); 1 a page with every word, 0 with some (shown only when no page
  // has them all). Within a tier: more words, more of them in its names, higher score.
  async function find(query) {
    const terms = [...new Set(words(query))];
    const perWord = await Promise.all(terms.map(postingsOf));
    const corrections = new Map(terms.map((t, i) => [t, perWord[i].correction]).filter(([, c]) => c));
    const suggestion = corrections.size ? terms.map(t => corrections.get(t) || t).join(" ") : null;
    const names = await Promise.all([query, suggestion].filter(Boolean).map(q => lookUp(nameKey(q))));
    const namedAs = new Map(); // page → its whole-name posting
    for (const [page, value] of names.flatMap(n => n.exact.flatMap(p => [...pairs(p)]))) {
      namedAs.set(page, Math.max(namedAs.get(page) || 0, value));
    }
    const tier = (page, { matched, named, exact, how }) => {
      const value = namedAs.get(page) || 0;
      if ((value & 3) === 1) return 6;
      if ((value & 3) === 2) return 5;
      if (matched === terms.length && named === terms.length) return 4 + (exact === terms.length) / 2 + (how === 1) / 4;
      if (value) return 3;
      return matched === terms.length ? 1 : 0;
    };
    const scored = score(perWord);
    for (const page of namedAs.keys()) if (!scored.has(page)) scored.set(page, { matched: 0, score: 0, named: 0 });
    let ranked = [...scored].map(([page, s]) => ({ page, tier: tier(page, s), ...s }));
    if (ranked.some(r => r.tier > 0)) ranked = ranked.filter(r => r.tier > 0);
    ranked.sort((a, b) => b.tier - a.tier || b.matched - a.matched || b.named - a.named || b.score - a.score
      || a.page - b.page);
    const marks = [...new Set([...perWord.flatMap(w => w.marks), ...[...corrections.values()].flatMap(words)])];
    return { ranked: ranked.map(r => r.page), marks, suggestion };
  }

  // The next `config.results` results' files (title, text), in rank order.
  const pagesFrom = (ranked, start) => Promise.all(ranked.slice(start, start + config.results).map(p => get(`p/${p}.json`)));

  // The part of a page's prose with the most of the query's words (their beginnings, stem keys, corrections:
  // `marks`), each marked; the prose's beginning when it has none of them.
  const EXCERPT = 200; // characters
  const isWordChar = c => /[\p{L}\p{N}_]/u.test(c);
  function excerpt(text, marks) {
    const chars = [...text];
    const found = []; // [from, to, which mark]
    for (let i = 0; i < chars.length;) {
      if (!isWordChar(chars[i])) { i++; continue; }
      let end = i;
      while (end < chars.length && isWordChar(chars[end])) end++;
      const word = fold(chars.slice(i, end).join(""));
      const which = marks.findIndex(m => word.startsWith(m));
      if (which >= 0) found.push([i, end, which]);
      i = end;
    }
    let start = 0, most = 0;
    for (const [from] of found) { // the window, a quarter of it before a match, that holds the most marks
      const at = Math.max(0, from - EXCERPT / 4);
      const held = new Set(found.filter(([f, t]) => f >= at && t <= at + EXCERPT).map(([, , w]) => w)).size;
      if (held > most) { most = held; start = at; }
    }
    while (start > 0 && isWordChar(chars[start - 1])) start--;
    const stop = Math.min(chars.length, start + EXCERPT);
    const nodes = start > 0 ? ["… "] : [];
    let at = start;
    for (const [from, to] of found.filter(([from, to]) => from >= start && to <= stop)) {
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
  let quiet = false; // focus given back to the box by Escape: do not open the list again

  const suggest = box.querySelector(".tis-search-suggest");
  const suggestion = box.querySelector(".tis-search-suggestion");
  const say = text => { status.textContent = text; };
  const count = n => n === 1 ? config.labels.one : config.labels.other.replace("#", String(n));

  const open = () => { toggle.checked = true; };
  const close = () => { toggle.checked = false; };

  // One result: the page's title and the part of its text around the query words.
  function resultItem(page, marks) {
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
    text.append(...excerpt(page.text, marks)); // text nodes and <mark>s: the page's text stays text
    article.append(title, text);
    link.append(article);
    entry.append(link);
    return entry;
  }

  // Results shown so far, and below them a button for the next ones while any are left.
  function render(found, pages, focusFirstNew = false) {
    const shown = list.querySelectorAll(".md-search-result__item").length;
    const items = pages.map(page => resultItem(page, found.marks));
    list.querySelector(".tis-search-more")?.remove();
    list.append(...items);
    if (shown + pages.length < found.ranked.length) {
      const more = document.createElement("li");
      more.className = "tis-search-more md-typeset"; // md-typeset: Material styles .md-button inside it
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.textContent = config.labels.more;
      button.addEventListener("click", async () => {
        button.disabled = true; // one more page per click, however fast the clicks
        const ticket = latest;
        const next = await pagesFrom(found.ranked, shown + pages.length);
        if (ticket === latest) render(found, next, true);
      });
      more.append(button);
      list.append(more);
    }
    if (focusFirstNew && items.length) items[0].querySelector("a").focus();
    say(found.ranked.length ? count(found.ranked.length) : config.labels.none);
  }

  // The address says what was searched (`?q=`), so that a search can be shared; the page's own hash is kept.
  function remember(query) {
    const address = new URL(location.href);
    if (query) address.searchParams.set("q", query);
    else address.searchParams.delete("q");
    if (address.href !== location.href) history.replaceState(history.state, "", address);
  }

  async function search(query, ticket) {
    try {
      const found = await find(query);
      const pages = await pagesFrom(found.ranked, 0);
      if (ticket === latest) {
        list.replaceChildren();
        suggest.hidden = !found.suggestion;
        suggestion.textContent = found.suggestion || "";
        render(found, pages);
        remember(query);
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

  function typed() {
    open();
    clearTimeout(timer);
    const ticket = ++latest; // every keystroke outdates the searches before it
    const query = input.value.trim();
    if (query.length < config.minChars) {
      list.replaceChildren();
      suggest.hidden = true;
      say(config.labels.hint);
      remember("");
      return;
    }
    say(config.labels.loading);
    timer = setTimeout(() => search(query, ticket), config.debounceMs);
  }

  input.addEventListener("focus", () => { if (!quiet) open(); });
  input.addEventListener("input", typed);
  suggestion.addEventListener("click", () => {
    input.value = suggestion.textContent;
    input.focus();
    typed();
  });

  // On small screens Material's header button ticks the toggle: the box should then take the keys.
  toggle.addEventListener("change", () => { if (toggle.checked) input.focus(); });

  const links = () => [...list.querySelectorAll("a, button")];
  box.addEventListener("keydown", event => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (event.key === "Escape") { // from a result: the list closes, the box keeps the keys; from the box: out
      event.preventDefault();
      close();
      if (document.activeElement === input) input.blur();
      else {
        quiet = true;
        input.focus();
        quiet = false;
      }
    } else if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      open();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : all[at - 1]).focus();
    }
  });

  // Tabbing out of the search (past the last result) closes the list: no hidden link keeps the focus after.
  box.addEventListener("focusout", event => {
    if (event.relatedTarget && !box.contains(event.relatedTarget)) close();
  });

  // `?q=` in the address: the search opens with its results.
  const asked = new URLSearchParams(location.search).get("q");
  if (asked && asked.trim()) {
    input.value = asked;
    input.focus();
    typed();
  }

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
