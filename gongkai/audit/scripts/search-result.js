// Keyboard search: is the focus on a search result (Material's live results, or a link in <main>
// outside navigation and forms on a results page)? Rule: keyboard-search.
() => {
  const a = document.activeElement, m = document.querySelector('main');
  if (!a || a.tagName !== 'A') return false;
  if (!a.getAttribute('href') || a.getAttribute('href').startsWith('#')) return false;
  if (a.closest('[data-md-component=search-result]')) return true;
  return !!m && m.contains(a) && !a.closest('nav, form, [role=search], .md-sidebar');
}
