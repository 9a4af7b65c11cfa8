// The report form's timetable copy buttons in the browser: 「月曜の時間を火〜金にコピー」 and
// 「すべての診療科に同じ時間を設定」 fill the inputs at once instead of saving the page. Without
// JavaScript they are submit buttons and the server does the same copy (form-input.ts applyCopy);
// nothing is saved here — the user presses 保存する as usual.
const WEEKDAYS = ['tue', 'wed', 'thu', 'fri'];

/** The time inputs of one timetable row: name → input. Names: t.<owner>.<row>.<band>.<day>.<part>.<s|e>. */
function cellsOf(form, owner, row) {
  const prefix = `t.${owner}.${row}.`;
  const cells = new Map();
  for (const input of form.querySelectorAll('input[name^="t."]')) {
    if (input.name.startsWith(prefix)) cells.set(input.name.slice(prefix.length), input);
  }
  return cells;
}

function announce(form, text) {
  let status = form.querySelector('[data-copy-status]');
  if (!status) {
    status = document.createElement('p');
    status.setAttribute('data-copy-status', '');
    status.setAttribute('role', 'status');
    status.className = 'visually-hidden';
    form.prepend(status);
  }
  status.textContent = text;
}

const form = document.querySelector('form[data-report-form]');
if (form instanceof HTMLFormElement) {
  form.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-copy]') : null;
    if (!(button instanceof HTMLButtonElement)) return;
    const m = /^(mon_to_weekdays|all_rows):([a-z][a-z0-9_.]*):([A-Za-z0-9_-]+)$/.exec(button.value);
    if (!m) return;
    event.preventDefault();
    const [, action, owner, row] = m;
    const source = cellsOf(form, owner, row);
    if (action === 'mon_to_weekdays') {
      for (const [rest, input] of source) {
        const [band, day, part, end] = rest.split('.');
        if (day !== 'mon') continue;
        for (const to of WEEKDAYS) {
          const target = source.get(`${band}.${to}.${part}.${end}`);
          if (target) target.value = input.value;
        }
      }
      announce(form, '月曜の時間を火曜から金曜にコピーしました。保存するまでは保存されません。');
      return;
    }
    const rows = new Set();
    for (const input of form.querySelectorAll(`input[name^="t.${owner}."]`)) {
      const r = input.name.slice(owner.length + 3).split('.')[0];
      if (r && r !== row) rows.add(r);
    }
    for (const r of rows) {
      const target = cellsOf(form, owner, r);
      for (const [rest, input] of source) {
        const t = target.get(rest);
        if (t) t.value = input.value;
      }
    }
    announce(form, 'この診療科の時間を、すべての診療科に設定しました。保存するまでは保存されません。');
  });
}
