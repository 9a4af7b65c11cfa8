// お気に入り病院等, kept in this browser's localStorage (no account, nothing sent): the facility page's
// 「お気に入りに追加」 toggle and the list at /favourites. The server renders both hidden with their
// words in data attributes; without JavaScript or storage they stay hidden (the list's <noscript> says why).
const KEY = 'navi.favourites';
const MAX = 200;

/** The stored list, newest first: [{ id, name, nameEn, kind, address, addedAt }]. */
function load() {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((f) => f && typeof f.id === 'string' && typeof f.name === 'string') : [];
  } catch {
    return [];
  }
}

function save(list) {
  localStorage.setItem(KEY, JSON.stringify(list.slice(0, MAX)));
}

function storageWorks() {
  try {
    localStorage.setItem(`${KEY}.probe`, '1');
    localStorage.removeItem(`${KEY}.probe`);
    return true;
  } catch {
    return false;
  }
}

const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, k) => String(values[k] ?? ''));

// ── The facility page's toggle ────────────────────────────────────────────
for (const toggle of document.querySelectorAll('[data-favourite-toggle]')) {
  if (!(toggle instanceof HTMLElement) || !storageWorks()) continue;
  const button = toggle.querySelector('[data-favourite-button]');
  const status = toggle.querySelector('[data-favourite-status]');
  if (!(button instanceof HTMLButtonElement)) continue;
  const d = toggle.dataset;
  const kept = () => load().some((f) => f.id === d.id);
  const show = () => {
    const on = kept();
    button.textContent = on ? d.remove : d.add;
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
  };
  button.addEventListener('click', () => {
    const list = load().filter((f) => f.id !== d.id);
    const adding = !kept();
    if (adding) list.unshift({ id: d.id, name: d.name, nameEn: d.nameEn || null, kind: d.kind, address: d.address ?? '', addedAt: new Date().toISOString() });
    save(list);
    show();
    if (status) status.textContent = adding ? d.added : d.removed;
  });
  show();
  toggle.hidden = false;
}

// ── The list at /favourites ───────────────────────────────────────────────
for (const area of document.querySelectorAll('[data-favourites]')) {
  if (!(area instanceof HTMLElement)) continue;
  const d = area.dataset;
  const listEl = area.querySelector('[data-favourites-list]');
  const empty = area.querySelector('[data-favourites-empty]');
  const count = area.querySelector('[data-favourites-count]');
  const status = area.querySelector('[data-favourites-status]');
  if (!(listEl instanceof HTMLElement) || !(empty instanceof HTMLElement) || !(count instanceof HTMLElement)) continue;
  area.hidden = false;
  if (!storageWorks()) {
    empty.textContent = d.unavailable ?? '';
    empty.hidden = false;
    continue;
  }
  const english = d.lang === 'en';
  const kinds = JSON.parse(d.kinds || '{}');
  const query = english ? '?lang=en' : '';

  const render = () => {
    const list = load();
    count.textContent = fill(list.length === 1 ? d.countOne : d.count, { n: list.length });
    empty.hidden = list.length > 0;
    listEl.replaceChildren(
      ...list.map((f) => {
        const name = english && f.nameEn ? f.nameEn : f.name;
        const item = document.createElement('li');
        item.className = 'favourite';
        const text = document.createElement('p');
        text.className = 'favourite__text';
        const kind = document.createElement('span');
        kind.className = 'favourite__kind';
        kind.textContent = kinds[f.kind] ?? f.kind ?? '';
        const link = document.createElement('a');
        link.className = 'favourite__name';
        link.href = `/facilities/${encodeURIComponent(f.id)}${query}`;
        link.textContent = name;
        if (english && !f.nameEn) link.lang = 'ja';
        text.append(kind, link);
        if (f.address) {
          const address = document.createElement('span');
          address.className = 'favourite__address';
          address.textContent = f.address;
          if (english) address.lang = 'ja';
          text.append(address);
        }
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.className = 'button button--secondary button--small';
        remove.textContent = d.removeLabel ?? '';
        remove.setAttribute('aria-label', fill(d.removeOne ?? '', { name }));
        remove.addEventListener('click', () => {
          save(load().filter((x) => x.id !== f.id));
          render();
          if (status) status.textContent = fill(d.removedOne ?? '', { name });
          count.focus();
        });
        item.append(text, remove);
        return item;
      }),
    );
  };
  count.tabIndex = -1;
  render();
  // Another tab added or removed one.
  window.addEventListener('storage', (e) => {
    if (e.key === KEY) render();
  });
}
