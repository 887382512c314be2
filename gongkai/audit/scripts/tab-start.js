// Before a Tab walk: forget the stops seen so far and put the start of the Tab order at the top of the
// page, as after loading it. Not a check itself (focus.js judges each stop).
() => {
  window.__gkFocused = new Set();
  // start the Tab order at the top of the page, as after loading it
  const start = document.createElement('span');
  start.tabIndex = -1;
  document.body.prepend(start);
  start.focus({preventScroll: true});
  start.remove();
  window.scrollTo(0, 0);
}
