// Pages every origin shows when a request cannot be served (権限がない, …).
export const errors = {
  'forbidden.title': 'この画面を利用する権限がありません',
  'forbidden.message':
    'お使いのアカウントでは、この画面の表示や操作はできません。別のアカウントでログインしている場合はログインし直してください。ご不明な点はG-MIS事務局までお問い合わせください。',
} as const;
