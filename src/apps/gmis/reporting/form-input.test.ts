// The report form shows what is stored: for every kind's full demo report, the inputs written out
// (inputsOf) read back by the catalogue's parseForm give the same values, every input is on the page
// with a label, and the copy buttons copy only inside the grid they belong to.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { INSTITUTION_KINDS } from '../../../db/schema.ts';
import { sectionFields, parseForm } from '../../../reporting/catalogue/form.ts';
import { catalogueFor } from '../../../reporting/catalogue/load.ts';
import { canonicalValues } from '../../../reporting/catalogue/values.ts';
import { demoValues } from '../../../reporting/demo-values.ts';
import { applyCopy, inputsOf } from './form-input.ts';
import { SectionPage } from './section-page.tsx';
import type { ReportView } from './report-page.tsx';
import type { Account, Report } from '../../../db/schema.ts';

describe('the report form’s inputs', () => {
  for (const kind of INSTITUTION_KINDS) {
    test(`${kind}: the demo report written out and read back is the same`, async () => {
      const cat = catalogueFor(2026, kind);
      const values = demoValues(kind, 2026);
      const input = inputsOf(sectionFields(cat, 'all'), values, {});
      const back = parseForm(cat, 'all', input, {});
      assert.deepEqual(back.problems, {});
      assert.deepEqual(canonicalValues(back.values), canonicalValues(values));

      // Every input is on the page, and every input on the page has a label or is inside one.
      const view: ReportView = {
        report: { id: 'r1', fiscal_year: 2026, kind: 'periodic', state: 'draft', current_version: 1 } as Report,
        institutionName: 'テスト',
        cat,
        version: { version: 1, values, invalid: {}, savedAt: 0, savedBy: null, source: 'form' },
      };
      const html = await SectionPage({ viewer: { display_name: 'テスト' } as Account, csrf: 'x', view, section: 'all', input, problems: {} });
      for (const name of Object.keys(input)) assert.ok(html.includes(`name="${name}"`), `${kind}: ${name} is not on the page`);
      for (const m of html.matchAll(/<input[^>]*type="text"[^>]*>/g)) {
        const id = /\sid="([^"]+)"/.exec(m[0])?.[1];
        assert.ok(id && html.includes(`for="${id}"`), `${kind}: no label for ${m[0].slice(0, 120)}`);
      }
    });
  }

  test('月曜 → 火〜金 copies the row’s Monday cells the form has, and nothing else', () => {
    const form = {
      't.basic.hours.hours.01001.1.mon.care.s': '09:00',
      't.basic.hours.hours.01001.1.mon.care.e': '12:00',
      't.basic.hours.hours.01001.1.tue.care.s': '',
      't.basic.hours.hours.01001.1.fri.care.e': '10:00',
      't.basic.hours.hours.01001.1.sat.care.s': '',
      't.basic.hours.hours.02001.1.tue.care.s': '',
    };
    const out = applyCopy(form, { action: 'mon_to_weekdays', owner: 'basic.hours.hours', row: '01001' });
    assert.equal(out['t.basic.hours.hours.01001.1.tue.care.s'], '09:00');
    assert.equal(out['t.basic.hours.hours.01001.1.fri.care.e'], '12:00');
    assert.equal(out['t.basic.hours.hours.01001.1.sat.care.s'], '', 'Saturday untouched');
    assert.equal(out['t.basic.hours.hours.02001.1.tue.care.s'], '', 'another department untouched');
    assert.equal('t.basic.hours.hours.01001.1.wed.care.s' in out, false, 'no input the form does not have');
  });

  test('one department’s times → every department of the grid', () => {
    const form = {
      't.basic.hours.hours.01001.1.mon.care.s': '09:00',
      't.basic.hours.hours.01001.1.mon.care.e': '12:00',
      't.basic.hours.hours.02001.1.mon.care.s': '',
      't.basic.hours.hours.02001.1.mon.care.e': '13:00',
      't.basic.hours.hours.03001.1.mon.care.s': '',
      't.other.grid.01001.1.mon.care.s': '',
    };
    const out = applyCopy(form, { action: 'all_rows', owner: 'basic.hours.hours', row: '01001' });
    assert.equal(out['t.basic.hours.hours.02001.1.mon.care.s'], '09:00');
    assert.equal(out['t.basic.hours.hours.02001.1.mon.care.e'], '12:00');
    assert.equal(out['t.basic.hours.hours.03001.1.mon.care.s'], '09:00');
    assert.equal(out['t.other.grid.01001.1.mon.care.s'], '', 'another grid untouched');
  });
});
