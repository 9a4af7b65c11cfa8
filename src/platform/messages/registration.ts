// 新規ユーザ登録申請: the form names what to choose or check, never a code or a range.
export const registration = {
  'registration.kind.unknown': '機関区分を一覧から選んでください。',
  'registration.prefecture.unknown': '都道府県を一覧から選んでください。',
  'registration.prefecture.outside_reach': (own: string) => `代理申請できるのは${own}の機関だけです。都道府県は${own}を選んでください。`,
  'registration.municipality.unknown': '市区町村を一覧から選んでください。一覧が空のときは、先に都道府県を選んで「市区町村を表示」を押してください。',
  'registration.municipality.other_prefecture': (place: string, prefecture: string) =>
    `${place}は${prefecture}の市区町村ではありません。市区町村を選び直してください。`,
  'registration.insurance.shape': '保険機関コードは10桁の数字で入力してください。保険医療機関の指定を受けていない場合は空欄にしてください。',
  'registration.insurance.other_prefecture': '保険機関コードが所在地の都道府県のものになっていません。保険機関コードと都道府県をご確認ください。',
  'registration.insurance.other_kind': (kind: string) => `保険機関コードが${kind}のものになっていません。保険機関コードと機関区分をご確認ください。`,
  'registration.postcode.other_prefecture': (found: string) => `この郵便番号は${found}の住所です。郵便番号と都道府県をご確認ください。`,
  'registration.postcode.outside_reach': (found: string, own: string) =>
    `この郵便番号は${found}の住所です。代理申請できるのは${own}の機関だけです。郵便番号をご確認ください。`,
  'registration.postcode.missing_for_lookup': '郵便番号を7桁の数字で入力してから「住所検索」を押してください。',
  'registration.department_number.characters': '担当部署番号は数字とハイフン（-）で入力してください。',
  'registration.department_number.too_long': '担当部署番号は10文字以内で入力してください。',
  'registration.contact_name.required': '担当者氏名を入力してください。',
  'registration.email_confirm.mismatch': '確認用のメールアドレスが一致しません。もう一度入力してください。',
  'registration.rate_limited': '申請が続けて送られたため、受け付けを一時停止しています。',
  'registration.rate_limited.text': '入力内容はそのまま残っています。1時間ほどたってから、もう一度「入力内容を確認する」を押してください。',
  'registration.draft_expired': '時間がたったため、入力内容の確認をやり直してください。',
  'registration.draft_expired.text': '入力した内容はそのまま残っています。内容を確かめて、もう一度「入力内容を確認する」を押してください。',
  'registration.already_resubmitted': 'この申請は、すでに送り直されています。',
  'registration.already_resubmitted.text': '同じ内容をもう一度送る必要はありません。結果は都道府県からのメールでお知らせします。',
  'registration.return_link.used': 'このリンクはすでに使われています。',
  'registration.return_link.expired': 'このリンクは有効期限が切れています。',
  'registration.return_link.unknown': 'このリンクは使えません。',
} as const;
