// 臨時休診 fixtures: a clinic of the master published as open data would publish it — open around the
// clock every day, so 急いで探す finds it at any moment unless a closure says otherwise — and indexed.
import type { DatabaseHandle } from '../db/database.ts';
import type { Institution } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { facilityIdOf } from '../reporting/publication.ts';
import { insertPublication, upsertPublishedFacility } from '../reporting/publication-repository.ts';
import { indexFacilities } from '../search/indexer.ts';

const EVERY_DAY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'hol'];

/** Publishes the clinic (内科, 00:00–24:00 every day) and indexes it; its facility ID. */
export async function publishOpenClinic(h: DatabaseHandle, clock: Clock, clinic: Institution): Promise<string> {
  const facilityId = facilityIdOf(clinic)!;
  const values = {
    'basic.name.official': clinic.name,
    'basic.name.official_kana': clinic.name_kana,
    'basic.location.address': clinic.address,
    'basic.departments.departments': [{ code: '01001' }],
    'basic.hours.hours': { rows: [{ code: '01001', bands: [Object.fromEntries(EVERY_DAY.map((d) => [d, { care: ['00:00', '24:00'] }]))] }] },
    'basic.days.closed': { weekly: [], nth: [], holidays: false, other: '' },
  };
  const publicationId = `pub-${clinic.id}`;
  await insertPublication(h.db, {
    id: publicationId,
    institution_id: clinic.id,
    report_id: null,
    report_version: null,
    source: 'opendata',
    catalogue: '2025:medical',
    values: JSON.stringify(values),
    published_at: clock.now(),
    published_by: null,
  });
  await upsertPublishedFacility(h.db, {
    institution_id: clinic.id,
    facility_id: facilityId,
    kind: clinic.kind,
    prefecture_code: clinic.prefecture_code,
    municipality_code: clinic.municipality_code,
    name: clinic.name,
    name_kana: clinic.name_kana,
    name_en: null,
    publication_id: publicationId,
    published_at: clock.now(),
    withheld: null,
    updated_at: clock.now(),
  });
  await h.db.transaction().execute((trx) => indexFacilities(trx, [facilityId]));
  return facilityId;
}
