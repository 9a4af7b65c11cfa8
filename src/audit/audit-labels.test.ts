// Every audit type and detail key the code can write has words for the office. What "can write"
// means is read from the source by the TypeScript checker: every string literal where an AuditType
// is expected (recordAudit's type, strategy tables, conditionals), and the keys of every details
// object given as an AuditEntry (spreads included) — not a list kept by hand.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import ts from 'typescript';
import { AUDIT_DETAIL_LABELS, AUDIT_TYPE_LABELS, auditDetailLines, auditTypeLabel } from './audit-labels.ts';
import { AUDIT_TYPES } from './audit-log.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The audit types and detail keys written anywhere in src (tests aside). */
function writtenByTheCode(): { types: Set<string>; keys: Set<string> } {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  assert.ok(config);
  const files = config.fileNames.filter((f) => f.startsWith(path.join(ROOT, 'src') + path.sep) && !/\.test\.tsx?$/.test(f));
  const program = ts.createProgram(files, config.options);
  const checker = program.getTypeChecker();
  const auditLog = program.getSourceFile(path.join(ROOT, 'src/audit/audit-log.ts'));
  assert.ok(auditLog);
  let entry: ts.Symbol | undefined;
  ts.forEachChild(auditLog, (n) => {
    if (ts.isInterfaceDeclaration(n) && n.name.text === 'AuditEntry') entry = checker.getSymbolAtLocation(n.name);
  });
  assert.ok(entry, 'AuditEntry is declared in audit-log.ts');
  const all = new Set<string>(AUDIT_TYPES);
  // AuditType is (typeof AUDIT_TYPES)[number]: a union of exactly those literals.
  const isAuditType = (t: ts.Type) => t.isUnion() && t.types.length === all.size && t.types.every((m) => m.isStringLiteral() && all.has(m.value));
  const types = new Set<string>();
  const keys = new Set<string>();
  for (const file of program.getSourceFiles()) {
    if (!files.includes(file.fileName) || file === auditLog) continue;
    const visit = (n: ts.Node): void => {
      if (ts.isStringLiteralLike(n)) {
        const expected = checker.getContextualType(n as ts.StringLiteral);
        if (expected && isAuditType(expected)) types.add(n.text);
      } else if (ts.isObjectLiteralExpression(n) && checker.getContextualType(n)?.getSymbol() === entry) {
        const details = n.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'details');
        if (details)
          for (const p of checker.getTypeAtLocation(ts.isPropertyAssignment(details) ? details.initializer : details).getProperties()) keys.add(p.name);
      }
      ts.forEachChild(n, visit);
    };
    visit(file);
  }
  return { types, keys };
}

test('every audit type and detail key the code writes has words for the office', { timeout: 180_000 }, () => {
  const { types, keys } = writtenByTheCode();
  // Written directly, through a conditional, and through a sign-in strategy's table.
  for (const t of ['account.issued', 'account.disabled', 'login.failed', 'navi.login.throttled']) assert.ok(types.has(t), `found ${t}`);
  for (const k of ['by', 'reason', 'opensAt']) assert.ok(keys.has(k), `found the detail key ${k}`);
  const labels = AUDIT_TYPE_LABELS as Record<string, string>;
  assert.deepEqual(
    [...types].filter((t) => !labels[t]),
    [],
    'audit types written without a label',
  );
  assert.deepEqual(
    [...keys].filter((k) => !AUDIT_DETAIL_LABELS[k]),
    [],
    'detail keys written without a label',
  );
  assert.deepEqual(
    AUDIT_TYPES.filter((t) => !labels[t]),
    [],
    'every declared type has a label',
  );
  for (const label of Object.values(labels)) assert.doesNotMatch(label, /[a-z]+\.[a-z]/, 'a label is words, not a code');
});

test('details read as label: value lines in Japanese, without JSON', () => {
  assert.deepEqual(auditDetailLines(JSON.stringify({ reason: 'wrong_password', trustedBrowser: false })), [
    { label: '理由', value: 'パスワードの誤り' },
    { label: '確認済みのブラウザから', value: 'いいえ' },
  ]);
  assert.deepEqual(auditDetailLines(JSON.stringify({ clientId: 'navi', scopes: 'openid profile email' })), [
    { label: '連携アプリケーション', value: '医療情報ネット' },
    { label: '渡す情報', value: '識別のための番号、表示名・ユーザ名、メールアドレス' },
  ]);
  assert.deepEqual(auditDetailLines(JSON.stringify({ opensAt: Date.UTC(2026, 10, 13, 0, 0), closesAt: null, retryAfterMs: 90_000 })), [
    { label: '開始日時', value: '2026年11月13日 09:00' },
    { label: '終了日時', value: '（なし）' },
    { label: '再開までの時間', value: '約2分' },
  ]);
  assert.deepEqual(auditDetailLines(JSON.stringify({ changed: ['family_name', 'phone'] })), [{ label: '変わった項目', value: '姓、電話' }]);
  assert.deepEqual(auditDetailLines(JSON.stringify({ kind: 'periodic', fiscalYear: 2026, scheme: 'medical', changedItems: 2, source: 'csv' })), [
    { label: '種類', value: '定期報告' },
    { label: '年度', value: '2026年度（令和8年度）' },
    { label: '制度', value: '医療機能情報提供制度' },
    { label: '変更のある項目', value: '2件' },
    { label: '入力のしかた', value: 'CSVファイル' },
  ]);
  assert.deepEqual(auditDetailLines('{}'), []);
  for (const line of auditDetailLines(JSON.stringify({ nested: { by: 'ab123456' }, list: [1, 2] }))) assert.doesNotMatch(line.value, /[{}[\]"]/);
  assert.equal(auditTypeLabel('sso.consent.granted'), '情報連携への同意');
  assert.equal(auditTypeLabel('retired.type'), 'retired.type', 'a type no longer written shows its code');
});
