// 報告確認 (都道府県・保健所 and delegated associations): 確認, 差戻し, reporting windows and the
// publication setting, and their notices.
export const reportReview = {} as const;
