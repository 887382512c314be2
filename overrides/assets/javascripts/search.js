/* gongkai search: reads the prebuilt binary index of gongkai/searchindex.py (format 2).
 * The tokenizer, the canonical 文号/索引号 tokens, the shard hash and the decoder mirror
 * gongkai/searchindex.py; tests/test_search.py compares both sides. */
(function () {
  "use strict";

  var RUN = /[\u3400-\u9fff\uf900-\ufaff]+|[0-9a-z]+/g;
  var CJK_START = /^[\u3400-\u9fff\uf900-\ufaff]/;
  var DOC_NO = /([^\s〔\[【(（]+)[〔\[【(（](\d{4})[〕\]】)）]第?0*(\d+)号?/;
  var INDEX_NO = null;  // the 索引号 pattern of site_config/site.yml, from the page's settings (start)
  var PAGE = 20;
  var WEIGHTS = [100, 10, 1];  // a word found in the title, the metadata, the text
  var utf8 = new TextDecoder("utf-8");

  function normalise(text) {
    return (text.normalize ? text.normalize("NFKC") : text).toLowerCase();
  }

  /* Offsets count code points, as Python does: a character outside the BMP is one, not two. */
  function codePoints(text, end) {
    var n = 0;
    for (var i = 0; i < end; i++) {
      var c = text.charCodeAt(i);
      if (c < 0xd800 || c > 0xdbff || i + 1 >= end) n++;
    }
    return n;
  }

  /* [token, offset] of a normalised text: bigrams of Chinese runs (a lone character stays),
   * ASCII letter/digit runs whole. */
  function tokenOffsets(text) {
    var out = [], m;
    RUN.lastIndex = 0;
    while ((m = RUN.exec(text))) {
      var run = m[0], start = codePoints(text, m.index);
      if (run.length === 1 || !CJK_START.test(run)) { out.push([run, start]); continue; }
      for (var i = 0; i < run.length - 1; i++) out.push([run.slice(i, i + 2), start + i]);
    }
    return out;
  }

  function tokens(text) {
    return tokenOffsets(normalise(text)).map(function (t) { return t[0]; });
  }

  function shardOf(term, shards) {
    var h = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) {
      h ^= term.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % shards;
  }

  /* A lone character that ends a word right after a letter or digit (2024年) is the start of a
   * longer run in the text (2024年度): look for "^年", which the index holds for every character
   * right after a letter or digit; likewise "第$" for a word that starts 第3. */
  function edges(part, toks) {
    var chars = Array.from(part), last = chars.length - 1, ascii = /^[0-9a-z]$/;
    return toks.map(function (t) {
      if (t[0].length !== 1 || !CJK_START.test(t[0])) return t;
      var o = t[1];
      if (o === last && o > 0 && ascii.test(chars[o - 1])) return ["^" + t[0], o];
      if (o === 0 && o < last && ascii.test(chars[o + 1])) return [t[0] + "$", o];
      return t;
    });
  }

  function span(term) {  // characters a token covers: an edge token stands for one
    return term.length === 2 && (term[0] === "^" || term[1] === "$") ? 1 : term.length;
  }

  /* The tokens to check the positions of: every character of the word covered once at least
   * (bigrams 0, 2, 4 … and the last; ASCII runs and lone characters are their own cover). */
  function cover(toks) {
    var chosen = [], reach = -1;
    toks.forEach(function (t, i) {
      var end = t[1] + span(t[0]) - 1, next = toks[i + 1];
      if (end <= reach) return;
      // skip a bigram whose second character the next token starts on, unless nothing covers its first
      if (next && t[0].length === 2 && CJK_START.test(t[0]) && t[1] <= reach && next[1] === t[1] + 1) return;
      chosen.push(i);
      reach = end;
    });
    return chosen;
  }

  /* The query's words: {tokens: [[term, offset]…], cover, field (null: any; 1: metadata only)}.
   * A 索引号 or 文号 is one whole token; the rest is split at spaces, each part a phrase. */
  function queryWords(query) {
    var words = [], seen = {};
    var rest = normalise(query);
    var ix = INDEX_NO && rest.match(INDEX_NO);
    if (ix) { words.push({ tokens: [["sy:" + ix[0], 0]], cover: [0], field: 1 }); rest = rest.replace(ix[0], " "); }
    var dn = rest.match(DOC_NO);
    if (dn) {
      words.push({ tokens: [["wh:" + dn[1] + "〔" + dn[2] + "〕" + dn[3] + "号", 0]], cover: [0], field: 1 });
      rest = rest.replace(dn[0], " ");
    }
    rest.split(/\s+/).forEach(function (part) {
      var toks = edges(part, tokenOffsets(part));
      if (!toks.length) return;
      var key = toks.map(function (t) { return t[0] + "@" + t[1]; }).join(" ");
      if (seen[key]) return;
      seen[key] = true;
      words.push({ tokens: toks, cover: cover(toks), field: null });
    });
    return words;
  }

  function pad(n) { return ("000" + n).slice(-4); }

  /* One shard: the header (term -> counts and byte ranges) and the postings file. */
  function Shard(buffer) {
    var bytes = this.bytes = new Uint8Array(buffer);
    var i = 0;
    function varint() {
      var x = 0, mul = 1, b;
      do { b = bytes[i++]; x += (b & 127) * mul; mul *= 128; } while (b >= 128);
      return x;
    }
    var count = varint(), heads = [];
    for (var k = 0; k < count; k++) {
      var length = varint();
      var term = utf8.decode(bytes.subarray(i, i + length));
      i += length;
      heads.push([term, varint(), varint(), varint()]);
    }
    this.terms = Object.create(null);  // a term may be "constructor": no inherited keys
    var post = i, pos = 0;
    for (k = 0; k < heads.length; k++) {
      var h = heads[k];
      this.terms[h[0]] = { documents: h[1], post: post, postLength: h[2], pos: pos, posLength: h[3] };
      post += h[2];
      pos += h[3];
    }
  }

  /* A term's documents (ascending) and field masks. */
  Shard.prototype.postings = function (term) {
    var t = this.terms[term];
    if (!t) return null;
    if (t.docs) return t;
    var bytes = this.bytes, i = t.post, end = t.post + t.postLength, doc = 0, n = 0;
    var docs = new Int32Array(t.documents), masks = new Uint8Array(t.documents);
    while (i < end) {
      var x = 0, mul = 1, b;
      do { b = bytes[i++]; x += (b & 127) * mul; mul *= 128; } while (b >= 128);
      doc += Math.floor(x / 8);
      docs[n] = doc;
      masks[n++] = x % 8;
    }
    t.docs = docs;
    t.masks = masks;
    return t;
  };

  /* The offsets of a term in the documents of ``wanted`` (a Set): doc -> [title, meta, body]
   * (null where the field lacks it). ``posBytes`` is the shard's positions file. */
  function positionsOf(t, posBytes, wanted) {
    var out = new Map(), i = t.pos;
    function varint() {
      var x = 0, mul = 1, b;
      do { b = posBytes[i++]; x += (b & 127) * mul; mul *= 128; } while (b >= 128);
      return x;
    }
    for (var n = 0; n < t.docs.length; n++) {
      var doc = t.docs[n], mask = t.masks[n], keep = wanted.has(doc), fields = keep ? [null, null, null] : null;
      for (var f = 0; f < 3; f++) {
        if (!(mask & (1 << f))) continue;
        var count = varint(), at = 0, offsets = keep ? new Array(count) : null;
        for (var k = 0; k < count; k++) {
          at += varint();
          if (keep) offsets[k] = at;
        }
        if (keep) fields[f] = offsets;
      }
      if (keep) out.set(doc, fields);
    }
    return out;
  }

  function Search(base) {
    this.base = base;
    this.cache = {};
    this.meta = null;
  }

  Search.prototype.fetchAs = function (name, how) {
    if (!this.cache[name]) {
      this.cache[name] = fetch(this.base + name).then(function (r) {
        if (!r.ok) throw new Error(name + ": " + r.status);
        return r[how]();
      });
    }
    return this.cache[name];
  };

  Search.prototype.shard = function (n) {
    var key = "post-" + pad(n) + ".bin";
    if (!this.cache["shard:" + key]) {
      this.cache["shard:" + key] = this.fetchAs(key, "arrayBuffer").then(function (b) { return new Shard(b); });
    }
    return this.cache["shard:" + key];
  };

  Search.prototype.positions = function (n) {
    return this.fetchAs("pos-" + pad(n) + ".bin", "arrayBuffer").then(function (b) { return new Uint8Array(b); });
  };

  /* The documents of one word: Map doc -> field mask where the word occurs (verbatim: the
   * covering tokens at the same distances as in the word, within one field). */
  Search.prototype.word = function (word) {
    var self = this, shards = self.meta.shards;
    var numbers = word.tokens.map(function (t) { return shardOf(t[0], shards); });
    return Promise.all(numbers.map(function (n) { return self.shard(n); })).then(function (loaded) {
      var lists = word.tokens.map(function (t, i) { return loaded[i].postings(t[0]); });
      if (lists.some(function (l) { return !l; })) return new Map();
      // intersect, smallest list first; the masks of a one-token word are its fields
      var order = lists.map(function (_, i) { return i; }).sort(function (a, b) { return lists[a].documents - lists[b].documents; });
      var found = new Map(), first = lists[order[0]];
      for (var k = 0; k < first.docs.length; k++) found.set(first.docs[k], first.masks[k]);
      order.slice(1).forEach(function (i) {
        var l = lists[i], next = new Map();
        for (var k = 0; k < l.docs.length; k++) {
          var m = found.get(l.docs[k]);
          if (m !== undefined && (m & l.masks[k])) next.set(l.docs[k], m & l.masks[k]);
        }
        found = next;
      });
      if (word.field !== null) {
        found.forEach(function (m, doc) { if (m & 2) found.set(doc, 2); else found.delete(doc); });
      }
      if (word.tokens.length === 1 || !found.size) return found;
      // a phrase: keep the documents where the covering tokens stand next to each other
      var wanted = new Set(found.keys());
      return Promise.all(word.cover.map(function (i) { return self.positions(numbers[i]); })).then(function (posFiles) {
        var maps = word.cover.map(function (i, c) { return positionsOf(lists[i], posFiles[c], wanted); });
        var base = word.tokens[word.cover[0]][1], verified = new Map();
        wanted.forEach(function (doc) {
          var mask = 0;
          for (var f = 0; f < 3; f++) {
            var starts = maps[0].get(doc)[f];
            if (!starts) continue;
            var sets = maps.slice(1).map(function (m) { var o = m.get(doc)[f]; return o ? new Set(o) : null; });
            if (sets.some(function (s) { return !s; })) continue;
            var hit = starts.some(function (p) {
              return sets.every(function (s, c) { return s.has(p - base + word.tokens[word.cover[c + 1]][1]); });
            });
            if (hit) mask |= 1 << f;
          }
          if (mask) verified.set(doc, mask);
        });
        return verified;
      });
    });
  };

  /* Every word must be found (as a phrase); scores add up, title before metadata before text;
   * ties: the newer document (refs are numbered newest first). */
  Search.prototype.run = function (query) {
    var self = this;
    return this.fetchAs("meta.json", "json").then(function (meta) {
      self.meta = meta;
      var words = queryWords(query);
      if (!words.length) return { words: words, hits: [] };
      return Promise.all(words.map(function (w) { return self.word(w); })).then(function (found) {
        found.sort(function (a, b) { return a.size - b.size; });
        var hits = [];
        found[0].forEach(function (mask, doc) {
          var score = 0;
          for (var w = 0; w < found.length; w++) {
            var m = w ? found[w].get(doc) : mask;
            if (m === undefined) return;
            for (var f = 0; f < 3; f++) if (m & (1 << f)) score += WEIGHTS[f];
          }
          hits.push({ ref: doc, score: score });
        });
        hits.sort(function (a, b) { return b.score - a.score || a.ref - b.ref; });
        return { words: words, hits: hits };
      });
    });
  };

  Search.prototype.describe = function (hits) {
    var self = this;
    var blocks = {};
    hits.forEach(function (h) { blocks[Math.floor(h.ref / self.meta.block)] = true; });
    return Promise.all(Object.keys(blocks).map(function (b) {
      return self.fetchAs("docs-" + pad(+b) + ".json", "json").then(function (rows) { return [+b, rows]; });
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
    var search = new Search(root.getAttribute("data-index"));
    window.gongkaiSearch.search = function (query) {  // every hit's ref, in order (tests and benchmarks)
      return search.run(query).then(function (r) { return r.hits.map(function (h) { return h.ref; }); });
    };
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
      var words = queryWords(query);
      if (!words.length || (words.length === 1 && words[0].tokens.length === 1 && words[0].tokens[0][0].length < 2)) {
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
  function wireHeaderForms(searchPage) {
    if (!searchPage) return;
    Array.prototype.forEach.call(document.querySelectorAll("form[data-gk-search-form]"), function (form) {
      form.action = searchPage;
    });
  }

  /* The settings block (overrides/main.html) holds the pattern as a RegExp source derived in
   * Python (gongkai/siteconfig.py, index_no_js_source), already normalised like the query. */
  function indexNoPattern(source) {
    if (typeof source !== "string" || !source) return null;
    try { return new RegExp(source); } catch (e) { return null; }
  }

  window.gongkaiSearch = { tokens: tokens, tokenOffsets: tokenOffsets, shardOf: shardOf, queryWords: queryWords };
  window.gongkai.component("search", function (settings) {
    INDEX_NO = indexNoPattern(settings.indexNo);
    wireHeaderForms(settings.urls.searchPage);
    init();
  });
})();
