// What the office may write as a notice: the title one line as written, the body without control characters.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MESSAGES } from '../platform/messages/index.ts';
import { noticeContentSchema } from './notices.ts';

test('a title of control characters alone is empty; a full-width colon and the words stay as written', () => {
  const empty = noticeContentSchema.safeParse({ title: '\u0000\t\u0007', body: '本文', category: 'お知らせ' });
  assert.equal(empty.success, false);
  assert.equal(empty.error?.issues[0]?.message, MESSAGES['notice.title.required']);
  const ok = noticeContentSchema.parse({ title: ' 定期報告：受付\u0000開始 ', body: '一行目\r\n二行目\u0007', category: 'お知らせ' });
  assert.deepEqual(ok, { title: '定期報告：受付 開始', body: '一行目\n二行目', category: 'お知らせ' });
});
