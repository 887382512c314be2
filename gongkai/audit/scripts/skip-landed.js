// The skip link, after Enter on it: is the focus now inside <main>, and on which element? Rule: skip-link.
() => {
  const a = document.activeElement, main = document.querySelector('main');
  return {inMain: !!(main && a && main.contains(a)), tag: a ? a.tagName : ''};
}
