// Publishing a snapshot of the ministry's open data (src/reporting/publication.ts publishSnapshot): why a
// snapshot the reader accepted still cannot be placed in the facility master (shown with its file and line).
export const opendataImport = {
  'opendata_import.code_taken': (id: string, other: string) =>
    `ID「${id}」の都道府県コードと機関コードは、ID「${other}」（別の機関区分）と同じです。医療機関マスタは都道府県と機関コードで1つの機関を指すため、両方は取り込めません。`,
  'opendata_import.facility_id_taken': (id: string) =>
    `施設ID「${id}」は、医療機関マスタの別の機関（機関コードの先頭の「0」の有無だけが違う機関など）の公表情報がすでに使っています。どちらの機関か確かめてください。`,
} as const;
