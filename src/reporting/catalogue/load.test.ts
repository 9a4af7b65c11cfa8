// Loading catalogue files: the nearest earlier fiscal year, `extends` with its changes, narrowing to a
// kind, code lists, and bad files refused with the file, the path and the problem.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CatalogueError, catalogueById, catalogueFor, catalogueYears, loadCatalogue } from './load.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const temp: string[] = [];
after(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A data directory with the fixture's code lists and the given files (`2026/medical.json` → JSON value or text). */
function dataDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'catalogue-'));
  temp.push(dir);
  mkdirSync(path.join(dir, 'codes'));
  for (const f of ['departments.csv', 'languages.json']) writeFileSync(path.join(dir, 'codes', f), readFileSync(path.join(FIXTURES, 'codes', f)));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

const fixture2026 = () =>
  JSON.parse(readFileSync(path.join(FIXTURES, '2026/medical.json'), 'utf8')) as { items: Array<Record<string, unknown>> } & Record<string, unknown>;

function refused(fn: () => unknown, file: RegExp, at: string | RegExp, problem: RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof CatalogueError, String(e));
    assert.match(e.file, file);
    if (typeof at === 'string') assert.equal(e.at, at);
    else assert.match(e.at, at);
    assert.match(e.problem, problem);
    assert.ok(e.message.includes(e.file) && e.message.includes(e.at), 'the message names the file and the path');
    return true;
  });
}

test('a report uses the file of its fiscal year, or the nearest earlier one', () => {
  assert.deepEqual(catalogueYears('medical', FIXTURES), [2026, 2027]);
  assert.equal(loadCatalogue(2026, 'medical', FIXTURES).id, '2026:medical');
  assert.equal(loadCatalogue(2027, 'medical', FIXTURES).id, '2027:medical');
  assert.equal(loadCatalogue(2031, 'medical', FIXTURES).id, '2027:medical');
  assert.equal(loadCatalogue(2030, 'pharmacy', FIXTURES).id, '2026:pharmacy');
  assert.throws(() => loadCatalogue(2025, 'medical', FIXTURES), CatalogueError);
  assert.equal(loadCatalogue(2027, 'medical', FIXTURES), loadCatalogue(2028, 'medical', FIXTURES), 'cached');
});

test('extends: the changes apply in order (remove, add at the end of its group, replace)', () => {
  const y26 = loadCatalogue(2026, 'medical', FIXTURES);
  const y27 = loadCatalogue(2027, 'medical', FIXTURES);
  const ids = (c: typeof y26) => c.items.map((i) => i.id);
  assert.ok(ids(y26).includes('results.survey') && !ids(y27).includes('results.survey'));
  assert.equal(ids(y27)[ids(y27).indexOf('services.online') - 1], 'services.languages', 'added after the last item of its group');
  assert.deepEqual(
    y27.items.find((i) => i.id === 'access.parking')!.fields.map((f) => f.id),
    ['available', 'spaces'],
  );
  assert.equal(y27.groups, y26.groups);
});

test('a kind sees only its items and fields; sections keep the form order', () => {
  const hospital = catalogueFor(2026, '病院', FIXTURES);
  const clinic = catalogueFor(2026, '診療所', FIXTURES);
  const midwife = catalogueFor(2026, '助産所', FIXTURES);
  assert.deepEqual(
    hospital.sections.map((s) => s.id),
    ['basic', 'access', 'services', 'results'],
  );
  assert.ok(hospital.fields.has('basic.beds.long_term') && !clinic.fields.has('basic.beds.long_term'), 'field-level kinds');
  assert.ok(hospital.itemsById.has('results.average_stay') && !clinic.itemsById.has('results.average_stay'));
  assert.ok(!midwife.itemsById.has('basic.hours') && midwife.itemsById.has('basic.work_hours'));
  assert.equal(hospital.fields.get('basic.name.note')!.public, false, 'a field overrides the item’s public');
  assert.equal(hospital.fields.get('basic.name.official')!.public, true);
  assert.equal(catalogueFor(2026, '病院', FIXTURES), hospital, 'cached');
  assert.equal(catalogueById('2026:medical', '病院', FIXTURES), hospital);
  assert.equal(catalogueFor(2026, '薬局', FIXTURES).id, '2026:pharmacy');
});

