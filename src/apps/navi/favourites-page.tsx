// お気に入り病院等: facilities a visitor keeps, in this browser only (localStorage; no account, nothing
// sent to the server). The facility page's 「お気に入りに追加」 and the list at /favourites are drawn by
// /static/js/favourites.js from what the server renders here: the words in both languages as data
// attributes, and a <noscript> that says the list needs JavaScript.
import type { InstitutionKind } from '../../db/schema.ts';
import { Layout } from '../../web/layout.tsx';
import type { Lang, TextSize } from './preferences.ts';

const SCRIPTS = ['/static/js/favourites.js'];

export const FAVOURITE_WORDS = {
  ja: {
    title: 'お気に入り病院等',
    lead: 'お気に入りに追加した医療機関・薬局です。このブラウザの中だけに保存され、サーバーには送られません。別のブラウザや端末では表示されません。',
    add: 'お気に入りに追加',
    remove: 'お気に入りから外す',
    added: 'お気に入りに追加しました。',
    removed: 'お気に入りから外しました。',
    see: 'お気に入り病院等を見る',
    empty: 'お気に入りはまだありません。医療機関・薬局のページの「お気に入りに追加」で追加できます。',
    removeOne: (name: string) => `${name}をお気に入りから外す`,
    removeLabel: '外す',
    removedOne: (name: string) => `${name}をお気に入りから外しました。`,
    count: (n: number) => `${n}件`,
    noscript:
      'お気に入りは、このブラウザの中に保存しています。一覧を表示するには、ブラウザのJavaScriptを有効にしてください。医療機関・薬局は、トップページの検索から探せます。',
    unavailable: 'このブラウザでは、お気に入りを保存できません（プライベートブラウズなどで保存が止められている可能性があります）。',
    search: '医療機関・薬局を探す',
  },
  en: {
    title: 'Favourites',
    lead: 'The hospitals, clinics and pharmacies you have added. They are kept in this browser only and are never sent to the server, so another browser or device does not show them.',
    add: 'Add to favourites',
    remove: 'Remove from favourites',
    added: 'Added to your favourites.',
    removed: 'Removed from your favourites.',
    see: 'See your favourites',
    empty: 'You have no favourites yet. Use “Add to favourites” on the page of a hospital, clinic or pharmacy.',
    removeOne: (name: string) => `Remove ${name} from favourites`,
    removeLabel: 'Remove',
    removedOne: (name: string) => `${name} was removed from your favourites.`,
    count: (n: number) => `${n} ${n === 1 ? 'facility' : 'facilities'}`,
    noscript:
      'Your favourites are kept in this browser. To see the list, please turn on JavaScript. You can find hospitals, clinics and pharmacies from the search on the top page.',
    unavailable: 'This browser cannot keep favourites (storage may be turned off, for example in private browsing).',
    search: 'Find a hospital or pharmacy',
  },
} as const;
export type FavouriteWords = (typeof FAVOURITE_WORDS)[Lang];

/** The kinds in English, for the list's labels (the stored kind is the Japanese one). */
const KINDS_EN: Record<InstitutionKind, string> = {
  病院: 'Hospital',
  診療所: 'Clinic',
  歯科診療所: 'Dental clinic',
  助産所: 'Midwifery home',
  薬局: 'Pharmacy',
};

/** What the facility page hands the script to keep: enough to list it without asking the server. */
export interface FavouriteFacility {
  id: string;
  name: string;
  nameEn: string | null;
  kind: InstitutionKind;
  address: string;
}

/** The facility page's 「お気に入りに追加」: rendered hidden, shown and pressed by the script (a button without JavaScript would do nothing). */
export function FavouriteToggle(p: { lang: Lang; facility: FavouriteFacility }): JSX.Element {
  const w = FAVOURITE_WORDS[p.lang];
  const f = p.facility;
  return (
    <div
      class="favourite-toggle"
      data-favourite-toggle
      data-id={f.id}
      data-name={f.name}
      data-name-en={f.nameEn ?? ''}
      data-kind={f.kind}
      data-address={f.address}
      data-add={w.add}
      data-remove={w.remove}
      data-added={w.added}
      data-removed={w.removed}
      hidden
    >
      <p class="actions actions--tight">
        <button type="button" class="button button--secondary" aria-pressed="false" data-favourite-button>
          {w.add}
        </button>
        <a class="button button--ghost" href={p.lang === 'en' ? '/favourites?lang=en' : '/favourites'}>
          {w.see}
        </a>
      </p>
      <p class="favourite-toggle__status" role="status" data-favourite-status></p>
    </div>
  );
}

export function FavouritesPage(p: { lang: Lang; textSize: TextSize; path: string }): JSX.Element {
  const w = FAVOURITE_WORDS[p.lang];
  const en = p.lang === 'en';
  return (
    <Layout title={w.title} product="医療情報ネット" narrow={false} styles={[]} scripts={SCRIPTS} navi={{ lang: p.lang, textSize: p.textSize, path: p.path }}>
      <h1 class="page-title">{w.title}</h1>
      <p>{w.lead}</p>
      <noscript>
        <p class="notice notice--info">{w.noscript}</p>
      </noscript>
      <section
        class="favourites-area"
        aria-labelledby="favourites-count"
        data-favourites
        data-lang={p.lang}
        data-remove-label={w.removeLabel}
        data-remove-one={w.removeOne('{name}')}
        data-removed-one={w.removedOne('{name}')}
        data-count={w.count(0).replace('0', '{n}')}
        data-count-one={w.count(1).replace('1', '{n}')}
        data-kinds={en ? JSON.stringify(KINDS_EN) : '{}'}
        data-unavailable={w.unavailable}
        hidden
      >
        <h2 class="section-title" id="favourites-count" data-favourites-count></h2>
        <p class="favourites__status" role="status" data-favourites-status></p>
        <p data-favourites-empty hidden>
          {w.empty}
        </p>
        <ul class="favourites" data-favourites-list></ul>
      </section>
      <p>
        <a class="button button--secondary" href={en ? '/?lang=en' : '/'}>
          {w.search}
        </a>
      </p>
    </Layout>
  );
}
