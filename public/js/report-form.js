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

// Saving as the user goes: a few seconds after the last change the form is saved in the background
// (a new version, 報告中 — nothing is reported), and the page keeps the version it now stands on. If
// the report was saved elsewhere meanwhile, nothing is overwritten: the page says so, and 保存する
// then shows both sides. Without JavaScript the user saves with the buttons.
const AUTOSAVE_MS = 5000;
if (form instanceof HTMLFormElement) {
  const status = form.querySelector('[data-autosave-status]');
  const base = form.querySelector('input[name="base_version"]');
  let timer;
  // Saves one after another, each on the version the one before left (two at once would conflict with each other).
  let queue = Promise.resolve();
  let pending = 0;
  let stopped = false;
  const say = (text) => {
    if (status) status.textContent = text;
  };
  const autosave = async () => {
    if (stopped || !(base instanceof HTMLInputElement)) return;
    const body = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (typeof value === 'string') body.append(name, value);
    say('保存しています…');
    try {
      const res = await fetch(form.action, { method: 'POST', body, headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      const answer = await res.json();
      if (res.ok && answer.saved) {
        base.value = String(answer.version);
        say(
          answer.problems > 0
            ? `自動で保存しました（第${answer.version}版）。直す必要がある項目が${answer.problems}件あります。「保存する」を押すと確かめられます。`
            : `自動で保存しました（第${answer.version}版）。まだ報告はされていません。`,
        );
      } else if (answer.conflict) {
        stopped = true;
        say('別の画面でこの報告が保存されたため、自動の保存を止めました。「保存する」を押すと、二つの内容を見比べて選べます。');
      } else {
        stopped = true;
        say('この報告はいま保存できません。報告の画面に戻って状態を確かめてください。');
      }
    } catch {
      say('自動の保存ができませんでした。通信を確かめて「保存する」を押してください。');
    }
  };
  form.addEventListener('input', () => {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(() => {
      pending += 1;
      queue = queue.then(autosave).finally(() => (pending -= 1));
    }, AUTOSAVE_MS);
  });
  // Armed: a change from now on is saved (tests wait for this before typing).
  form.dataset.autosave = 'armed';
  form.addEventListener('submit', (event) => {
    clearTimeout(timer);
    // A background save still on its way: send the form once it has its version.
    if (pending > 0) {
      event.preventDefault();
      const button = event.submitter;
      queue.then(() => form.requestSubmit(button instanceof HTMLButtonElement ? button : undefined));
    }
  });
}
