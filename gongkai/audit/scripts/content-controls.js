// Keyboard reach: does the content (the <article>, else <main>) hold a link or control the Tab walk
// should reach? Rule: keyboard-reach.
() => {
  const c = document.querySelector('article') || document.querySelector('main');
  return !!c && !!c.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])');
}
