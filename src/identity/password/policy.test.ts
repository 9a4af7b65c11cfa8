import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dictionary } from '@zxcvbn-ts/language-common';
import { MESSAGES } from '../../platform/messages/index.ts';
import { COMMON_PASSWORD_COUNT, COMMON_PASSWORDS_PATH, commonPasswordsForTheChecklist, isCommonPassword } from './common-passwords.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_RULES, checkNewPassword, ruleHolds, type PasswordProblem } from './policy.ts';

const who = { username: 'yamada.taro', email: 'hanako.suzuki@example.jp' };
const STRONG = 'Kq7vRt2mZx';

const codes = (problems: PasswordProblem[]) => problems.map((p) => p.code);
const check = (password: string, confirmation = password, w = who) => checkNewPassword(password, confirmation, w);

describe('PASSWORD_RULES', () => {
  it('lists the four rules in order with the spec labels, then the common-password one', () => {
    assert.deepEqual(PASSWORD_RULES, [
      { id: 'length', label: '8文字以上' },
      { id: 'upper', label: '1個以上の大文字' },
      { id: 'lower', label: '1個以上の小文字' },
      { id: 'digit', label: '1個以上の数字' },
      { id: 'common', label: 'よく使われるパスワードではない' },
    ]);
  });

  it('has a maximum length of 128', () => {
    assert.equal(PASSWORD_MAX_LENGTH, 128);
  });
});

describe('ruleHolds', () => {
  it('length: 7 characters fail, 8 pass (counted in characters)', () => {
    assert.equal(ruleHolds('length', 'a'.repeat(7)), false);
    assert.equal(ruleHolds('length', 'a'.repeat(8)), true);
    assert.equal(ruleHolds('length', ''), false);
    assert.equal(ruleHolds('length', 'あいうえおかきく'), true);
    // 7 emoji are 14 UTF-16 code units but only 7 characters.
    assert.equal(ruleHolds('length', '😀'.repeat(7)), false);
    assert.equal(ruleHolds('length', '😀'.repeat(8)), true);
  });

  it('upper: ASCII A–Z only', () => {
    assert.equal(ruleHolds('upper', 'abc123'), false);
    assert.equal(ruleHolds('upper', 'abC123'), true);
    assert.equal(ruleHolds('upper', 'Z'), true);
    assert.equal(ruleHolds('upper', 'ＡＢＣ'), false); // full-width
    assert.equal(ruleHolds('upper', 'ÄÉ'), false);
  });

  it('lower: ASCII a–z only', () => {
    assert.equal(ruleHolds('lower', 'ABC123'), false);
    assert.equal(ruleHolds('lower', 'ABc123'), true);
    assert.equal(ruleHolds('lower', 'ａｂｃ'), false); // full-width
    assert.equal(ruleHolds('lower', 'äé'), false);
  });

  it('digit: ASCII 0–9 only', () => {
    assert.equal(ruleHolds('digit', 'Abcdefgh'), false);
    assert.equal(ruleHolds('digit', 'Abcdefg0'), true);
    assert.equal(ruleHolds('digit', 'Abcdefg9'), true);
    assert.equal(ruleHolds('digit', '１２３'), false); // full-width
  });

  it('common: not on the list (case-insensitively)', () => {
    assert.equal(ruleHolds('common', 'Abcdefg1'), false);
    assert.equal(ruleHolds('common', 'Kq7vRt2m'), true);
  });

  it('throws on an unknown rule id', () => {
    assert.throws(() => ruleHolds('symbol', 'x'));
  });
});

