// 一括メール配信's form as accepted: the subject and body keep what the sender typed (no NFKC: a
// full-width colon or half-width katakana stays as written); the subject only loses its line breaks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composeForm } from './schema.ts';

const form = (subject: string, body: string) =>
  composeForm(2026).parse({
    subject,
    body,
    fiscal_year: '2026',
    report_kind: 'annual',
    status: 'not_reported',
    prefecture: '',
    municipality: '',
    institution_kind: '',
    key: 'abcdefghijklmnop',
    preview: '',
  });

test('the subject keeps its full-width characters; line breaks become one space; the ends are trimmed', () => {
  const f = form('  {機関名} 様：\r\n 定期報告　のお願い（ＡＢＣ）ｶﾅ\t', '本文');
  assert.equal(f.subject, '{機関名} 様： 定期報告　のお願い（ＡＢＣ）ｶﾅ');
});

test('the body keeps its lines and its full-width characters (CRLF to LF)', () => {
  const f = form('件名', '{担当者名} 様：\r\n１２月までに（ＡＢＣ）ｶﾅ\r\n');
  assert.equal(f.body, '{担当者名} 様：\n１２月までに（ＡＢＣ）ｶﾅ');
});
