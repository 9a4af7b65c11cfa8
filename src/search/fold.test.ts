// Folding for the search: the same folded form for what the data writes and what people type.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { fold, gramsOf, keywordTerms, splitName, termGrams } from './fold.ts';

test('全角/半角: full-width Latin and digits become ASCII, half-width katakana full width, all lower case', () => {
  assert.equal(fold('Ｃｌｉｎｉｃ'), 'clinic');
  assert.equal(fold('ABC内科'), 'abc内科');
  assert.equal(fold('１２３'), '123');
  assert.equal(fold('ﾀﾅｶｸﾘﾆｯｸ'), fold('タナカクリニック'));
});

test('カタカナ/ひらがな fold one way, small kana as large', () => {
  assert.equal(fold('タナカ'), 'たなか');
  assert.equal(fold('たなか'), 'たなか');
  assert.equal(fold('イリョウ'), fold('イリヨウ'));
  assert.equal(fold('クリニック'), 'くりにつく');
  assert.equal(fold('ヴ'), 'ゔ');
  assert.equal(fold('ヶ'), 'け');
});

test('variant kanji fold to one form; different characters stay different', () => {
  assert.equal(fold('髙橋医院'), fold('高橋医院'));
  assert.equal(fold('山﨑クリニック'), fold('山崎クリニック'));
  assert.equal(fold('宮嵜'), fold('宮崎'));
  assert.equal(fold('渡邊'), fold('渡辺'));
  assert.equal(fold('渡邉'), fold('渡辺'));
  assert.equal(fold('濵田'), fold('浜田'));
  assert.equal(fold('濱田'), fold('浜田'));
  assert.equal(fold('德永'), fold('徳永'));
  assert.equal(fold('齋藤'), fold('斎藤'));
  assert.equal(fold('齊藤'), fold('斉藤'));
  assert.notEqual(fold('斎藤'), fold('斉藤'));
  assert.equal(fold('𠮷田'), fold('吉田'));
  assert.equal(fold('田中醫院'), fold('田中医院'));
  assert.equal(fold('齒科'), fold('歯科'));
  assert.equal(fold('廣島'), fold('広島'));
  assert.equal(fold('澤田'), fold('沢田'));
  assert.equal(fold('櫻井'), fold('桜井'));
  assert.equal(fold('國立'), fold('国立'));
  assert.notEqual(fold('埼玉'), fold('崎玉'));
  // a compatibility ideograph NFKC already unifies (塚 U+FA10)
  assert.equal(fold('大\uFA10'), fold('大塚'));
});

test('spaces, punctuation, symbols and the long-vowel mark are dropped', () => {
  assert.equal(fold('東京都 港区　六本木１－２－３'), '東京都港区六本木123');
  assert.equal(fold('センター'), 'せんた');
  assert.equal(fold('ｾﾝﾀｰ'), 'せんた');
  assert.equal(fold('血液・腫瘍内科'), '血液腫瘍内科');
  assert.equal(fold('㈱ケア'), '株けあ');
  assert.equal(fold('佐々木'), '佐々木');
  assert.equal(fold('・・・'), '');
});

test('the legal-entity prefix and the corporation name are split off the name, and off its フリガナ', () => {
  assert.deepEqual(splitName('医療法人社団 田中会 田中クリニック'), { own: '田中くりにつく', entity: '医療法人社団田中会' });
  assert.deepEqual(splitName('医療法人社団田中会'), { own: '田中会', entity: '医療法人社団' });
  assert.deepEqual(splitName('医療法人 田中医院'), { own: '田中医院', entity: '医療法人' });
  assert.deepEqual(splitName('医療法人 社団　緑会　みどり内科'), { own: 'みどり内科', entity: '医療法人社団緑会' });
  assert.deepEqual(splitName('（医）健友会　山田医院'), { own: '山田医院', entity: '医健友会' });
  assert.deepEqual(splitName('社会医療法人 北斗会 北斗病院'), { own: '北斗病院', entity: '社会医療法人北斗会' });
  assert.deepEqual(splitName('イリョウホウジンシャダン タナカカイ タナカクリニック'), {
    own: 'たなかくりにつく',
    entity: 'いりようほうじんしやだんたなかかい',
  });
  assert.deepEqual(splitName('田中クリニック'), { own: '田中くりにつく', entity: '' });
  // a name that is only the prefix keeps it as its own name
  assert.deepEqual(splitName('医療法人'), { own: '医療法人', entity: '' });
});

test('grams: every unigram and bigram of each field, none across fields, each once; surrogate pairs are one character', () => {
  assert.deepEqual(gramsOf(['内科', '眼科']), ['内', '内科', '科', '眼', '眼科']);
  assert.deepEqual(gramsOf(['𠮷']), ['𠮷']);
  assert.deepEqual(gramsOf(['あ𠮷い']), ['あ', 'あ𠮷', '𠮷', '𠮷い', 'い']);
  assert.ok(!gramsOf(['ab', 'cd']).includes('bc'));
});

test('keyword terms: split on any space, folded, empty and repeated terms dropped; what a term looks up', () => {
  assert.deepEqual(keywordTerms('港区　内科 ナイカ 内科 ・'), ['港区', '内科', 'ないか']);
  assert.deepEqual(termGrams('眼'), ['眼']);
  assert.deepEqual(termGrams('内科'), ['内科']);
  assert.deepEqual(termGrams('循環器'), ['循環', '環器']);
  assert.deepEqual(termGrams('ああああ'), ['ああ']);
});

test('folding is the same call after call, and for long texts', () => {
  for (let i = 0; i < 3; i++) assert.equal(fold('髙橋と﨑'), '高橋と崎');
  const long = 'タカハシ髙'.repeat(5000);
  assert.equal(fold(long), 'たかはし高'.repeat(5000));
});

test('the one-pass fold equals the plain definition: NFKC, lower case, variants, kana, then letters and digits only', () => {
  const variants = new Map(
    readFileSync(new URL('./data/variants.csv', import.meta.url), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',') as [string, string]),
  );
  const small: Record<string, string> = {
    ぁ: 'あ',
    ぃ: 'い',
    ぅ: 'う',
    ぇ: 'え',
    ぉ: 'お',
    っ: 'つ',
    ゃ: 'や',
    ゅ: 'ゆ',
    ょ: 'よ',
    ゎ: 'わ',
    ゕ: 'か',
    ゖ: 'け',
  };
  const reference = (s: string) =>
    [...s.normalize('NFKC').toLowerCase()]
      .map((c) => variants.get(c) ?? c)
      .map((c) => {
        const code = c.codePointAt(0)!;
        const hira = (code >= 0x30a1 && code <= 0x30f6) || code === 0x30fd || code === 0x30fe ? String.fromCodePoint(code - 0x60) : c;
        return small[hira] ?? hira;
      })
      .filter((c) => c !== 'ー' && /^[\p{L}\p{N}]$/u.test(c))
      .join('');
  const pieces = [...'あァヵヶｶﾞｰー－-・ 　　ＡｂＣ１２髙﨑𠮷邉齊德塚①㈱é\u3099ゝヽヾゞ゠ヿ漢字々〆〇Ωß'];
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3, unit: 'grapheme' })), { maxLength: 20 }), (parts) => {
      const s = parts.join('');
      assert.equal(fold(s), reference(s), JSON.stringify(s));
    }),
    { numRuns: 2000 },
  );
});
