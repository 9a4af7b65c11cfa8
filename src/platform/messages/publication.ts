// What 医療情報ネット shows of an institution: 公表停止 and its lifting, and the notices and mails
// about publication.
export const publication = {} as const;