describe('common password list', () => {
  it('has at least 10,000 entries (the whole shipped list)', () => {
    assert.ok(COMMON_PASSWORD_COUNT >= 10_000, `only ${COMMON_PASSWORD_COUNT}`);
    assert.equal(COMMON_PASSWORD_COUNT, dictionary['passwords-common'].length);
  });

  it('contains each of the 10,000 most common entries', () => {
    const top = dictionary['passwords-common'].slice(0, 10_000);
    assert.equal(top.length, 10_000);
    for (const p of top) assert.ok(isCommonPassword(p), p);
  });

  it('matches case-insensitively', () => {
    // Verified entries of the shipped list (all stored in lower case).
    for (const p of ['123456', 'password', 'password1', 'passw0rd', 'qwerty123', 'trustno1']) {
      assert.ok(dictionary['passwords-common'].includes(p), p);
      assert.ok(isCommonPassword(p), p);
      assert.ok(isCommonPassword(p.toUpperCase()), p.toUpperCase());
    }
    assert.ok(isCommonPassword('Password1'));
    assert.ok(isCommonPassword('PaSsWoRd'));
  });

  it('the checklist’s part of the list answers exactly as the server for a password meeting the four rules', () => {
    const part = new Set(commonPasswordsForTheChecklist());
    assert.ok(part.has('abcdefg1'));
    assert.ok(part.size < COMMON_PASSWORD_COUNT / 5, `${part.size} entries`);
    const fourHold = (p: string) => ['length', 'upper', 'lower', 'digit'].every((id) => ruleHolds(id, p));
    // Every entry in every capitalisation that meets the four rules (first letter, last letter, all but one).
    for (const entry of dictionary['passwords-common']) {
      const letters = [...entry.matchAll(/[a-z]/g)].map((m) => m.index);
      for (const i of [letters[0], letters.at(-1)]) {
        if (i === undefined) continue;
        const p = entry.slice(0, i) + entry[i]!.toUpperCase() + entry.slice(i + 1);
        if (fourHold(p)) assert.equal(part.has(p.toLowerCase()), isCommonPassword(p), p);
      }
    }
    for (const p of ['Kq7vRt2m', 'Abcdefg1', 'Password1', 'pASSWORD1', 'Qwerty123', 'Sora-Kumo-2026'])
      assert.equal(part.has(p.toLowerCase()), isCommonPassword(p), p);
  });

  it('does not flag other passwords', () => {
    assert.equal(isCommonPassword(STRONG), false);
    assert.equal(isCommonPassword(''), false);
    assert.equal(isCommonPassword('password1 '), false);
  });
});