test('code lists: departments from CSV (quoted cells, English names), others from JSON', () => {
  const lists = loadCatalogue(2026, 'medical', FIXTURES).codeLists;
  const departments = lists.get('departments')!;
  assert.deepEqual(departments.codes[1], {
    code: '01991',
    label: { ja: 'その他内科系', en: 'Other internal medicine, as written' },
    group: '01',
    groupName: '内科系',
  });
  assert.deepEqual(
    lists.get('languages')!.codes.map((c) => c.code),
    ['en', 'zh', 'ko'],
  );
});

test('bad files: the file, the path and the problem', () => {
  refused(() => loadCatalogue(2026, 'medical', dataDir({ '2026/medical.json': '{ "scheme": ' })), /2026\/medical\.json$/, '', /JSON/);

  const badKind = fixture2026();
  (badKind.items[7]!.fields as Array<Record<string, unknown>>)[1]!.kind = 'number';
  refused(
    () => loadCatalogue(2026, 'medical', dataDir({ '2026/medical.json': badKind })),
    /medical\.json$/,
    'items[7](access.parking).fields[1](spaces).kind',
    /./,
  );

  const unknownKey = fixture2026();
  unknownKey.items[0]!.colour = 'red';
  refused(() => loadCatalogue(2026, 'medical', dataDir({ '2026/medical.json': unknownKey })), /medical\.json$/, /^items\[0\]\(basic\.name\)/, /colour/);

  const duplicate = fixture2026();
  duplicate.items.push(duplicate.items[0]!);
  refused(() => loadCatalogue(2026, 'medical', dataDir({ '2026/medical.json': duplicate })), /medical\.json$/, 'items(basic.name)', /重複/);

  const noList = fixture2026();
  (noList.items[10]!.fields as Array<Record<string, unknown>>)[0]!.codeList = 'tongues';
  refused(
    () => loadCatalogue(2026, 'medical', dataDir({ '2026/medical.json': noList })),
    /medical\.json$/,
    'items(services.languages).fields(spoken).codeList',
    /tongues/,
  );

  const badRef = fixture2026();
  (badRef.items[7]!.fields as Array<Record<string, unknown>>)[1]!.requiredIf = { field: 'availble', equals: true };
  refused(
    () => loadCatalogue(2026, 'medical', dataDir({ '2026/medical.json': badRef })),
    /medical\.json$/,
    'items(access.parking).fields(spaces).requiredIf.field',
    /availble/,
  );

  const dir = dataDir({ '2026/medical.json': fixture2026(), '2027/medical.json': { extends: '2026/medical', changes: [{ remove: 'access.garden' }] } });
  refused(() => loadCatalogue(2027, 'medical', dir), /2027\/medical\.json$/, 'changes[0].remove', /access\.garden/);

  const addTwice = dataDir({
    '2026/medical.json': fixture2026(),
    '2027/medical.json': { extends: '2026/medical', changes: [{ add: fixture2026().items[0] }] },
  });
  refused(() => loadCatalogue(2027, 'medical', addTwice), /2027\/medical\.json$/, 'changes[0].add.id', /replace/);

  const forward = dataDir({ '2026/medical.json': { extends: '2027/medical', changes: [] }, '2027/medical.json': fixture2026() });
  refused(() => loadCatalogue(2026, 'medical', forward), /2026\/medical\.json$/, 'extends', /前の年度/);

  const badCsv = dataDir({ '2026/medical.json': fixture2026(), 'codes/departments.csv': 'code,name\n01001,内科\n01001,内科\n' });
  refused(() => loadCatalogue(2026, 'medical', badCsv), /departments\.csv$/, '01001', /重複/);
});
