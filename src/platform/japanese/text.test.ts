// Normalising Japanese keyboard input: telephone numbers, extensions, e-mail addresses, search keys, master data.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  isKatakana,
  normaliseCode,
  normaliseDateTime,
  normaliseEmail,
  normaliseExtension,
  normaliseFullWidth,
  normaliseKana,
  normaliseLine,
  normalisePhoneNumber,
  normalisePostcode,
  normaliseText,
  searchKey,
} from './text.ts';
import { maskEmail } from '../../portal/mails.ts';
import { ADDRESS_CORPUS, KANA_CORPUS, NAME_CORPUS } from './text.corpus.ts';

describe('telephone and fax numbers', () => {
  test('full-width digits, every kind of hyphen and spaces become half-width digits and "-"', () => {
    const cases: [string, string][] = [
      ['03-1234-5678', '03-1234-5678'],
      ['０３－１２３４－５６７８', '03-1234-5678'],
      ['０３ー１２３４ー５６７８', '03-1234-5678'], // 長音
      ['03ｰ1234ｰ5678', '03-1234-5678'], // half-width 長音
      ['03‐1234‑5678', '03-1234-5678'], // hyphen, non-breaking hyphen
      ['03–1234—5678', '03-1234-5678'], // en dash, em dash
      ['03―1234−5678', '03-1234-5678'], // horizontal bar, minus sign
      ['03 1234 5678', '03-1234-5678'],
      ['０３　１２３４　５６７８', '03-1234-5678'], // full-width spaces
      [' 03 - 1234 - 5678 ', '03-1234-5678'],
      ['0312345678', '0312345678'],
      ['090-1234-5678', '090-1234-5678'],
      ['０１２０－１２３－４５６', '0120-123-456'],
    ];
    for (const [raw, expected] of cases) assert.deepEqual(normalisePhoneNumber(raw), { ok: true, value: expected }, raw);
  });

  test('empty input is no number', () => {
    assert.deepEqual(normalisePhoneNumber(''), { ok: true, value: null });
    assert.deepEqual(normalisePhoneNumber(' 　 '), { ok: true, value: null });
  });

  test('anything else is refused with the reason, not guessed at', () => {
    const cases: [string, string][] = [
      ['(03)1234-5678', 'characters'],
      ['03（1234）5678', 'characters'],
      ['+81-3-1234-5678', 'characters'],
      ['03-1234-5678 内線12', 'characters'],
      ['tel 0312345678', 'characters'],
      ['3-1234-5678', 'prefix'],
      ['03-1234-567', 'length'],
      ['090-1234-56789', 'length'],
    ];
    for (const [raw, problem] of cases) assert.deepEqual(normalisePhoneNumber(raw), { ok: false, problem }, raw);
  });
});

describe('other fields', () => {
  test('内線: digits (and hyphens), half-width, at most 10 characters', () => {
    assert.deepEqual(normaliseExtension('１２３４'), { ok: true, value: '1234' });
    assert.deepEqual(normaliseExtension(''), { ok: true, value: null });
    assert.deepEqual(normaliseExtension('内線12'), { ok: false, problem: 'characters' });
    assert.deepEqual(normaliseExtension('12345678901'), { ok: false, problem: 'length' });
  });

  test('e-mail typed in full width becomes ASCII', () => {
    assert.equal(normaliseEmail(' ｔａｎａｋａ＠ｅｘａｍｐｌｅ．ｊｐ '), 'tanaka@example.jp');
  });

  test('one line of text: NFKC, control characters and runs of spaces collapse', () => {
    assert.equal(normaliseLine('  ﾃｽﾄ\t件名\r\n２ '), 'テスト 件名 2');
  });

  test('free text keeps its lines, drops control characters', () => {
    assert.equal(normaliseText('一行目\r\n二行目\u0007\r三行目\n'), '一行目\n二行目\n三行目');
  });

  test('search keys ignore case and width', () => {
    assert.equal(searchKey('Ｇ－ＭＩＳ  Login'), 'g-mis login');
    assert.equal(searchKey('ﾊﾟｽﾜｰﾄﾞ'), 'パスワード');
  });

  test('a date and time typed in full width, with 長音 or full-width spaces, becomes ASCII', () => {
    assert.equal(normaliseDateTime('２０２６－１１－１３　０９：００'), '2026-11-13 09:00');
    assert.equal(normaliseDateTime(' 2026ー11ー13　 9:00 '), '2026-11-13 9:00');
    assert.equal(normaliseDateTime('２０２６／１２／０１'), '2026/12/01');
  });

  test('masked addresses keep the domain and the first letters only', () => {
    assert.equal(maskEmail('tanaka@example.jp'), 'ta****@example.jp');
    assert.equal(maskEmail('a@example.jp'), 'a****@example.jp');
  });
});

