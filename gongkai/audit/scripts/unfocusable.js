// Visible controls that can never take the keyboard focus (labels presented as buttons, role=button
// or role=link, onclick), checked at every width: Material's menu button is a <label> shown only on
// narrow screens. Rule: keyboard-reach.
() => {
  const out = [];
  document.querySelectorAll('label[for], [role=button], [role=link], [onclick]').forEach((el) => {
    if (!shown(el) || el.closest('[inert]')) return;
    if (el.tabIndex >= 0
      || el.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')) return;
    if (el.tagName === 'LABEL') {
      const control = document.getElementById(el.getAttribute('for'));
      if (!control || !/^(checkbox|radio)$/.test(control.type) || shown(control)) return;
      if (getComputedStyle(el).cursor !== 'pointer') return;
    }
    out.push(node(el, '可见的控件不能用键盘聚焦'));
  });
  return out;
}
