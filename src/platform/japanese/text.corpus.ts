// Real-world institution names, フリガナ and addresses as people type them, with the stored form written
// by hand (not computed by the normaliser): the prolonged sound mark ー after kana, 髙 and 﨑, full-width
// and half-width Latin and katakana, 医療法人社団 and other corporate prefixes, hyphens in addresses.
// Used by the normaliser's unit tests and by the form fuzz.

/** [typed, stored] for 機関名 (normaliseFullWidth). */
export const NAME_CORPUS: ReadonlyArray<readonly [typed: string, stored: string]> = [
  ['国立がん研究センター中央病院', '国立がん研究センター中央病院'],
  ['国立がん研究ｾﾝﾀｰ中央病院', '国立がん研究センター中央病院'],
  ['医療法人社団　髙橋クリニック', '医療法人社団　髙橋クリニック'],
  ['医療法人社団 髙橋クリニック', '医療法人社団　髙橋クリニック'],
  ['山﨑歯科医院', '山﨑歯科医院'],
  ['ＡＢＣメディカルセンター', 'ＡＢＣメディカルセンター'],
  ['ABCメディカルセンター', 'ＡＢＣメディカルセンター'],
  ['社会医療法人財団　慈泉会　相澤病院', '社会医療法人財団　慈泉会　相澤病院'],
  ['社会医療法人財団 董仙会 恵寿総合病院', '社会医療法人財団　董仙会　恵寿総合病院'],
  ['ＪＣＨＯ東京新宿メディカルセンター', 'ＪＣＨＯ東京新宿メディカルセンター'],
  ['NTT東日本関東病院', 'ＮＴＴ東日本関東病院'],
  ['医療法人社団ＫＮＩ　北原国際病院', '医療法人社団ＫＮＩ　北原国際病院'],
  ['ファミリーデンタルクリニック', 'ファミリーデンタルクリニック'],
  ['ｺﾞｰｺﾞｰ薬局', 'ゴーゴー薬局'],
  ['スーパー・ドラッグ・ニュー薬局', 'スーパー・ドラッグ・ニュー薬局'],
  ['らーめん通り診療所', 'らーめん通り診療所'],
  ['さくらレディースクリニック２１', 'さくらレディースクリニック２１'],
  ['ヴィーナス助産院', 'ヴィーナス助産院'],
  ['医療法人 ＡーＯＮＥ会 クリニック', '医療法人　Ａ－ＯＮＥ会　クリニック'],
  ['宝塚市立病院', '宝塚市立病院'],
  ['宝\uFA10市立病院', '宝\uFA10市立病院'], // 塚 as the compatibility ideograph some name lists carry
  ['\u{20BB7}野クリニック', '\u{20BB7}野クリニック'], // 𠮷 (outside the BMP)
];

/** [typed, stored] for 住所・建物名 (normaliseFullWidth). */
export const ADDRESS_CORPUS: ReadonlyArray<readonly [typed: string, stored: string]> = [
  ['中央区築地5-1-1', '中央区築地５－１－１'],
  ['中央区築地５ー１ー１', '中央区築地５－１－１'],
  ['中央区築地5ｰ1ｰ1', '中央区築地５－１－１'],
  ['中央区築地５−１−１', '中央区築地５－１－１'],
  ['北区梅田3ー1ー1 グランフロント大阪タワーB 10F', '北区梅田３－１－１　グランフロント大阪タワーＢ　１０Ｆ'],
  ['センタービル3ー2', 'センタービル３－２'],
  ['大手前２丁目１番ー３', '大手前２丁目１番－３'],
  ['ＡーＢ棟', 'Ａ－Ｂ棟'],
  ['１ーー２', '１－－２'],
];

/** [typed, stored] for フリガナ (normaliseKana). */
export const KANA_CORPUS: ReadonlyArray<readonly [typed: string, stored: string]> = [
  ['コクリツガンケンキュウセンターチュウオウビョウイン', 'コクリツガンケンキュウセンターチュウオウビョウイン'],
  ['こくりつがんけんきゅうせんたーちゅうおうびょういん', 'コクリツガンケンキュウセンターチュウオウビョウイン'],
  ['ｺｸﾘﾂｶﾞﾝｹﾝｷｭｳｾﾝﾀｰﾁｭｳｵｳﾋﾞｮｳｲﾝ', 'コクリツガンケンキュウセンターチュウオウビョウイン'],
  ['イリョウホウジンシャダン　タカハシクリニック', 'イリョウホウジンシャダン　タカハシクリニック'],
  ['ごーごーやっきょく', 'ゴーゴーヤッキョク'],
  ['ヴィーナスジョサンイン', 'ヴィーナスジョサンイン'],
];