describe('master data: postcodes, codes, フリガナ and full-width text', () => {
  test('postcodes in any width, with 〒 or hyphens, become 7 digits; others are refused', () => {
    assert.equal(normalisePostcode('〒５３０－０００１'), '5300001');
    assert.equal(normalisePostcode('530-0001'), '5300001');
    assert.equal(normalisePostcode(' 530 0001 '), '5300001');
    assert.equal(normalisePostcode(''), null);
    assert.equal(normalisePostcode('530-001'), undefined);
    assert.equal(normalisePostcode('五三〇'), undefined);
  });

  test('codes: full-width letters and digits to half width, upper case, no spaces', () => {
    assert.equal(normaliseCode('ａｂ１２－３ '), 'AB12-3');
    assert.equal(normaliseCode('27 1 1234567'), '2711234567');
  });

  test('フリガナ: hiragana and half-width katakana become full-width katakana', () => {
    assert.equal(normaliseKana('おおさか びょういん'), 'オオサカ　ビョウイン');
    assert.equal(normaliseKana('ｵｵｻｶﾋﾞｮｳｲﾝ'), 'オオサカビョウイン');
    assert.equal(normaliseKana('ケーズ-クリニック'), 'ケーズークリニック');
    assert.ok(isKatakana('オオサカ　ビョウイン・ー'));
    assert.ok(!isKatakana('大阪'));
    assert.ok(!isKatakana('ABC'));
  });

  test('names and addresses are stored in full width', () => {
    assert.equal(normaliseFullWidth('梅田1-2-3 ABCビル 5F'), '梅田１－２－３　ＡＢＣビル　５Ｆ');
    assert.equal(normaliseFullWidth('ｻﾝﾌﾟﾙ医院'), 'サンプル医院');
    assert.equal(normaliseFullWidth('  北区\t梅田  '), '北区　梅田');
  });
});

describe('real institution names, フリガナ and addresses (stored forms written by hand)', () => {
  test('機関名: ー after kana is the prolonged sound mark and stays; 髙, 﨑 and other ideographs are kept as typed', () => {
    for (const [typed, stored] of NAME_CORPUS) assert.equal(normaliseFullWidth(typed), stored, typed);
  });

  test('住所: ー between digits or letters stands for a hyphen', () => {
    for (const [typed, stored] of ADDRESS_CORPUS) assert.equal(normaliseFullWidth(typed), stored, typed);
  });

  test('フリガナ keeps its ー', () => {
    for (const [typed, stored] of KANA_CORPUS) {
      assert.equal(normaliseKana(typed), stored, typed);
      assert.ok(isKatakana(stored), stored);
    }
  });

  test('a stored form is stored as it is (normalising again changes nothing)', () => {
    for (const [, stored] of [...NAME_CORPUS, ...ADDRESS_CORPUS]) assert.equal(normaliseFullWidth(stored), stored, stored);
    for (const [, stored] of KANA_CORPUS) assert.equal(normaliseKana(stored), stored, stored);
  });

  test('one line of text keeps ー and compatibility ideographs too', () => {
    assert.equal(normaliseLine('髙橋 センター長'), '髙橋 センター長');
    assert.equal(normaliseLine('宝\uFA10 太郎'), '宝\uFA10 太郎');
  });
});
