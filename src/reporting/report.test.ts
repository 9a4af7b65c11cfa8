// The report state machine: every allowed transition, every refused event, and the diagram in
// state.mermaid drawing exactly the table.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  EDITABLE_STATES,
  INITIAL_STATE,
  OPEN_STATES,
  PENDING_STATES,
  REPORT_EVENTS,
  REPORT_KIND_LABELS,
  REPORT_KINDS,
  REPORT_STATE_LABELS,
  REPORT_STATES,
  REPORTED_STATES,
  nextState,
  statesAllowing,
  TRANSITIONS,
  type ReportEvent,
  type ReportState,
} from './report.ts';

const ALLOWED: Record<ReportState, Partial<Record<ReportEvent, ReportState>>> = {
  draft: { save: 'draft', submit: 'submitted', discard: 'discarded' },
  submitted: { withdraw: 'draft', accept: 'accepted', return: 'returned' },
  resubmitted: { withdraw: 'returned', accept: 'accepted', return: 'returned' },
  returned: { save: 'returned', submit: 'resubmitted', discard: 'discarded' },
  accepted: {},
  discarded: {},
};

test('every allowed transition goes where plan section 5 says', () => {
  for (const state of REPORT_STATES)
    for (const [event, to] of Object.entries(ALLOWED[state])) assert.equal(nextState(state, event as ReportEvent), to, `${state} ${event}`);
});

test('every other event is refused in every state', () => {
  let refused = 0;
  for (const state of REPORT_STATES)
    for (const event of REPORT_EVENTS)
      if (!(event in ALLOWED[state])) {
        assert.equal(nextState(state, event), undefined, `${state} ${event} should be refused`);
        refused++;
      }
  assert.equal(refused, REPORT_STATES.length * REPORT_EVENTS.length - TRANSITIONS.length);
});

test('accepted and discarded are final; a report starts as a draft', () => {
  assert.equal(INITIAL_STATE, 'draft');
  for (const s of ['accepted', 'discarded'] as const) assert.deepEqual(statesAllowing('save').includes(s), false);
  for (const event of REPORT_EVENTS) {
    assert.equal(nextState('accepted', event), undefined);
    assert.equal(nextState('discarded', event), undefined);
  }
});

test('the state groups follow from the table', () => {
  assert.deepEqual([...EDITABLE_STATES], ['draft', 'returned']);
  assert.deepEqual([...PENDING_STATES], ['submitted', 'resubmitted']);
  assert.deepEqual(statesAllowing('withdraw'), ['submitted', 'resubmitted']);
  assert.deepEqual(statesAllowing('discard'), ['draft', 'returned']);
  // Open = not final; reported = pressed 報告 at some point and not taken back.
  assert.deepEqual(
    [...OPEN_STATES],
    REPORT_STATES.filter((s) => REPORT_EVENTS.some((e) => nextState(s, e) !== undefined)),
  );
  assert.deepEqual([...REPORTED_STATES], ['submitted', 'resubmitted', 'returned', 'accepted']);
});

test('every state and kind has a Japanese label', () => {
  assert.deepEqual(Object.values(REPORT_STATE_LABELS), ['報告中', '報告済', '再報告済', '差戻し', '確認済', '破棄']);
  for (const k of REPORT_KINDS) assert.match(REPORT_KIND_LABELS[k], /[\u3040-\u30ff\u4e00-\u9fff]/);
});

test('state.mermaid draws exactly the transition table', () => {
  const text = readFileSync(new URL('./state.mermaid', import.meta.url), 'utf8');
  const drawn = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^\s*(\S+)\s+-->\s+(\S+)\s*(?::\s*(\S+))?\s*$/.exec(line);
    if (!m) continue;
    const [, from, to, event] = m;
    if (from === '[*]') {
      assert.equal(to, INITIAL_STATE, 'the start arrow');
      continue;
    }
    if (to === '[*]') {
      assert.ok(
        REPORT_EVENTS.every((e) => nextState(from as ReportState, e) === undefined),
        `${from} is drawn final but has transitions`,
      );
      continue;
    }
    drawn.add(`${from} ${event} ${to}`);
  }
  assert.deepEqual([...drawn].sort(), TRANSITIONS.map((t) => `${t.from} ${t.event} ${t.to}`).sort());
  for (const s of REPORT_STATES) assert.match(text, new RegExp(`^\\s*${s}: ${REPORT_STATE_LABELS[s]} \\(${s}\\)$`, 'm'), `label of ${s}`);
});
