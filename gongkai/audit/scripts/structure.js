// Structure: the page's language and title, its visible <h1>s, headings in order (from h1, no level
// skipped) and data tables in <main> with <th scope> (or td[headers]) and a caption or accessible name.
// Returns the raw facts; gongkai/audit/checks.py turns them into findings (html-lang, page-title,
// one-h1, heading-order, table-headers).
() => {
  const out = [];
  const lang = document.documentElement.getAttribute('lang') || '';
  const title = (document.title || '').trim();
  const h1s = Array.prototype.filter.call(document.querySelectorAll('h1'), shown);
  const headings = Array.prototype.filter.call(document.querySelectorAll('h1, h2, h3, h4, h5, h6'), shown);
  const order = [];
  let previous = 0;
  headings.forEach((h) => {
    const level = +h.tagName[1];
    if ((previous === 0 && level !== 1) || (previous && level > previous + 1)) {
      order.push(node(h, 'h' + (previous || '-') + ' 之后是 h' + level));
    }
    previous = level;
  });
  const tables = [];
  const main = document.querySelector('main') || document.body;
  main.querySelectorAll('table').forEach((table) => {
    if (table.getAttribute('role') === 'presentation' || table.getAttribute('role') === 'none') return;
    const problems = [];
    const ths = table.querySelectorAll('th');
    if (!ths.length) problems.push('没有表头单元格 <th>');
    const usesHeaders = table.querySelector('td[headers]') !== null;
    const noScope = Array.prototype.filter.call(
      ths, th => !/^(col|row|colgroup|rowgroup)$/.test(th.getAttribute('scope') || ''));
    if (noScope.length && !usesHeaders) {
      problems.push(
        noScope.length + ' 个 <th> 没有 scope（如 “' + noScope[0].textContent.trim().slice(0, 20) + '”）');
    }
    const caption = table.querySelector('caption');
    const name = (caption && caption.textContent.trim()) || accessibleName(table);
    if (!name) problems.push('没有标题 <caption> 或 aria-label/aria-labelledby');
    if (problems.length) tables.push(node(table, problems.join('；')));
  });
  return {lang, title, h1: h1s.map(h => node(h)), h1count: h1s.length, order, tables};
}