describe('checkNewPassword', () => {
  it('accepts a password meeting every rule', () => {
    assert.deepEqual(check(STRONG), []);
  });

  it('an empty password gives a single "required" problem', () => {
    const problems = check('', '');
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.code, 'required');
    assert.equal(problems[0]?.field, 'password');
    assert.equal(problems[0]?.message, MESSAGES['password.required']);
    assert.deepEqual(codes(check('', 'something')), ['required']);
  });

  it('reports each failed rule', () => {
    assert.deepEqual(codes(check('kq7vrt2mzx')), ['upper']);
    assert.deepEqual(codes(check('KQ7VRT2MZX')), ['lower']);
    assert.deepEqual(codes(check('KqsvRtxmZx')), ['digit']);
    assert.deepEqual(codes(check('Kq7vRt2')), ['length']);
    assert.deepEqual(codes(check('ｋｑ７ｖＲｔ２ｍＺｘ')), ['upper', 'lower', 'digit']);
  });

  it('length boundaries: 7/8 and 128/129 characters', () => {
    const make = (n: number) => 'Kq7' + 'v'.repeat(n - 3);
    assert.equal(make(7).length, 7);
    assert.deepEqual(codes(check(make(7))), ['length']);
    assert.deepEqual(codes(check(make(8))), []);
    assert.deepEqual(codes(check(make(128))), []);
    assert.deepEqual(codes(check(make(129))), ['too_long']);
    assert.deepEqual(codes(check(make(500))), ['too_long']);
  });

  it('refuses common passwords even when every rule holds', () => {
    for (const p of ['Password1', 'pASSWORD1', 'Passw0rd', 'Qwerty123', 'Trustno1', 'Password123']) {
      const problems = check(p);
      assert.deepEqual(codes(problems), ['common'], p);
      assert.equal(problems[0]?.field, 'password');
    }
    assert.deepEqual(codes(check('Password1!x')), []); // not on the list
  });

  it('refuses a password equal to the username, case-insensitively', () => {
    const w = { username: 'TanakaIchiro2', email: 'i.tanaka@example.jp' };
    assert.deepEqual(codes(check('TanakaIchiro2', undefined, w)), ['contains_username']);
    assert.deepEqual(codes(check('tanakaICHIRO2X', undefined, w)), ['contains_username']);
  });

  it('refuses a password containing the username, case-insensitively', () => {
    const w = { username: 'Yamada', email: 'h.suzuki@example.jp' };
    assert.deepEqual(codes(check('Xx9YAMADAzz', undefined, w)), ['contains_username']);
    assert.deepEqual(codes(check('9yamadaQ', undefined, w)), ['contains_username']);
    assert.deepEqual(codes(check('Yamad4Qzz', undefined, w)), []);
  });

  it('ignores an empty username', () => {
    assert.deepEqual(codes(check(STRONG, undefined, { username: '', email: '' })), []);
  });

  it('refuses a password containing the e-mail local part, case-insensitively', () => {
    const w = { username: 'user01', email: 'Hanako.Suzuki@Example.JP' };
    assert.deepEqual(codes(check('HANAKO.SUZUKI2024q', undefined, w)), ['contains_email']);
    assert.deepEqual(codes(check('Xhanako.suzuki9', undefined, w)), ['contains_email']);
    // Only the local part counts, not the domain.
    assert.deepEqual(codes(check('Example99jp', undefined, w)), []);
    // Part of the local part is fine.
    assert.deepEqual(codes(check('Hanako2024q', undefined, w)), []);
  });

  it('checks the e-mail local part only when it has 3 or more characters', () => {
    assert.deepEqual(codes(check('Kq7abZZZ', undefined, { username: 'u-001', email: 'ab@example.jp' })), []);
    assert.deepEqual(codes(check('Kq7ABcZZ', undefined, { username: 'u-001', email: 'abc@example.jp' })), ['contains_email']);
    assert.deepEqual(codes(check('Kq7ABcZZ', undefined, { username: 'u-001', email: 'abc' })), []);
  });

  it('reports a confirmation that does not match', () => {
    const problems = check(STRONG, STRONG + 'x');
    assert.deepEqual(
      problems.map((p) => [p.field, p.code]),
      [['confirmation', 'mismatch']],
    );
    assert.deepEqual(codes(check(STRONG, STRONG.toLowerCase())), ['mismatch']);
    const empty = check(STRONG, '');
    assert.deepEqual(codes(empty), ['mismatch']);
    assert.equal(problems[0]?.message, MESSAGES['password.mismatch']);
    assert.equal(empty[0]?.message, MESSAGES['password.confirmation_empty'], 'an empty confirmation is asked for, not called wrong');
  });

  it('reports every problem at once, in a stable order', () => {
    const w = { username: 'abc', email: 'abc@example.jp' };
    assert.deepEqual(codes(check('abc', 'x', w)), ['length', 'upper', 'digit', 'contains_username', 'contains_email', 'mismatch']);
    assert.deepEqual(codes(check('password', 'x', who)), ['upper', 'digit', 'common', 'mismatch']);
  });

  it("says each problem in the catalogue's words", () => {
    const said = (problems: PasswordProblem[]) => Object.fromEntries(problems.map((p) => [p.code, p.message]));
    assert.deepEqual(said(check('abc', 'x', { username: 'abc', email: 'abc@example.jp' })), {
      length: MESSAGES['password.length'](PASSWORD_MIN_LENGTH),
      upper: MESSAGES['password.upper'],
      digit: MESSAGES['password.digit'],
      contains_username: MESSAGES['password.contains_username'],
      contains_email: MESSAGES['password.contains_email'],
      mismatch: MESSAGES['password.mismatch'],
    });
    assert.deepEqual(said(check('ABCDEFGH')), { lower: MESSAGES['password.lower'], digit: MESSAGES['password.digit'] });
    assert.deepEqual(said(check('Kq7' + 'v'.repeat(200))), { too_long: MESSAGES['password.too_long'](PASSWORD_MAX_LENGTH) });
    assert.deepEqual(said(check('Password1')), { common: MESSAGES['password.common'] });
  });

  it('gives each problem a distinct, polite Japanese sentence', () => {
    const samples: PasswordProblem[] = [
      ...check(''),
      ...check('abc', 'x', { username: 'abc', email: 'abc@example.jp' }),
      ...check('ABCDEFGH'),
      ...check('Kq7' + 'v'.repeat(200)),
      ...check('Password1'),
      ...check(STRONG, ''),
    ];
    const byCode = new Map<string, Set<string>>();
    for (const p of samples) {
      assert.match(p.message, /[ぁ-んァ-ヶ一-龯]/, p.code);
      assert.match(p.message, /(ください|ません)。$/, p.message);
      if (!byCode.has(p.code)) byCode.set(p.code, new Set());
      byCode.get(p.code)?.add(p.message);
    }
    for (const code of ['required', 'length', 'upper', 'lower', 'digit', 'too_long', 'common', 'contains_username', 'contains_email', 'mismatch']) {
      assert.ok(byCode.has(code), `no sample for ${code}`);
    }
    const firstMessages = [...byCode.values()].map((s) => [...s][0]);
    assert.equal(new Set(firstMessages).size, firstMessages.length);
  });
});

