import assert from 'node:assert/strict';
import { test } from 'node:test';
import { municipalitiesOf, municipality, placesOfPostcode, prefectureName, PREFECTURE_CODES } from './places.ts';

test('prefectures 01–47 all have names; others none', () => {
  assert.equal(PREFECTURE_CODES.length, 47);
  assert.ok(PREFECTURE_CODES.every((c) => prefectureName(c)));
  assert.equal(prefectureName('13'), '東京都');
  assert.equal(prefectureName('48'), undefined);
  assert.equal(prefectureName('1'), undefined);
});

test('municipalities by code and by prefecture', () => {
  assert.deepEqual(municipality('27127'), { code: '27127', name: '大阪市北区', prefectureCode: '27', prefectureName: '大阪府' });
  assert.equal(municipality('99999'), undefined);
  assert.equal(municipality('2712'), undefined);
  const osaka = municipalitiesOf('27');
  assert.ok(osaka.length > 40);
  assert.ok(osaka.every((m) => m.prefectureCode === '27'));
});

test('a postcode names its place; a business’s own postcode or a malformed one names none', () => {
  const [ginza] = placesOfPostcode('1040061');
  assert.deepEqual(ginza, { code: '13102', name: '中央区', prefectureCode: '13', prefectureName: '東京都', town: '銀座' });
  assert.deepEqual(placesOfPostcode('1008798'), []); // a large business's own code
  assert.deepEqual(placesOfPostcode('104-0061'), []);
});
