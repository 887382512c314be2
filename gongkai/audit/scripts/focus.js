// One Tab stop: what has the keyboard focus, whether the focus can be seen (an outline or shadow at
// least 3:1 against the background, after focus transitions finish), whether other content hides it,
// and where it is (search field, <main>, the content, a same-page link). Returns null when the focus
// is on no element. Rules: focus-visible, focus-not-obscured, keyboard-reach, skip-link.
async () => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  // let focus transitions (e.g. a skip link fading in) finish before judging what can be seen
  const moving = document.getAnimations().filter((a) => {
    const t = a.effect && a.effect.target;
    // only what decides whether the focus can be seen; colour transitions are judged by their end state
    const visual = !a.transitionProperty || new RegExp(
      '^(opacity|visibility|transform|translate|scale|clip|clip-path|outline.*|box-shadow|'
      + 'top|left|right|bottom|display|z-index)$').test(a.transitionProperty);
    return a.playState === 'running' && visual && isFinite(a.effect.getTiming().iterations)
      && t && (t === el || t.contains(el));
  });
  moving.forEach((a) => { try { a.finish(); } catch (e) { /* not finishable */ } });
  window.__gkFocused = window.__gkFocused || new Set();
  const seen = window.__gkFocused.has(el);
  window.__gkFocused.add(el);
  const s = getComputedStyle(el);
  const bg = backgroundOf(el.parentElement || el);
  let indicator = '';
  let best = 0;
  const ow = parseFloat(s.outlineWidth) || 0;
  if (s.outlineStyle !== 'none' && ow >= 1) {
    const c = parseColor(s.outlineColor);
    if (c && c.a > 0.5) { best = Math.max(best, contrast(c, bg)); indicator = 'outline'; }
  }
  if (s.boxShadow && s.boxShadow !== 'none') {
    const colors = s.boxShadow.match(/rgba?\([^)]+\)/g) || [];
    colors.forEach((text) => {
      const c = parseColor(text);
      if (c && c.a > 0.5) {
        const k = contrast(c, backgroundOf(el));
        if (k > best) { best = k; indicator = 'box-shadow'; }
      }
    });
  }
  const r = el.getBoundingClientRect();
  const visible = shown(el);
  let obscured = false;
  if (visible) {
    const x0 = Math.max(r.left + 1, 0), x1 = Math.min(r.right - 1, innerWidth - 1);
    const y0 = Math.max(r.top + 1, 0), y1 = Math.min(r.bottom - 1, innerHeight - 1);
    if (x0 > x1 || y0 > y1) {
      obscured = true;
    } else {
      const points = [[(x0 + x1) / 2, (y0 + y1) / 2], [x0, y0], [x1, y0], [x0, y1], [x1, y1]];
      obscured = !points.some(([x, y]) => {
        const hit = document.elementFromPoint(x, y);
        return hit && (hit === el || el.contains(hit) || hit.contains(el) ||
          (el.labels && Array.prototype.some.call(el.labels, l => l.contains(hit))));
      });
    }
  }
  const main = document.querySelector('main');
  const content = document.querySelector('article') || main;
  const search = el.closest('[role=search], [role=dialog].md-search, form[name=search], .md-search');
  const href = el.getAttribute('href') || '';
  return {
    node: node(el), seen, visible, obscured, indicator, contrast: Math.round(best * 100) / 100,
    inMain: !!(main && main.contains(el)), inContent: !!(content && content.contains(el)),
    inSearch: !!search && /^(INPUT|TEXTAREA)$/.test(el.tagName),
    samePageLink: el.tagName === 'A' && href.startsWith('#'),
    href, text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40),
  };
}
