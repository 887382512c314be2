/* gongkai bootstrap: the one place where the page's settings are read and the components start.
 *
 * Loaded in <head> right after the settings block that overrides/main.html renders,
 * <script type="application/json" id="gk-settings">, and before the components' scripts
 * (reading-aids.js, gongkai.js, search.js). Each component registers itself with
 * window.gongkai.component(name, start); start(settings) runs once the DOM is ready and again
 * after each page change of Material's instant navigation when mkdocs.yml turns it on
 * (settings.instant). A start function must do nothing on a page it has already set up.
 *
 * The settings are read once. Their "urls" are relative to the page that rendered them: they are
 * resolved here, against that page's address, so they stay right after an instant page change. */
(function () {
  "use strict";

  var settings = null;
  var components = [];
  var ready = false;

  function read() {
    if (settings) return settings;
    var data = {};
    var block = document.getElementById("gk-settings");
    try { data = JSON.parse(block ? block.textContent : "{}") || {}; } catch (e) { data = {}; }
    var urls = {};
    Object.keys(data.urls || {}).forEach(function (key) {
      urls[key] = new URL(data.urls[key], window.location.href).href;
    });
    data.urls = urls;
    settings = data;
    return settings;
  }

  function start(component) {
    component.starts += 1;
    try {
      component.start(read());
    } catch (e) {
      // one broken component leaves the others (and the page, which reads without any) working
      if (window.console) window.console.error("gongkai: " + component.name, e);
    }
  }

  function startAll() {
    ready = true;
    components.forEach(start);
  }

  window.gongkai = {
    settings: read,
    component: function (name, fn) {
      var component = { name: name, start: fn, starts: 0 };
      components.push(component);
      if (ready) start(component);  // registered after the page was ready: start now
    },
    // how many times each component has started on this page (for tests)
    starts: function () {
      var out = {};
      components.forEach(function (c) { out[c.name] = c.starts; });
      return out;
    }
  };

  function domReady() {
    // Material's document$ emits the first page (already started) and then each page its instant
    // navigation brings in, once that page's content is in place.
    if (read().instant && window.document$ && window.document$.subscribe) {
      var first = true;
      window.document$.subscribe(function () {
        if (first) { first = false; return; }
        startAll();
      });
    }
    startAll();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", domReady);
  else domReady();
})();
