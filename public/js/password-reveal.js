// 「表示」: a checkbox that shows what was typed into a password field.
//
// Progressive enhancement, loaded as <script type="module" src="/static/js/password-reveal.js"> (no
// inline script, works under the strict CSP). The server renders the checkbox's label with `hidden`
// and data-reveal-control; this script un-hides it, so without JavaScript no checkbox that does
// nothing is shown. Markup:
//   <label data-reveal-control hidden><input type="checkbox" data-reveal-for="password"> 表示</label>
// where "password" is the id of the password input.

/** Sets the field's type from the checkbox; returns the type set. */
export function applyReveal(checkbox, field) {
  const type = checkbox.checked ? 'text' : 'password';
  if (field.type !== type) field.type = type;
  return type;
}

/** Enhances one checkbox[data-reveal-for]. Safe to call more than once. */
export function enhance(checkbox) {
  if (checkbox.hasAttribute('data-reveal-enhanced')) return;
  const doc = checkbox.ownerDocument;
  const field = doc.getElementById(checkbox.getAttribute('data-reveal-for'));
  if (!field) return;
  checkbox.setAttribute('data-reveal-enhanced', '');
  const control = checkbox.closest('[data-reveal-control]');
  if (control) control.hidden = false;
  checkbox.addEventListener('change', () => applyReveal(checkbox, field));
  // Never submit a password from a text field, so browsers do not keep it in form history.
  if (field.form) field.form.addEventListener('submit', () => (field.type = 'password'));
  // Back/forward cache can restore the checkbox's state without a change event.
  doc.defaultView?.addEventListener('pageshow', () => applyReveal(checkbox, field));
  applyReveal(checkbox, field);
}

export function enhanceAll(root) {
  for (const checkbox of root.querySelectorAll('input[type="checkbox"][data-reveal-for]')) enhance(checkbox);
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => enhanceAll(document), { once: true });
  } else {
    enhanceAll(document);
  }
}
