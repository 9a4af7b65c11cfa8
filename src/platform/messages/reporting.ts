// 医療機能情報提供制度 / 薬局機能情報提供制度 for the institution (G-MIS): why a report cannot be
// started, saved, submitted or taken back, and the notices after each step.
export const reporting = {} as const;
