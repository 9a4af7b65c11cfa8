import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALWAYS_OPEN, closedWindow, windowState } from './window.ts';

const t = (h: number) => Date.UTC(2026, 10, 13, h) - 9 * 3_600_000; // 2026-11-13 h:00 Japan time

test('nothing set: open', () => {
  assert.deepEqual(windowState(ALWAYS_OPEN, t(9)), { open: true, closesAt: null });
});

test('a window opens and closes on time, and says when it opens while it is ahead', () => {
  const w = { opensAt: t(9), closesAt: t(17) };
  assert.deepEqual(windowState(w, t(8)), { open: false, opensAt: t(9) });
  assert.deepEqual(windowState(w, t(9)), { open: true, closesAt: t(17) });
  assert.deepEqual(windowState(w, t(17)), { open: false, opensAt: null });
});

test('closing now, with or without a reopening time', () => {
  assert.deepEqual(windowState(closedWindow(t(8), null), t(8)), { open: false, opensAt: null });
  assert.deepEqual(windowState(closedWindow(t(8), t(9)), t(8)), { open: false, opensAt: t(9) });
  assert.deepEqual(windowState(closedWindow(t(8), t(9)), t(10)), { open: true, closesAt: null });
});
