// The skip link, after Enter on it and one more Tab: the focus stays in <main> (or <main> has no
// control to reach). Rule: skip-link.
() => {
  const a = document.activeElement, m = document.querySelector('main');
  const controls = m.querySelector(
    'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])');
  return !controls || !!(a && a !== document.body && m.contains(a));
}
