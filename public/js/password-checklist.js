// Password checklist: progressive enhancement for password-change forms.
//
// Loaded as <script type="module" src="/static/js/password-checklist.js"> (no inline script, works
// under a strict CSP). Without JavaScript the server-rendered form keeps working: the submit
// button stays enabled and the server validates everything.
//
// The five rules below mirror PASSWORD_RULES / ruleHolds() in src/identity/password/policy.ts;
// keep them in step. The fifth (not a common password) is checked against the part of the server's
// list that a password meeting the other four can match, fetched once from the same origin; until
// those four hold it waits, and if the list cannot be had the server alone decides. The server
// additionally refuses passwords containing the username or e-mail address, which this script does
// not check.

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

const RULE_TESTS = {
  length: (p) => charCount(p) >= PASSWORD_MIN_LENGTH,
  upper: (p) => /[A-Z]/.test(p),
  lower: (p) => /[a-z]/.test(p),
  digit: (p) => /[0-9]/.test(p),
};

/** The rule ids, in the order they are shown: the four above, then the common-password one. */
export const RULE_IDS = Object.freeze([...Object.keys(RULE_TESTS), 'common']);

/** Served by every origin (COMMON_PASSWORDS_PATH in src/identity/password/common-passwords.ts). */
export const COMMON_PASSWORDS_URL = '/static/common-passwords.json';

const TEXT = {
  met: '（満たしています）',
  unmet: '（まだ満たしていません）',
  commonUnmet: '（よく使われているパスワードです。別のパスワードにしてください）',
  commonWaiting: '（ほかの条件を満たすと確かめます）',
  commonLoading: '（確かめています）',
  commonUnknown: '（送信したときに確かめます）',
  match: 'パスワードが一致しています。',
  mismatch: '確認用のパスワードが一致していません。',
  tooLong: `パスワードは${PASSWORD_MAX_LENGTH}文字以内で入力してください。`,
};

/** Length in characters (Unicode code points), as the server counts it. */
function charCount(s) {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Whether one of the four character rules holds for `password`; false for any other id. */
export function ruleHolds(id, password) {
  const test = Object.prototype.hasOwnProperty.call(RULE_TESTS, id) ? RULE_TESTS[id] : null;
  return test ? test(password) : false;
}

/**
 * The common-password rule's state. `common` is the fetched list (a Set of lower-case entries),
 * 'loading', or 'unavailable'. 'met' / 'unmet' once the four other rules hold and the list is here
 * (exactly the server's answer for such a password); 'waiting' before; 'unknown' without a list.
 */
export function commonState(password, common) {
  if (common === 'unavailable') return 'unknown';
  if (!Object.keys(RULE_TESTS).every((id) => ruleHolds(id, password))) return 'waiting';
  if (common === 'loading' || !common) return 'loading';
  return common.has(password.toLowerCase()) ? 'unmet' : 'met';
}

/**
 * Evaluates the two fields. Returns { rules: { length, upper, lower, digit, common }, common:
 * commonState(), tooLong, confirmation: 'match'|'mismatch'|'', canSubmit }. Without a list
 * ('unavailable') the button does not wait for it: the server checks.
 */
export function evaluate(password, confirmation, common = 'unavailable') {
  const rules = {};
  for (const id of Object.keys(RULE_TESTS)) rules[id] = ruleHolds(id, password);
  const commonNow = commonState(password, common);
  rules.common = commonNow === 'met';
  const tooLong = charCount(password) > PASSWORD_MAX_LENGTH;
  let state = '';
  if (confirmation !== '') {
    if (password !== '' && password === confirmation) state = 'match';
    else if (password !== confirmation) state = 'mismatch';
  }
  const allRules = Object.keys(RULE_TESTS).every((id) => rules[id]) && (commonNow === 'met' || commonNow === 'unknown');
  return { rules, common: commonNow, tooLong, confirmation: state, canSubmit: allRules && !tooLong && state === 'match' };
}

const COMMON_TEXT = { met: TEXT.met, unmet: TEXT.commonUnmet, waiting: TEXT.commonWaiting, loading: TEXT.commonLoading, unknown: TEXT.commonUnknown };

/** The list, fetched once per window (same origin, cached): a promise of a Set, or of 'unavailable'. */
const lists = new WeakMap();
function commonPasswords(view) {
  if (!view || typeof view.fetch !== 'function') return Promise.resolve('unavailable');
  let list = lists.get(view);
  if (!list) {
    list = view
      .fetch(COMMON_PASSWORDS_URL, { credentials: 'same-origin' })
      .then((res) => (res.ok ? res.json() : Promise.reject(new Error(String(res.status)))))
      .then((entries) => (Array.isArray(entries) ? new Set(entries) : 'unavailable'))
      .catch(() => 'unavailable');
    lists.set(view, list);
  }
  return list;
}

/** The sentence shown in [data-confirmation-status] for a confirmation state. */
export function confirmationText(state) {
  return state === 'match' ? TEXT.match : state === 'mismatch' ? TEXT.mismatch : '';
}

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text; // avoid needless aria-live announcements
}

