import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillPlaceholders, placeholderMessage, placeholderProblems, type PlaceholderValues } from './placeholders.ts';

const values: PlaceholderValues = {
  機関名: 'さくら内科クリニック',
  機関コード: '1310312345',
  ユーザ名: 'g0012345',
  担当者名: '山田 花子',
  都道府県名: '東京都',
  報告期限: '2027年3月31日',
  報告状況: '未報告',
};

test('every placeholder is filled, as often as it appears; other text is kept as written', () => {
  assert.equal(
    fillPlaceholders('{機関名} {担当者名} 様\n{機関名}の報告期限は{報告期限}です（{報告状況}）。', values),
    'さくら内科クリニック 山田 花子 様\nさくら内科クリニックの報告期限は2027年3月31日です（未報告）。',
  );
});

test('a value holding braces is not read as a placeholder', () => {
  assert.equal(fillPlaceholders('{機関名}', { ...values, 機関名: '{ユーザ名}医院' }), '{ユーザ名}医院');
});

test('unknown names are named once each; a lone brace is a problem of its own; a fine text has none', () => {
  assert.deepEqual(placeholderProblems('{氏名} {氏名} {施設名}'), [
    { kind: 'unknown', name: '氏名' },
    { kind: 'unknown', name: '施設名' },
  ]);
  assert.deepEqual(placeholderProblems('期限は {報告期限 です'), [{ kind: 'unbalanced' }]);
  assert.deepEqual(placeholderProblems('{機関名} 様'), []);
  assert.equal(placeholderMessage('{機関名} 様'), undefined);
  const message = placeholderMessage('{氏名} 様 }');
  assert.match(message ?? '', /\{氏名\} は使えない差し込み項目です/);
  assert.match(message ?? '', /対にして/);
});