// ---------------------------------------------------------------------------------------------
// public/js/password-checklist.js: the browser module must mirror the server's five rules.

const checklistUrl = new URL('../../../public/js/password-checklist.js', import.meta.url).href;

async function loadChecklist(): Promise<any> {
  return import(checklistUrl);
}

/** A tiny DOM stand-in: just enough for enhance() and the selectors it uses. */
class FakeElement {
  attrs = new Map<string, string>();
  children: FakeElement[] = [];
  parent: FakeElement | null = null;
  listeners = new Map<string, Array<() => void>>();
  textContent = '';
  hidden = false;
  disabled = false;
  value = '';
  checked = false;
  constructor(
    readonly tagName: string,
    readonly ownerDocument: FakeDocument,
    attrs: Record<string, string> = {},
  ) {
    for (const [k, v] of Object.entries(attrs)) this.attrs.set(k, v);
  }
  get type() {
    return this.attrs.get('type') ?? '';
  }
  set type(v: string) {
    this.attrs.set('type', v);
  }
  set className(v: string) {
    this.attrs.set('class', v);
  }
  get className() {
    return this.attrs.get('class') ?? '';
  }
  hasAttribute(n: string) {
    return this.attrs.has(n);
  }
  getAttribute(n: string) {
    return this.attrs.get(n) ?? null;
  }
  setAttribute(n: string, v: string) {
    this.attrs.set(n, String(v));
  }
  removeAttribute(n: string) {
    this.attrs.delete(n);
  }
  appendChild(c: FakeElement) {
    c.parent = this;
    this.children.push(c);
    return c;
  }
  add(...cs: FakeElement[]) {
    for (const c of cs) this.appendChild(c);
    return this;
  }
  insertAdjacentElement(where: string, el: FakeElement) {
    assert.equal(where, 'afterend');
    const parent = this.parent;
    assert.ok(parent);
    el.parent = parent;
    parent.children.splice(parent.children.indexOf(this) + 1, 0, el);
    return el;
  }
  addEventListener(type: string, fn: () => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  dispatch(type: string) {
    for (let el: FakeElement | null = this; el; el = el.parent) for (const fn of el.listeners.get(type) ?? []) fn();
  }
  matches(selector: string): boolean {
    const m = /^([a-z]*)((?:\[[^\]]+\])*)$/.exec(selector);
    assert.ok(m, `unsupported selector ${selector}`);
    if (m[1] && m[1] !== this.tagName) return false;
    for (const [, name, value] of (m[2] ?? '').matchAll(/\[([\w-]+)(?:="([^"]*)")?\]/g)) {
      if (!this.attrs.has(name!)) return false;
      if (value !== undefined && this.attrs.get(name!) !== value) return false;
    }
    return true;
  }
  querySelectorAll(selector: string): FakeElement[] {
    const out: FakeElement[] = [];
    const walk = (el: FakeElement) => {
      for (const c of el.children) {
        if (c.matches(selector)) out.push(c);
        walk(c);
      }
    };
    walk(this);
    return out;
  }
  querySelector(selector: string) {
    return this.querySelectorAll(selector)[0] ?? null;
  }
}

class FakeDocument extends FakeElement {
  /** The window: its fetch serves the list as every origin does (COMMON_PASSWORDS_PATH). */
  defaultView = {
    addEventListener() {},
    fetch: async (url: string) => {
      assert.equal(url, COMMON_PASSWORDS_PATH);
      return { ok: true, json: async () => commonPasswordsForTheChecklist() };
    },
  };
  constructor() {
    super('#document', undefined as unknown as FakeDocument);
    (this as { ownerDocument: FakeDocument }).ownerDocument = this;
  }
  createElement(tag: string) {
    return new FakeElement(tag, this);
  }
}

function buildForm(doc: FakeDocument, withReveal = false) {
  const el = (tag: string, attrs: Record<string, string> = {}) => new FakeElement(tag, doc, attrs);
  const rules = el('ul', { 'data-password-rules': '' }).add(...PASSWORD_RULES.map((r) => el('li', { 'data-rule': r.id, 'data-state': 'unmet' })));
  const password = el('input', { type: 'password', name: 'password', id: 'password' });
  const confirmation = el('input', { type: 'password', name: 'confirmation', id: 'confirmation' });
  const status = el('p', { 'data-confirmation-status': '', 'aria-live': 'polite' });
  const submit = el('button', { type: 'submit', 'data-password-submit': '' });
  const reveal = el('input', { type: 'checkbox', 'data-password-reveal': '' });
  const form = el('form', { 'data-password-form': '' }).add(rules, password, confirmation, status, submit);
  if (withReveal) form.appendChild(reveal);
  doc.appendChild(form);
  const type = (p: string, c: string) => {
    password.value = p;
    confirmation.value = c;
    password.dispatch('input');
  };
  const states = () => rules.children.map((li) => li.getAttribute('data-state'));
  const hidden = () => rules.children.map((li) => li.querySelector('[data-rule-status]')?.textContent);
  return { form, rules, password, confirmation, status, submit, reveal, type, states, hidden };
}

describe('password-checklist.js', () => {
  it('mirrors the server rules exactly', async () => {
    const js = await loadChecklist();
    assert.deepEqual(
      js.RULE_IDS,
      PASSWORD_RULES.map((r) => r.id),
    );
    assert.equal(js.PASSWORD_MAX_LENGTH, PASSWORD_MAX_LENGTH);
    const list = new Set(commonPasswordsForTheChecklist());
    const samples = [
      '',
      'a',
      'abcdefg',
      'abcdefgh',
      'ABCDEFGH',
      '12345678',
      'Abcdefg1',
      'Abcdef1',
      'ＡＢＣｄｅｆ１２',
      'Ａbcdefg1',
      'aBCDEFG１',
      '😀😀😀😀😀😀😀',
      '😀😀😀😀😀😀😀😀',
      'Kq7' + 'v'.repeat(125),
      'Kq7' + 'v'.repeat(126),
      'パスワードAa1',
      'Ä1aaaaaaa',
      ' Aa1    ',
      'Kq7vRt2m',
      'Password1',
      'pASSWORD1',
      'Trustno1',
      'Qwerty123',
    ];
    for (const p of samples) {
      for (const r of PASSWORD_RULES.filter((r) => r.id !== 'common')) assert.equal(js.ruleHolds(r.id, p), ruleHolds(r.id, p), `${r.id} ${p}`);
      // With the list: canSubmit ⇔ the server reports no rule, length, common or confirmation problem.
      const serverOk = !checkNewPassword(p, p, { username: '', email: '' }).some((x) =>
        ['required', 'length', 'upper', 'lower', 'digit', 'too_long', 'common', 'mismatch'].includes(x.code),
      );
      assert.equal(js.evaluate(p, p, list).canSubmit, serverOk, p);
      // Without it (the fetch failed), the server alone decides the common part.
      if (!isCommonPassword(p)) assert.equal(js.evaluate(p, p, 'unavailable').canSubmit, serverOk, p);
    }
    assert.equal(js.evaluate('Abcdefg1', 'Abcdefg1', 'loading').canSubmit, false, 'the button waits for the list');
  });

  it('computes the confirmation state', async () => {
    const js = await loadChecklist();
    assert.equal(js.evaluate('Abcdefg1', '').confirmation, '');
    assert.equal(js.evaluate('', '').confirmation, '');
    assert.equal(js.evaluate('Abcdefg1', 'Abcdefg1').confirmation, 'match');
    assert.equal(js.evaluate('Abcdefg1', 'Abcdefg').confirmation, 'mismatch');
    assert.equal(js.evaluate('', 'x').confirmation, 'mismatch');
    assert.equal(js.confirmationText('match'), 'パスワードが一致しています。');
    assert.equal(js.confirmationText('mismatch'), '確認用のパスワードが一致していません。');
    assert.equal(js.confirmationText(''), '');
  });

  it('updates the checklist, confirmation status and button as the user types', async () => {
    const js = await loadChecklist();
    const doc = new FakeDocument();
    const f = buildForm(doc);
    js.enhance(f.form);
    await new Promise((r) => setImmediate(r)); // the list arrives

    assert.deepEqual(f.states(), ['unmet', 'unmet', 'unmet', 'unmet', 'unmet']);
    assert.deepEqual(f.hidden(), [...Array(4).fill('（まだ満たしていません）'), '（ほかの条件を満たすと確かめます）']);
    assert.equal(f.rules.children[0]?.querySelector('[data-rule-status]')?.className, 'visually-hidden');
    assert.equal(f.submit.disabled, true);
    assert.equal(f.submit.getAttribute('aria-disabled'), 'true');
    assert.equal(f.status.textContent, '');

    f.type('abcdefg1', '');
    assert.deepEqual(f.states(), ['met', 'unmet', 'met', 'met', 'unmet']);
    assert.equal(f.hidden()[0], '（満たしています）');
    assert.equal(f.submit.disabled, true);

    f.type('Abcdefg1', 'Abcdefg');
    assert.deepEqual(f.states(), ['met', 'met', 'met', 'met', 'unmet']);
    assert.equal(f.status.textContent, '確認用のパスワードが一致していません。');
    assert.equal(f.submit.disabled, true);

    // The four listed rules hold, but the server would refuse it as common: the checklist says so first.
    f.type('Abcdefg1', 'Abcdefg1');
    assert.deepEqual(f.states(), ['met', 'met', 'met', 'met', 'unmet']);
    assert.equal(f.hidden()[4], '（よく使われているパスワードです。別のパスワードにしてください）');
    assert.equal(f.submit.disabled, true);

    f.type('Kq7vRt2m', 'Kq7vRt2m');
    assert.deepEqual(f.states(), ['met', 'met', 'met', 'met', 'met']);
    assert.equal(f.status.textContent, 'パスワードが一致しています。');
    assert.equal(f.submit.disabled, false);
    assert.equal(f.submit.hasAttribute('aria-disabled'), false);

    // Only one status span per rule, however often we update.
    assert.ok(f.rules.children.every((li) => li.querySelectorAll('[data-rule-status]').length === 1));

    const long = 'Kq7' + 'v'.repeat(126);
    f.type(long, long);
    assert.deepEqual(f.states(), ['met', 'met', 'met', 'met', 'met']);
    assert.equal(f.submit.disabled, true);
    const tooLong = f.form.querySelector('[data-password-status]');
    assert.equal(tooLong?.hidden, false);
    assert.match(tooLong?.textContent ?? '', /128文字以内/);

    f.type('', '');
    assert.equal(f.status.textContent, '');
    assert.equal(tooLong?.hidden, true);
    assert.equal(f.submit.disabled, true);
  });

  it('enhances several forms independently and toggles reveal per form', async () => {
    const js = await loadChecklist();
    const doc = new FakeDocument();
    const a = buildForm(doc, true);
    const b = buildForm(doc, true);
    js.enhanceAll(doc);
    js.enhanceAll(doc); // idempotent

    await new Promise((r) => setImmediate(r));
    a.type('Kq7vRt2m', 'Kq7vRt2m');
    assert.equal(a.submit.disabled, false);
    assert.equal(b.submit.disabled, true);
    assert.deepEqual(b.states(), ['unmet', 'unmet', 'unmet', 'unmet', 'unmet']);
    assert.ok(a.rules.children.every((li) => li.querySelectorAll('[data-rule-status]').length === 1));

    a.reveal.checked = true;
    a.reveal.dispatch('change');
    assert.equal(a.password.type, 'text');
    assert.equal(a.confirmation.type, 'text');
    assert.equal(b.password.type, 'password');
    a.form.dispatch('submit');
    assert.equal(a.password.type, 'password');
    a.reveal.checked = false;
    a.reveal.dispatch('change');
    assert.equal(a.confirmation.type, 'password');
  });
});
