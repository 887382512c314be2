/* gongkai reading aids (适老化): text size, high contrast, large cursor, read-aloud; plus keyboard
 * access to Material's label buttons. No external script; the browser's own speech synthesis.
 *
 * Loaded in <head> without defer, so that the reader's saved choice is applied before the page is
 * drawn. The choice is kept in localStorage under "gongkai.reading-aids" as JSON
 * {"size": 0-3, "contrast": bool, "cursor": bool} and shown on <html> as data-gk-size,
 * data-gk-contrast="on" and data-gk-cursor="on" (the styles are in reading-aids.css; the
 * accessibility audit, gongkai/audit.py, relies on this contract for its high-contrast run). */
(function () {
  "use strict";

  var KEY = "gongkai.reading-aids";
  var SIZES = ["标准", "大", "较大", "特大"];
  var root = document.documentElement;
  var memory = {};

  function load() {
    var raw = null;
    try { raw = window.localStorage.getItem(KEY); } catch (e) { raw = null; }
    var data = memory;
    if (raw) {
      try { data = JSON.parse(raw) || {}; } catch (e) { data = {}; }
    }
    var size = parseInt(data.size, 10);
    return {
      size: size >= 0 && size < SIZES.length ? size : 0,
      contrast: data.contrast === true,
      cursor: data.cursor === true
    };
  }

  function save(state) {
    memory = state;
    try { window.localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode: this page only */ }
  }

  function apply(state) {
    if (state.size) root.setAttribute("data-gk-size", String(state.size));
    else root.removeAttribute("data-gk-size");
    if (state.contrast) root.setAttribute("data-gk-contrast", "on");
    else root.removeAttribute("data-gk-contrast");
    if (state.cursor) root.setAttribute("data-gk-cursor", "on");
    else root.removeAttribute("data-gk-cursor");
  }

  apply(load());

  // Another tab changed the choice: follow it.
  window.addEventListener("storage", function (e) {
    if (e.key === KEY) { apply(load()); render(); }
  });

  /* ------------------------------------------------------------------ read-aloud */

  var speech = window.speechSynthesis && window.SpeechSynthesisUtterance ? window.speechSynthesis : null;
  var reading = null;  // {chunks, index} while reading

  function mainText() {
    var selection = window.getSelection ? String(window.getSelection()).trim() : "";
    if (selection) return selection;
    var article = document.querySelector("article") || document.querySelector("main");
    if (!article) return "";
    var parts = [];
    var h1 = article.querySelector("h1");
    if (h1) parts.push(h1.innerText);
    var notice = article.querySelector("[role=alert]");
    if (notice) parts.push(notice.innerText);
    var body = article.querySelector(".gk-body");
    if (body) {
      parts.push(body.innerText);
    } else {
      Array.prototype.forEach.call(article.children, function (el) {
        if (el !== h1 && !el.contains(h1) && el !== notice && !el.hidden) parts.push(el.innerText);
      });
    }
    return parts.join("\n").trim();
  }

  function chunks(text) {
    // Chrome stops long utterances after about 15 s: speak sentence by sentence.
    var out = [];
    text.replace(/([。！？；!?;])/g, "$1\n").split(/\n+/).forEach(function (piece) {
      piece = piece.replace(/\s+/g, " ").trim();
      while (piece.length > 160) { out.push(piece.slice(0, 160)); piece = piece.slice(160); }
      if (piece) out.push(piece);
    });
    return out;
  }

  function voice() {
    var voices = speech.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if (/^zh(-|_)?(CN|Hans)?/i.test(voices[i].lang)) return voices[i];
    }
    return null;
  }

  function speakNext() {
    if (!reading) return;
    if (reading.index >= reading.chunks.length) { stopReading("朗读结束。"); return; }
    var u = new window.SpeechSynthesisUtterance(reading.chunks[reading.index]);
    u.lang = "zh-CN";
    u.rate = 0.9;
    var v = voice();
    if (v) u.voice = v;
    var mine = reading;
    u.onend = function () { if (reading === mine) { reading.index += 1; speakNext(); } };
    u.onerror = function (e) {
      if (reading === mine && e.error !== "interrupted" && e.error !== "canceled") {
        stopReading("朗读失败（" + e.error + "）：请检查系统是否安装了中文语音。");
      }
    };
    speech.speak(u);
  }

  function startReading() {
    var text = mainText();
    if (!text) { say("本页没有可朗读的正文。"); return; }
    speech.cancel();
    reading = { chunks: chunks(text), index: 0 };
    render();
    say("开始朗读正文。按“停止朗读”结束。");
    speakNext();
  }

  function stopReading(message) {
    reading = null;
    if (speech) speech.cancel();
    render();
    if (message) say(message);
  }

  window.addEventListener("pagehide", function () { if (speech) speech.cancel(); });

  // What "朗读正文" would read on this page, sentence by sentence (for webmasters' checks and tests).
  window.gongkaiReadingAids = { sentences: function () { return chunks(mainText()); } };

  /* ------------------------------------------------------------------ toolbar */

  var bar = null;

  function say(text) {
    var status = bar && bar.querySelector(".gk-aids__status");
    if (status) status.textContent = text;
  }

  function render() {
    if (!bar) return;
    var state = load();
    Array.prototype.forEach.call(bar.querySelectorAll("[data-gk-size]"), function (b) {
      b.setAttribute("aria-pressed", String(+b.getAttribute("data-gk-size") === state.size));
    });
    Array.prototype.forEach.call(bar.querySelectorAll("[data-gk-toggle]"), function (b) {
      b.setAttribute("aria-pressed", String(state[b.getAttribute("data-gk-toggle")] === true));
    });
    var start = bar.querySelector("[data-gk-speak=start]");
    var stop = bar.querySelector("[data-gk-speak=stop]");
    if (start && stop) {
      start.disabled = !speech || !!reading;
      stop.disabled = !speech || !reading;
    }
  }

  function change(update, message) {
    var state = load();
    update(state);
    save(state);
    apply(state);
    render();
    say(message);
  }

  function setupBar() {
    bar = document.querySelector(".gk-aids");
    if (!bar || bar.getAttribute("data-gk-ready")) return;
    bar.setAttribute("data-gk-ready", "1");
    var toggle = bar.querySelector(".gk-aids__toggle");
    var panel = document.getElementById(toggle.getAttribute("aria-controls"));
    if (!speech) {
      var speak = bar.querySelector(".gk-aids__speech");
      if (speak) speak.hidden = true;
      var none = bar.querySelector(".gk-aids__nospeech");
      if (none) none.hidden = false;
    }
    bar.hidden = false;

    function open(yes) {
      toggle.setAttribute("aria-expanded", String(yes));
      panel.hidden = !yes;
    }

    toggle.addEventListener("click", function () { open(toggle.getAttribute("aria-expanded") !== "true"); });
    panel.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { open(false); toggle.focus(); }
    });
    bar.addEventListener("click", function (e) {
      var b = e.target.closest("button");
      if (!b || !panel.contains(b)) return;
      if (b.hasAttribute("data-gk-size")) {
        var size = +b.getAttribute("data-gk-size");
        change(function (s) { s.size = size; }, "字号：" + SIZES[size] + "。");
      } else if (b.hasAttribute("data-gk-toggle")) {
        var name = b.getAttribute("data-gk-toggle");
        var label = b.textContent.trim();
        change(function (s) { s[name] = !s[name]; }, label + (load()[name] ? "已关闭。" : "已打开。"));
      } else if (b.getAttribute("data-gk-speak") === "start") {
        startReading();
      } else if (b.getAttribute("data-gk-speak") === "stop") {
        stopReading("已停止朗读。");
      } else if (b.hasAttribute("data-gk-reset")) {
        stopReading("");
        change(function (s) { s.size = 0; s.contrast = false; s.cursor = false; }, "已恢复默认显示。");
      }
    });
    render();
  }

  /* ------------------------------------------------------------------ Material, by keyboard */

  // Material opens the navigation drawer (and its own search) with <label for=checkbox>, which is not
  // a keyboard stop. Put a real button inside each such header label; it toggles the checkbox and
  // says whether the drawer is open.
  var LABELS = {
    "__drawer": "导航菜单",
    "__search": "搜索"
  };

  function labelButtons() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-header label[for]"), function (label) {
      var id = label.getAttribute("for");
      var box = document.getElementById(id);
      if (!LABELS[id] || !box || label.querySelector(".gk-label-button")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "gk-label-button";
      button.setAttribute("aria-label", LABELS[id]);
      while (label.firstChild) button.appendChild(label.firstChild);
      label.appendChild(button);
      function sync() { button.setAttribute("aria-expanded", String(box.checked)); }
      button.addEventListener("click", function (e) {
        e.preventDefault();
        e.stopPropagation();
        box.click();  // toggles and fires "change", which Material listens to
        sync();
        if (box.checked) {
          var first = id === "__drawer"
            ? document.querySelector(".md-sidebar--primary .md-nav__list a[href]")
            : document.querySelector(".md-search__input");
          if (first) window.setTimeout(function () { first.focus(); }, 60);
        }
      });
      box.addEventListener("change", sync);
      sync();
    });
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "搜索");
  }

  // Escape closes the drawer and gives focus back to its button.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    var drawer = document.getElementById("__drawer");
    if (drawer && drawer.checked) {
      drawer.click();
      var opener = document.querySelector(".md-header label[for='__drawer'] .gk-label-button");
      if (opener) opener.focus();
    }
  });

  // Tabbing out of the open drawer closes it: the focus never goes behind the overlay.
  document.addEventListener("focusin", function (e) {
    var drawer = document.getElementById("__drawer");
    var sidebar = document.querySelector(".md-sidebar--primary");
    if (!drawer || !drawer.checked || !sidebar || sidebar.contains(e.target)) return;
    if (e.target.closest && e.target.closest(".md-header label[for='__drawer']")) return;
    drawer.click();
  });

  // Tables written in Markdown (Material wraps them in a scrolling box): the box becomes a named,
  // focusable region, the table is named after its heading, header cells get their scope.
  function markdownTables() {
    var article = document.querySelector("article");
    if (!article) return;
    var h1 = article.querySelector("h1");
    Array.prototype.forEach.call(article.querySelectorAll("table:not([class])"), function (table, i) {
      if (!table.getAttribute("data-gk-table")) nameTable(table, i, article, h1);
      var box = table.closest(".md-typeset__scrollwrap");
      if (box && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", (table.getAttribute("aria-label") || tableCaption(table) || "表格") + "（可横向滚动）");
      }
    });
  }

  function tableCaption(table) {
    var caption = table.querySelector("caption");
    return caption ? caption.textContent.trim() : "";
  }

  function nameTable(table, i, article, h1) {
    table.setAttribute("data-gk-table", "1");
    Array.prototype.forEach.call(table.querySelectorAll("thead th"), function (th) {
      if (!th.hasAttribute("scope")) th.setAttribute("scope", "col");
    });
    Array.prototype.forEach.call(table.querySelectorAll("tbody th"), function (th) {
      if (!th.hasAttribute("scope")) th.setAttribute("scope", "row");
    });
    var name = tableCaption(table);
    if (!name && !table.hasAttribute("aria-label") && !table.hasAttribute("aria-labelledby")) {
      var heading = null;
      for (var el = table; el && el !== article && !heading; el = el.parentElement) {
        for (var prev = el.previousElementSibling; prev; prev = prev.previousElementSibling) {
          if (/^H[1-6]$/.test(prev.tagName)) { heading = prev; break; }
        }
      }
      heading = heading || h1;
      name = (heading ? heading.textContent.trim() + "：" : "") + "表格" + (i + 1);
      table.setAttribute("aria-label", name);
    }
  }

  function init() {
    setupBar();
    labelButtons();
    markdownTables();
    render();
  }

  // started by bootstrap.js once the page is ready (and after each instant page change)
  window.gongkai.component("reading-aids", init);
  // Material wraps the tables from its own script, which runs after the components have started.
  window.addEventListener("load", markdownTables);
})();
