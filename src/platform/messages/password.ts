// パスワードの決まり: what a new password must meet, for every kind of account.
export const password = {} as const;
