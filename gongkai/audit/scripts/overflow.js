// Reflow (at 320 CSS px) and text at 200%: content that sticks out sideways or whose text is clipped,
// whether the page itself scrolls sideways (measured), and tables in a scrolling container that is
// not a named, focusable region. Rules: reflow-320, text-200, table-scroll-region.
() => {
  const width = document.documentElement.clientWidth;
  const scroller = (el) => {
    for (let e = el.parentElement; e && e !== document.body && e !== document.documentElement; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (/(auto|scroll)/.test(s.overflowX)) return e;
    }
    return null;
  };
  const offenders = [];
  const unseen = [];  // invisible (e.g. opacity 0) but still widening the page
  const all = document.body.querySelectorAll('*');
  for (const el of all) {
    const s = getComputedStyle(el);
    if (s.position === 'fixed' && s.display !== 'none') {
      // off-canvas drawers and dialogs are fixed outside the viewport until opened
      const r = el.getBoundingClientRect();
      if (r.right <= 0 || r.left >= width) continue;
    }
    const r = el.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0 || r.right <= width + 1) continue;
    if (r.left >= width) continue;  // entirely outside (off-canvas)
    if (scroller(el)) continue;
    if (!shown(el)) { if (s.position !== 'fixed' && !unseen.includes(el.parentElement)) unseen.push(el); continue; }
    if (el.parentElement && offenders.includes(el.parentElement)) { offenders.push(el); continue; }
    offenders.push(el);
  }
  const top = offenders.filter(el => !offenders.includes(el.parentElement)).slice(0, 8)
    .map(el => node(el, '右边缘 ' + Math.round(el.getBoundingClientRect().right) + 'px，视口宽 ' + width + 'px'));
  const regions = [];
  document.querySelectorAll('table').forEach((table) => {
    const box = scroller(table);
    if (!box || box.scrollWidth <= box.clientWidth + 1 || !shown(box)) return;
    const problems = [];
    if (!(box.tabIndex >= 0)) problems.push('滚动区域不能用键盘聚焦（缺 tabindex="0"）');
    const named = accessibleName(box) || box.getAttribute('title');
    if (!named) problems.push('滚动区域没有名称（aria-label 或 aria-labelledby）');
    if (problems.length) regions.push(node(box, problems.join('；')));
  });
  const clipped = [];
  const onScreen = (r) => r.right > 0 && r.bottom > 0 && r.left < width && r.width > 0 && r.height > 0;
  for (const el of all) {
    const s = getComputedStyle(el);
    const cutX = /(hidden|clip)/.test(s.overflowX) && el.scrollWidth > el.clientWidth + 2;
    const cutY = /(hidden|clip)/.test(s.overflowY) && el.scrollHeight > el.clientHeight + 2;
    if (!cutX && !cutY) continue;
    if (s.textOverflow === 'ellipsis') continue;  // deliberate one-line truncation; the full text is elsewhere
    const box = el.getBoundingClientRect();
    if (box.width <= 1 && box.height <= 1) continue;  // visually hidden for screen readers (the sr-only pattern)
    if (!onScreen(box) || !shown(el) || !el.textContent.trim()) continue;
    let cut = '';
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t && !cut; t = walker.nextNode()) {
      if (!t.textContent.trim()) continue;
      const p = t.parentElement;
      if (!shown(p) || p.closest('[aria-hidden=true]')) continue;
      const inner = scroller(p);
      if (inner && inner !== el && el.contains(inner)) continue;  // scrolls inside: not lost
      const range = document.createRange();
      range.selectNodeContents(t);
      for (const rr of range.getClientRects()) {
        if (rr.width <= 0) continue;
        const outX = cutX && (rr.right > box.right + 1 || rr.left < box.left - 1);
        const outY = cutY && (rr.bottom > box.bottom + 1 || rr.top < box.top - 1);
        if (outX || outY) { cut = t.textContent.trim().slice(0, 30); break; }
      }
    }
    if (cut) clipped.push(node(el, '文字被裁切：“' + cut + '”'));
  }
  // Does the page scroll sideways? Measured, not inferred from styles: Material sets overflow-x:
  // hidden on <html>, yet a wider document still scrolls (touch panning on phones, find in page,
  // focus, script), so the width of the document and a real scroll attempt both count.
  const doc = document.scrollingElement || document.documentElement;
  const y = window.scrollY;
  window.scrollTo(doc.scrollWidth, y);
  const scrolled = Math.round(window.scrollX);
  window.scrollTo(0, y);
  const wider = Math.max(0, doc.scrollWidth - doc.clientWidth);
  const sideways = Math.max(scrolled, wider > 1 ? wider : 0);
  const pageScroll = sideways > 0;
  const ghosts = unseen.slice(0, 8).map(el => node(el, '不可见的元素伸出视口：右边缘 ' +
    Math.round(el.getBoundingClientRect().right) + 'px，视口宽 ' + width + 'px'));
  return {pageScroll, sideways, offenders: top, ghosts, regions, clipped: clipped.slice(0, 8)};
}
