// Keyboard reach: the visible controls (links, buttons, fields, labels that act as buttons) the Tab
// walk did not reach (window.__gkFocused, filled by focus.js). Rule: keyboard-reach.
() => {
  const focused = window.__gkFocused || new Set();
  const candidates = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[tabindex]:not([tabindex="-1"]), label[for]');
  const out = [];
  candidates.forEach((el) => {
    if (el.disabled || el.closest('[inert]')) return;
    if (el.tagName === 'LABEL') {
      // a label that works as a button for a hidden checkbox or radio (Material's drawer and menus)
      const control = document.getElementById(el.getAttribute('for'));
      if (!control || !/^(checkbox|radio)$/.test(control.type) || shown(control)) return;
      if (getComputedStyle(el).cursor !== 'pointer') return;  // only labels presented as buttons
    }
    if (!shown(el)) return;
    if (focused.has(el)) return;
    if (el.tagName === 'INPUT' && el.labels && Array.prototype.some.call(el.labels, l => focused.has(l))) return;
    const inFocused = f => f.contains(el) || (f.labels && Array.prototype.includes.call(f.labels, el));
    if (Array.prototype.some.call(focused, inFocused)) return;
    out.push(node(el, '不能用 Tab 键到达'));
  });
  return out;
}
