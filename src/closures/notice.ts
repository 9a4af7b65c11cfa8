// What 医療情報ネット's facility page says of 臨時休診: the closures that have not ended and start
// within two weeks, each with its days, 休診 or the changed hours, the reason and the note.
import type { Db } from '../db/dialect.ts';
import type { ClosureMode } from '../db/schema.ts';
import { jstDateOf } from '../reporting/fiscal-year.ts';
import { addDays, bandsOf, formatBands } from './closure.ts';
import { facilityClosures } from './closure-repository.ts';

/** Shown from this many days before a closure starts. */
export const NOTICE_DAYS_BEFORE = 14;

export interface ClosureNotice {
  startsOn: string;
  endsOn: string;
  mode: ClosureMode;
  /** 10:00〜15:00 (時間変更), else empty. */
  hours: string;
  reason: string;
  note: string | null;
}

export async function noticeOfClosures(db: Db, facilityId: string, now: number): Promise<ClosureNotice[]> {
  const today = jstDateOf(now);
  const rows = await facilityClosures(db, facilityId, today, addDays(today, NOTICE_DAYS_BEFORE));
  return rows.map((c) => ({ startsOn: c.starts_on, endsOn: c.ends_on, mode: c.mode, hours: formatBands(bandsOf(c)), reason: c.reason, note: c.note }));
}
