// 所管 (which health centre covers which municipality): the office's and the prefecture's changes.
export const jurisdiction = {} as const;
