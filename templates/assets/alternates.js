// Material fetches sitemap.xml beside every hreflang alternate to map pages between languages; only the language
// roots have one (with every page and its twin): send it there instead of into a 404. The script tag names the
// sitemap of its page's language (data-sitemap).
(function () {
  var sitemap = new URL(document.currentScript.dataset.sitemap, location.href).href;
  var alternates = Array.prototype.map.call(
    document.querySelectorAll("link[rel=alternate][hreflang]"), function (link) { return link.href; });
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    var target = new URL(url, location.href);
    if (/\/sitemap\.xml$/.test(target.pathname) && alternates.indexOf(new URL(".", target).href) >= 0) {
      arguments[1] = sitemap;
    }
    return open.apply(this, arguments);
  };
})();
