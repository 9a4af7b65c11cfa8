// The refusal page body: for every reason, a heading, a plain explanation and the next step as a link
// into G-MIS; the office's reason shown (escaped) when an application was refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MESSAGES } from '../../platform/messages/index.ts';
import type { SsoRefusalAccess } from '../../sso/access/access.ts';
import { SsoRefusal, ssoRefusalTitle } from './sso-refusal-page.tsx';
import { assertShows, inHtml } from '../../testing/messages.ts';

const GMIS = 'https://gmis.example.jp';
const REASONS: SsoRefusalAccess['reason'][] = ['blocked_after_refusal', 'application_required', 'application_pending', 'application_refused'];

test('every refusal has its own heading, an explanation and a link to the G-MIS application page', async () => {
  const titles = new Set<string>();
  for (const reason of REASONS) {
    const access: SsoRefusalAccess = { allowed: false, reason };
    const html = await SsoRefusal({ access, gmisUrl: `${GMIS}/` });
    const title = ssoRefusalTitle(access);
    assert.equal(title, MESSAGES[`sso_refusal.${reason}`]);
    titles.add(title);
    assert.ok(html.includes(`<h1 class="page-title" id="sso-refusal-title">${inHtml(title)}</h1>`), reason);
    assert.ok(html.includes(`<p>${inHtml(MESSAGES[`sso_refusal.${reason}.explanation`])}</p>`), `${reason}: what happened`);
    assert.ok(html.includes('次にしていただくこと'), reason);
    assert.ok(html.includes(`<p>${inHtml(MESSAGES[`sso_refusal.${reason}.next_step`])}</p>`), `${reason}: the next step`);
    assert.ok(html.includes(`href="${GMIS}/sso-application"`), reason);
    assertShows(html, MESSAGES[`sso_refusal.${reason}.link`], `${reason}: the link says where it leads`);
  }
  assert.equal(titles.size, REASONS.length);
});

test("a refused application shows the office's reason, escaped", async () => {
  const html = await SsoRefusal({
    access: { allowed: false, reason: 'application_refused', decisionReason: '目的が<b>不明</b>です' },
    gmisUrl: GMIS,
  });
  assert.ok(html.includes('事務局からの理由'));
  assert.ok(html.includes('目的が&lt;b>不明&lt;/b>です'));
  assertShows(html, MESSAGES['sso_refusal.application_refused.link']);
});

test('a blocked user is told the office will get in touch; the others may use their own 医療情報ネット account meanwhile', async () => {
  const blocked = await SsoRefusal({ access: { allowed: false, reason: 'blocked_after_refusal' }, gmisUrl: GMIS });
  assertShows(blocked, MESSAGES['sso_refusal.blocked_after_refusal.next_step']);
  assert.ok(!blocked.includes('関係者ログイン画面'));
  const required = await SsoRefusal({ access: { allowed: false, reason: 'application_required' }, gmisUrl: GMIS });
  assert.ok(required.includes('関係者ログイン画面'));
});
