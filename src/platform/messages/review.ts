// G-MIS 申請審査 (都道府県・保健所 and the office): 承認, 差し戻し, 却下 and their notices.
export const review = {} as const;
