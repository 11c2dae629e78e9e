/* newsweave report: show cited spans, filter propositions, open everything for print.
   Article texts come from the JSON block #nw-data and are only ever put in the page
   as text nodes (never as HTML), so no article can inject markup. */
(function () {
  "use strict";
  var dataEl = document.getElementById("nw-data");
  var texts = {};
  try { texts = JSON.parse(dataEl ? dataEl.textContent : "{}").texts || {}; } catch (e) { texts = {}; }
  var REF = /^#(.+):(\d+)-(\d+)$/;

  function parseRef(hash) {
    var m = REF.exec(hash || "");
    if (!m) return null;
    var id;
    try { id = decodeURIComponent(m[1]); } catch (e) { return null; }
    return { article: id, start: parseInt(m[2], 10), end: parseInt(m[3], 10) };
  }

  function findText(ref, scope) {
    var all = document.querySelectorAll(".article-text");
    var fallback = null;
    for (var i = 0; i < all.length; i++) {
      if (all[i].getAttribute("data-article") !== ref.article) continue;
      if (!scope || scope.contains(all[i])) return all[i];
      if (!fallback) fallback = all[i];
    }
    return fallback;
  }

  function clearMarks() {
    var marked = document.querySelectorAll(".article-text.has-mark");
    for (var i = 0; i < marked.length; i++) {
      var id = marked[i].getAttribute("data-article");
      if (Object.prototype.hasOwnProperty.call(texts, id)) marked[i].textContent = texts[id];
      marked[i].classList.remove("has-mark");
    }
  }

  function openAncestors(el) {
    for (var node = el; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }

  /* Show the article of `ref` with its span in a <mark>, scrolled into view. */
  function showSpan(ref, scope) {
    var el = findText(ref, scope);
    if (!el || !Object.prototype.hasOwnProperty.call(texts, ref.article)) return false;
    var text = String(texts[ref.article]);
    var start = Math.max(0, Math.min(ref.start, text.length));
    var end = Math.max(start, Math.min(ref.end, text.length));
    clearMarks();
    var mark = document.createElement("mark");
    mark.className = "cited";
    mark.tabIndex = -1;
    mark.appendChild(document.createTextNode(text.slice(start, end)));
    el.textContent = "";
    el.appendChild(document.createTextNode(text.slice(0, start)));
    el.appendChild(mark);
    el.appendChild(document.createTextNode(text.slice(end)));
    el.classList.add("has-mark");
    openAncestors(el);
    mark.scrollIntoView({ block: "center" });
    mark.focus({ preventScroll: true });
    return true;
  }

  function showHash(scope) {
    var ref = parseRef(location.hash);
    if (ref) { showSpan(ref, scope); return; }
    var id = location.hash.slice(1);
    var target = id ? document.getElementById(id) : null;
    if (target) { openAncestors(target); target.scrollIntoView({ block: "start" }); }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.cite") : null;
    if (!link) return;
    var href = link.getAttribute("href") || "";
    var ref = parseRef(href);
    if (!ref) return;
    event.preventDefault();
    if (location.hash !== href) {
      try { history.pushState(null, "", href); } catch (e) { /* file: pages may refuse; the mark still shows */ }
    }
    showSpan(ref, link.closest(".story"));
  });
  window.addEventListener("hashchange", function () { showHash(null); });
  window.addEventListener("popstate", function () { showHash(null); });

  /* Proposition filter: one radio group per story. */
  var filters = document.querySelectorAll("form.prop-filter");
  for (var f = 0; f < filters.length; f++) {
    filters[f].addEventListener("change", function (event) {
      var section = event.currentTarget.closest(".propositions");
      var status = event.target.value;
      var groups = section.querySelectorAll(".prop-group");
      for (var g = 0; g < groups.length; g++) {
        groups[g].hidden = status !== "all" && groups[g].getAttribute("data-status") !== status;
      }
      var single = section.querySelector(".single-source-list");
      if (single && status === "single_source") single.open = true;
    });
    filters[f].addEventListener("submit", function (event) { event.preventDefault(); });
  }

  /* Search of the single-source propositions: keep those holding every word, open the list. */
  var searches = document.querySelectorAll("input.prop-search");
  for (var k = 0; k < searches.length; k++) {
    searches[k].addEventListener("input", function (event) {
      var group = event.target.closest(".prop-group");
      var words = event.target.value.toLowerCase().split(/\s+/).filter(Boolean);
      var items = group.querySelectorAll("li.prop");
      for (var i = 0; i < items.length; i++) {
        var text = items[i].textContent.toLowerCase();
        items[i].hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
      }
      var list = group.querySelector(".single-source-list");
      if (list && words.length) list.open = true;
    });
  }

  /* Print everything: open every toggle before printing, restore after. */
  var reopened = [];
  window.addEventListener("beforeprint", function () {
    var closed = document.querySelectorAll("details:not([open])");
    for (var i = 0; i < closed.length; i++) { closed[i].open = true; reopened.push(closed[i]); }
  });
  window.addEventListener("afterprint", function () {
    while (reopened.length) reopened.pop().open = false;
  });

  if (location.hash) showHash(null);
  document.documentElement.classList.add("js");
})();
