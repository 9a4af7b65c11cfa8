// What an accepted report tells the facility master, from the values alone: 名称 and 所在地 in the
// master's full width, the one-line 所在地 split back into 市区町村・住所・建物名, only what differs, and
// what the master cannot take named instead of guessed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Institution } from '../db/schema.ts';
import { masterAddressLine, masterUpdateFrom, splitAddress } from './master.ts';

const clinic: Institution = {
  id: 'i1',
  kind: '診療所',
  prefecture_code: '13',
  institution_code: '1234567',
  insurance_code: null,
  name: '銀座テストクリニック',
  name_kana: 'ギンザテストクリニック',
  municipality_code: '13102',
  postcode: '1040061',
  address: '銀座１－２－３',
  building: '銀座ビル２階',
  phone: '03-1234-5678',
  status: 'open',
  created_at: 0,
  updated_at: 0,
};

/** The values a 新規報告 starts with (the master's own 基本情報). */
const asReported = {
  'basic.name.official': clinic.name,
  'basic.name.official_kana': clinic.name_kana,
  'basic.location.postcode': clinic.postcode,
  'basic.location.address': masterAddressLine(clinic),
  'basic.phone.phone': clinic.phone,
};

test('the master’s own 基本情報 changes nothing (half width or full width alike)', () => {
  assert.equal(masterAddressLine(clinic), '東京都中央区銀座１－２－３ 銀座ビル２階');
  assert.deepEqual(masterUpdateFrom(clinic, asReported), { changes: {}, skipped: [] });
  assert.deepEqual(masterUpdateFrom(clinic, { ...asReported, 'basic.location.address': '東京都中央区銀座1-2-3 銀座ビル2階' }), { changes: {}, skipped: [] });
  assert.deepEqual(masterUpdateFrom(clinic, {}), { changes: {}, skipped: [] }, 'items not reported leave the master alone');
});

test('changed 名称, フリガナ, 郵便番号, 電話 and a move to another municipality of the prefecture', () => {
  const update = masterUpdateFrom(clinic, {
    ...asReported,
    'basic.name.official': '医療法人 銀座テストクリニック',
    'basic.name.official_kana': 'いりょうほうじん ぎんざてすとくりにっく',
    'basic.location.postcode': '100-0005',
    'basic.location.address': '東京都千代田区丸の内1-1-1 丸の内ビル3階',
    'basic.phone.phone': '03-5555-0000',
  });
  assert.deepEqual(update, {
    changes: {
      name: '医療法人　銀座テストクリニック',
      name_kana: 'イリョウホウジン　ギンザテストクリニック',
      postcode: '1000005',
      phone: '03-5555-0000',
      municipality_code: '13101',
      address: '丸の内１－１－１',
      building: '丸の内ビル３階',
    },
    skipped: [],
  });
  // The building left out: the master's building goes too.
  assert.deepEqual(masterUpdateFrom(clinic, { ...asReported, 'basic.location.address': '東京都中央区銀座1-2-3' }).changes, { building: null });
});

test('the address without its prefecture; the longest municipality name wins (a ward of a designated city)', () => {
  assert.deepEqual(splitAddress('13', '中央区日本橋2-2-2'), { municipality_code: '13102', address: '日本橋２－２－２', building: null });
  const yokohama = splitAddress('14', '神奈川県横浜市中区山下町1');
  assert.equal(yokohama?.municipality_code, '14104');
  assert.equal(yokohama?.address, '山下町１');
});

test('what the master cannot take is named: another prefecture, no municipality, a フリガナ not in katakana, a bad phone', () => {
  const update = masterUpdateFrom(clinic, {
    ...asReported,
    'basic.location.address': '大阪府大阪市北区梅田1-1-1',
    'basic.name.official_kana': 'ギンザ病院',
    'basic.phone.phone': '03-12',
  });
  assert.deepEqual(update, { changes: {}, skipped: ['name_kana', 'phone', 'address'] });
  assert.deepEqual(masterUpdateFrom(clinic, { ...asReported, 'basic.location.address': '東京都どこか1-1' }).skipped, ['address']);
  assert.equal(splitAddress('13', '東京都中央区'), undefined, 'a municipality alone is not an address');
});
