// A report of 医療機能情報 / 薬局機能情報 and its states (drawn in state.mermaid): saving is not
// reporting; 報告 hands it to the prefecture, which 確認 (publishes) or 差戻し (returns) it; the
// institution may take it back (引き戻し) until then, or discard one it has not handed in.
import { OPEN_REPORT_STATES, REPORT_KINDS, REPORT_STATES, type ReportKind, type ReportState } from '../db/schema.ts';

// The kinds and states are the columns' types (schema.ts); their meaning is here.
export { REPORT_KINDS, REPORT_STATES, type ReportKind, type ReportState };

export const REPORT_KIND_LABELS: Record<ReportKind, string> = {
  new: '新規報告',
  periodic: '定期報告',
  change: '随時報告',
  suspension: '休止',
  closure: '廃止',
  resumption: '再開',
};

/** 新規報告 and 定期報告 complete a fiscal year's report (the April 1 job reads them). */
export const ANNUAL_KINDS: readonly ReportKind[] = ['new', 'periodic'];
/** 休止・廃止・再開: reported as a 随時報告 of the institution's status, with the status catalogue. */
export const STATUS_KINDS: readonly ReportKind[] = ['suspension', 'closure', 'resumption'];

export const REPORT_STATE_LABELS: Record<ReportState, string> = {
  draft: '報告中',
  submitted: '報告済',
  resubmitted: '再報告済',
  returned: '差戻し',
  accepted: '確認済',
  discarded: '破棄',
};

/** 未報告: no annual report of the fiscal year (not a state of a report; the home and the list derive it). */
export const UNREPORTED_LABEL = '未報告';

export const REPORT_EVENTS = ['save', 'submit', 'withdraw', 'accept', 'return', 'discard'] as const;
export type ReportEvent = (typeof REPORT_EVENTS)[number];

/** A report begins as a draft (its version 1 is the prefill). */
export const INITIAL_STATE: ReportState = 'draft';

/** Every allowed transition; an event not listed for a state is refused. */
export const TRANSITIONS: ReadonlyArray<{ from: ReportState; event: ReportEvent; to: ReportState }> = [
  { from: 'draft', event: 'save', to: 'draft' },
  { from: 'returned', event: 'save', to: 'returned' },
  { from: 'draft', event: 'submit', to: 'submitted' },
  { from: 'returned', event: 'submit', to: 'resubmitted' },
  { from: 'submitted', event: 'withdraw', to: 'draft' },
  { from: 'resubmitted', event: 'withdraw', to: 'returned' },
  { from: 'submitted', event: 'accept', to: 'accepted' },
  { from: 'resubmitted', event: 'accept', to: 'accepted' },
  { from: 'submitted', event: 'return', to: 'returned' },
  { from: 'resubmitted', event: 'return', to: 'returned' },
  { from: 'draft', event: 'discard', to: 'discarded' },
  { from: 'returned', event: 'discard', to: 'discarded' },
];

const NEXT = new Map(TRANSITIONS.map((t) => [`${t.from} ${t.event}`, t.to]));

/** The state after `event`, or undefined when the event is refused in `state`. */
export function nextState(state: ReportState, event: ReportEvent): ReportState | undefined {
  return NEXT.get(`${state} ${event}`);
}

/** The states from which `event` is allowed (what a conditional UPDATE puts in its WHERE). */
export function statesAllowing(event: ReportEvent): ReportState[] {
  return REPORT_STATES.filter((s) => nextState(s, event) !== undefined);
}

/** The institution may change the values (save) and discard. */
export const EDITABLE_STATES: readonly ReportState[] = statesAllowing('save');
/** Handed in, waiting for the prefecture (引き戻し possible). */
export const PENDING_STATES: readonly ReportState[] = statesAllowing('accept');
/** Not finished: at most one such report per institution (the unique index reports_one_open). */
export const OPEN_STATES: readonly ReportState[] = OPEN_REPORT_STATES;
/** States in which an annual report counts as made (the institution pressed 報告). */
export const REPORTED_STATES: readonly ReportState[] = ['submitted', 'resubmitted', 'returned', 'accepted'];

export const isOpen = (state: ReportState): boolean => OPEN_STATES.includes(state);
export const isEditable = (state: ReportState): boolean => EDITABLE_STATES.includes(state);
export const isPending = (state: ReportState): boolean => PENDING_STATES.includes(state);
