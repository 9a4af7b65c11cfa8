// What the 新規ユーザ登録申請 routes read besides the application itself (whose fields the domain
// checks: registration/application.ts): the button pressed at each step and the 申請番号 the done
// page shows. A press that names no step is the step's main button, as before.
import { z } from 'zod';
import { APPLICATION_NUMBER_PATTERN } from '../../../registration/application.ts';

/** What an application field may carry back into the page (the longest field allows 400 characters). */
export const APPLICATION_FIELD_READ_MAX = 1000;

export const STEP_FIELDS = ['intent'] as const;
/** What is read of the button's value. */
export const STEP_READ_MAX = 20;

/** The form's buttons: 住所検索, 市区町村を表示, or 入力内容を確認する (any other press, Enter in a field among them). */
export const formStep = z.object({ intent: z.enum(['lookup', 'municipalities', 'confirm']).catch('confirm') });

/** The confirmation page's buttons: 修正する, or 申請する (any other press). */
export const submitStep = z.object({ intent: z.enum(['back', 'submit']).catch('submit') });

/** The done page (?number=A-…): only a number in the shape of one is shown; anything else is none. */
export const doneQuery = z.object({ number: z.string().regex(APPLICATION_NUMBER_PATTERN).optional().catch(undefined) });