/** Returns the span[data-rule-status] inside `li`, creating it if missing. */
function ruleStatusSpan(li) {
  let span = li.querySelector('[data-rule-status]');
  if (!span) {
    span = li.ownerDocument.createElement('span');
    span.className = 'visually-hidden';
    span.setAttribute('data-rule-status', '');
    li.appendChild(span);
  }
  return span;
}

/** Returns the element used for the "too long" message, creating it after the rules list if missing. */
function lengthStatus(form, rulesList) {
  let el = form.querySelector('[data-password-status]');
  if (!el && rulesList) {
    el = form.ownerDocument.createElement('p');
    el.setAttribute('data-password-status', '');
    el.setAttribute('aria-live', 'polite');
    el.hidden = true;
    rulesList.insertAdjacentElement('afterend', el);
  }
  return el;
}

/** Enhances one form[data-password-form]. Safe to call more than once. */
export function enhance(form) {
  if (form.hasAttribute('data-password-enhanced')) return;
  const password = form.querySelector('input[name="password"]');
  if (!password) return;
  form.setAttribute('data-password-enhanced', '');

  const confirmation = form.querySelector('input[name="confirmation"]');
  const rulesList = form.querySelector('[data-password-rules]');
  const items = rulesList ? Array.from(rulesList.querySelectorAll('[data-rule]')) : [];
  const status = form.querySelector('[data-confirmation-status]');
  const submit = form.querySelector('[data-password-submit]');
  const tooLongEl = lengthStatus(form, rulesList);
  const secretInputs = Array.from(form.querySelectorAll('input[type="password"]'));
  const reveal = form.querySelector('input[type="checkbox"][data-password-reveal]');

  // Only a form that shows the common-password line fetches the list.
  const wantsList = items.some((li) => li.getAttribute('data-rule') === 'common');
  let common = wantsList ? 'loading' : 'unavailable';
  const update = () => {
    const result = evaluate(password.value, confirmation ? confirmation.value : '', common);
    for (const li of items) {
      const id = li.getAttribute('data-rule');
      if (!RULE_IDS.includes(id)) continue;
      const met = result.rules[id];
      li.setAttribute('data-state', met ? 'met' : 'unmet');
      setText(ruleStatusSpan(li), id === 'common' ? COMMON_TEXT[result.common] : met ? TEXT.met : TEXT.unmet);
    }
    if (status) {
      setText(status, confirmationText(result.confirmation));
      status.setAttribute('data-state', result.confirmation);
    }
    if (tooLongEl) {
      setText(tooLongEl, result.tooLong ? TEXT.tooLong : '');
      tooLongEl.hidden = !result.tooLong;
    }
    if (submit) {
      submit.disabled = !result.canSubmit;
      if (result.canSubmit) submit.removeAttribute('aria-disabled');
      else submit.setAttribute('aria-disabled', 'true');
    }
  };

  const applyReveal = () => {
    const type = reveal && reveal.checked ? 'text' : 'password';
    for (const input of secretInputs) input.type = type;
  };

  form.addEventListener('input', update);
  form.addEventListener('change', update);
  if (reveal) {
    reveal.addEventListener('change', applyReveal);
    applyReveal();
    // Never submit a password from a text field, so browsers do not keep it in form history.
    form.addEventListener('submit', () => {
      for (const input of secretInputs) input.type = 'password';
    });
  }
  // Back/forward cache and browser autofill can restore values without input events.
  form.ownerDocument.defaultView?.addEventListener('pageshow', () => {
    applyReveal();
    update();
  });
  update();
  if (wantsList) {
    // data-common-list tells styles and tests whether the list is here: loading, ready or unavailable.
    rulesList.setAttribute('data-common-list', 'loading');
    commonPasswords(form.ownerDocument.defaultView).then((list) => {
      common = list;
      rulesList.setAttribute('data-common-list', list === 'unavailable' ? 'unavailable' : 'ready');
      update();
    });
  }
}

/** Enhances every form[data-password-form] in `root`. */
export function enhanceAll(root) {
  for (const form of root.querySelectorAll('form[data-password-form]')) enhance(form);
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => enhanceAll(document), { once: true });
  } else {
    enhanceAll(document);
  }
}
