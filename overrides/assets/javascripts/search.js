/* gongkai search: loads the prebuilt, sharded lunr index (never builds one in the browser).
 * The tokenizer, the canonical 文号/索引号 tokens and the shard hash mirror gongkai/searchindex.py. */
(function () {
  "use strict";

  var RUN = /[\u3400-\u9fff\uf900-\ufaff]+|[0-9a-z]+/g;
  var DOC_NO = /([^\s〔\[【(（]+)[〔\[【(（](\d{4})[〕\]】)）]第?0*(\d+)号?/;
  var INDEX_NO = /[0-9a-z]{18}\/\d{4}-\d+/;
  var PAGE = 20;

  function normalise(text) {
    return (text.normalize ? text.normalize("NFKC") : text).toLowerCase();
  }

  function tokens(text) {
    var out = [];
    (normalise(text).match(RUN) || []).forEach(function (run) {
      if (/^[0-9a-z]/.test(run) || run.length === 1) { out.push(run); return; }
      for (var i = 0; i < run.length - 1; i++) out.push(run.slice(i, i + 2));
    });
    return out;
  }

  function shardOf(term, shards) {
    var h = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) {
      h ^= term.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % shards;
  }

  /* The query's terms, each with the field it must be found in (null: any field). */
  function queryTerms(query) {
    var terms = [];
    var rest = normalise(query);
    var ix = rest.match(INDEX_NO);
    if (ix) { terms.push({ term: "sy:" + ix[0], field: "meta" }); rest = rest.replace(ix[0], " "); }
    var dn = rest.match(DOC_NO);
    if (dn) {
      terms.push({ term: "wh:" + dn[1] + "〔" + dn[2] + "〕" + dn[3] + "号", field: "meta" });
      rest = rest.replace(dn[0], " ");
    }
    var seen = {};
    tokens(rest).forEach(function (t) {
      if (!seen[t]) { seen[t] = true; terms.push({ term: t, field: null }); }
    });
    return terms;
  }

  function pad(n) { return ("000" + n).slice(-4); }

  function Search(root) {
    this.root = root;
    this.base = root.getAttribute("data-index");
    this.cache = {};
    this.meta = null;
  }

  Search.prototype.fetchJSON = function (name) {
    if (!this.cache[name]) {
      this.cache[name] = fetch(this.base + name).then(function (r) {
        if (!r.ok) throw new Error(name + ": " + r.status);
        return r.json();
      });
    }
    return this.cache[name];
  };

  Search.prototype.shard = function (n) {
    var key = "shard-" + pad(n) + ".json";
    var self = this;
    if (!this.cache["idx:" + key]) {
      this.cache["idx:" + key] = this.fetchJSON(key).then(function (data) { return lunr.Index.load(data); });
    }
    return self.cache["idx:" + key];
  };

  /* Every term must match (in its field, or in any field); scores add up. Terms that the
   * index leaves out of long texts because they are everywhere (meta.json "stop") still count
   * where they are found (titles, metadata) but are not required. */
  Search.prototype.run = function (query) {
    var self = this;
    return this.fetchJSON("meta.json").then(function (meta) {
      self.meta = meta;
      var stop = {};
      (meta.stop || []).forEach(function (t) { stop[t] = true; });
      var terms = queryTerms(query);
      if (!terms.length) return { terms: terms, hits: [] };
      var anyRequired = terms.some(function (t) { return !stop[t.term]; });
      return Promise.all(terms.map(function (t) { return self.shard(shardOf(t.term, meta.shards)); }))
        .then(function (indexes) {
          var total = null, optional = {};
          terms.forEach(function (t, i) {
            var found = {};
            indexes[i].query(function (q) {
              var options = { usePipeline: false };
              if (t.field) options.fields = [t.field];  // lunr treats a present-but-undefined key as set
              q.term(t.term, options);
            }).forEach(function (r) { found[r.ref] = r.score; });
            if (anyRequired && stop[t.term]) {
              Object.keys(found).forEach(function (ref) { optional[ref] = (optional[ref] || 0) + found[ref]; });
              return;
            }
            if (total === null) { total = found; return; }
            var next = {};
            Object.keys(total).forEach(function (ref) { if (ref in found) next[ref] = total[ref] + found[ref]; });
            total = next;
          });
          var hits = Object.keys(total || {}).map(function (ref) {
            return { ref: +ref, score: total[ref] + (optional[ref] || 0) };
          });
          // refs are numbered newest first: a lower ref breaks ties in favour of the newer document
          hits.sort(function (a, b) { return b.score - a.score || a.ref - b.ref; });
          return { terms: terms, hits: hits };
        });
    });
  };

  Search.prototype.describe = function (hits) {
    var self = this;
    var blocks = {};
    hits.forEach(function (h) { blocks[Math.floor(h.ref / self.meta.block)] = true; });
    return Promise.all(Object.keys(blocks).map(function (b) {
      return self.fetchJSON("docs-" + pad(+b) + ".json").then(function (rows) { return [+b, rows]; });
    })).then(function (loaded) {
      var byBlock = {};
      loaded.forEach(function (pair) { byBlock[pair[0]] = pair[1]; });
      return hits.map(function (h) {
        var row = byBlock[Math.floor(h.ref / self.meta.block)][h.ref % self.meta.block];
        return { title: row[0], url: row[1], docNo: row[2], published: row[3], section: row[4], status: row[5],
          regNo: row[6] || "", interprets: row[7] || [], interpretedBy: row[8] || [] };
      });
    });
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function init() {
    var root = document.getElementById("gk-search-app");
    if (!root || root.getAttribute("data-ready")) return;
    root.setAttribute("data-ready", "1");
    var search = new Search(root);
    var form = root.querySelector("form");
    var input = root.querySelector("input[type=search]");
    var status = document.getElementById("gk-search-status");
    var list = document.getElementById("gk-search-results");
    var more = document.getElementById("gk-search-more");
    // data-index is relative to this page ("data/"): resolve it before taking the site's root
    var siteRoot = new URL(search.base, window.location.href).href.replace(/search\/data\/$/, "");
    var hits = [], shown = 0, generation = 0, timer = null;

    function render(items) {
      items.forEach(function (item) {
        var li = el("li", "gk-result");
        var a = el("a", "gk-result__title", item.title);
        a.href = siteRoot + item.url;
        li.appendChild(el("h2", "gk-result__heading")).appendChild(a);
        var facts = el("p", "gk-result__facts");
        [item.docNo && ("文号：" + item.docNo), "发布日期：" + item.published, "栏目：" + item.section,
          item.status && ("有效性：" + item.status)].forEach(function (text) {
          if (text) facts.appendChild(el("span", null, text));
        });
        if (item.regNo) facts.appendChild(el("span", null, "登记号：" + item.regNo));
        li.appendChild(facts);
        // 解读 ↔ 原文 (interprets), as links; text goes in as text, never as markup
        [["解读的原文件：", item.interprets], ["政策解读：", item.interpretedBy]].forEach(function (pair) {
          if (!pair[1].length) return;
          var p = el("p", "gk-result__relation", pair[0]);
          pair[1].forEach(function (link, i) {
            if (i) p.appendChild(document.createTextNode("；"));
            var a = el("a", null, link[0]);
            a.href = siteRoot + link[1];
            p.appendChild(a);
          });
          li.appendChild(p);
        });
        list.appendChild(li);
      });
    }

    function showMore() {
      var next = hits.slice(shown, shown + PAGE);
      var mine = generation;
      return search.describe(next).then(function (items) {
        if (mine !== generation) return;
        render(items);
        shown += next.length;
        more.hidden = shown >= hits.length;
      });
    }

    function go(query) {
      var mine = ++generation;
      var started = performance.now();
      query = query.trim();
      list.textContent = "";
      more.hidden = true;
      hits = []; shown = 0;
      if (!query) { status.textContent = ""; return Promise.resolve(); }
      if (!queryTerms(query).length || (queryTerms(query).length === 1 && queryTerms(query)[0].term.length < 2)) {
        status.textContent = "请至少输入两个字，或输入文号、索引号。";
        return Promise.resolve();
      }
      status.textContent = "正在搜索……";
      return search.run(query).then(function (result) {
        if (mine !== generation) return;
        hits = result.hits;
        if (!hits.length) {
          status.textContent = "未找到与“" + query + "”相关的信息。请换用其他词语，或到政府信息公开目录中查找。";
          return;
        }
        // announce the count once the first results are on the page, not before
        return showMore().then(function () {
          if (mine !== generation) return;
          status.textContent = "找到 " + hits.length + " 条与“" + query + "”相关的信息（有效性截至" +
            root.getAttribute("data-asof") + "）。";
        });
      }).then(function () {
        if (mine === generation) root.setAttribute("data-last-ms", String(Math.round(performance.now() - started)));
      }).catch(function () {
        if (mine === generation) status.textContent = "搜索索引加载失败，请刷新页面重试，或使用政府信息公开目录。";
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      history.replaceState(null, "", url);
      go(input.value);
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { go(input.value); }, 150);
    });
    more.addEventListener("click", function () {
      var first = list.children.length;
      showMore().then(function () {
        var link = list.children[first] && list.children[first].querySelector("a");
        if (link) link.focus();
      });
    });
    var initial = new URLSearchParams(window.location.search).get("q");
    if (initial) { input.value = initial; go(initial); }
  }

  /* The search box on every page sends the query to the search page; without JavaScript it
   * points to the catalogue, which lists everything. */
  function wireHeaderForms() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-search-page]"), function (form) {
      form.action = form.getAttribute("data-search-page");
    });
  }

  window.gongkaiSearch = { tokens: tokens, shardOf: shardOf, queryTerms: queryTerms };
  function start() { wireHeaderForms(); init(); }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);
  else if (document.readyState !== "loading") start();
  else document.addEventListener("DOMContentLoaded", start);
})();
