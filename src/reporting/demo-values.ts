// A complete, valid report per institution kind (the demo institutions of institutions/demo-institutions.csv):
// what the demo's accepted reports hold, what tests start from, and what the reporting benchmark saves.
// Values follow the shapes of catalogue/types.ts; each set is narrowed to the fields the kind's catalogue has.
import { catalogueFor } from './catalogue/load.ts';
import type {
  ChosenCode,
  ClosedDays,
  FieldValue,
  InstitutionKind,
  MatrixValue,
  ReportValues,
  Span,
  Timetable,
  TimetableBand,
  Weekday,
} from './catalogue/types.ts';
import { SINGLE_ROW } from './catalogue/types.ts';
import { canonicalValues } from './catalogue/values.ts';

const codes = (...list: string[]): ChosenCode[] => [...list].sort().map((code) => ({ code }));
const WEEKDAYS_MON_FRI: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** One band: the same spans on each of the given days. */
function band(days: readonly string[], spans: { care?: Span; reception?: Span; work?: Span; open?: Span }): TimetableBand {
  return Object.fromEntries(days.map((d) => [d, { ...spans }])) as TimetableBand;
}

/** Two bands merged day by day (a day in both takes the later one's spans). */
const merge = (...bands: TimetableBand[]): TimetableBand => Object.assign({}, ...bands) as TimetableBand;

/** A set without some paths (a kind that inherits another's values and leaves these unanswered). */
const without = (set: ReportValues, ...paths: string[]): ReportValues => Object.fromEntries(Object.entries(set).filter(([p]) => !paths.includes(p)));

const closed = (weekly: ClosedDays['weekly'], nth: ClosedDays['nth'], holidays: boolean, other: string): ClosedDays => ({ weekly, nth, holidays, other });

// ── デモ総合病院 (東京都 H00001): 12 departments, two bands on weekdays, Saturday mornings, 救急科 around the clock ──

/** The hospital's departments: 12 codes (one その他 with its name). */
export const DEMO_HOSPITAL_DEPARTMENTS: ChosenCode[] = [
  { code: '01001' },
  { code: '01017' },
  { code: '01020' },
  { code: '02001' },
  { code: '02035' },
  { code: '03001' },
  { code: '04001' },
  { code: '05001' },
  { code: '06004' },
  { code: '09003' },
  { code: '09010' },
  { code: '09991', text: '総合診療科' },
];

function hospitalTimetable(): Timetable {
  return {
    rows: DEMO_HOSPITAL_DEPARTMENTS.map(({ code, text }) => {
      const bands: TimetableBand[] =
        code === '09010'
          ? [band(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'hol'], { care: ['00:00', '24:00'], reception: ['00:00', '24:00'] })]
          : [
              merge(
                band(WEEKDAYS_MON_FRI, { care: ['09:00', '12:00'], reception: ['08:30', '11:30'] }),
                band(['sat'], { care: ['09:00', '12:00'], reception: ['08:30', '11:00'] }),
              ),
              band(WEEKDAYS_MON_FRI, { care: ['13:30', '17:00'], reception: ['13:00', '16:30'] }),
            ];
      return { code, ...(text === undefined ? {} : { text }), bands };
    }),
  };
}

const hospitalAppointments = (): MatrixValue =>
  Object.fromEntries(
    DEMO_HOSPITAL_DEPARTMENTS.filter((d) => d.code !== '09010').map((d) => [
      d.code,
      { female_doctor: d.code === '04001' ? 'yes' : 'no', first_visit: 'yes', inpatient: 'yes', walk_in: 'possible' },
    ]),
  );

const HOSPITAL: ReportValues = {
  'basic.name.official': 'デモ総合病院',
  'basic.name.official_kana': 'デモソウゴウビョウイン',
  'basic.name.short': 'デモ病院',
  'basic.name.short_kana': 'デモビョウイン',
  'basic.name.english': 'Demo General Hospital',
  'basic.founder.type': '05',
  'basic.founder.name': '医療法人社団 デモ会',
  'basic.administrator.name': '銀座　一郎',
  'basic.administrator.name_kana': 'ギンザ　イチロウ',
  'basic.location.postcode': '1040061',
  'basic.location.address': '東京都中央区銀座7-7-7',
  'basic.location.latitude': 35.669,
  'basic.location.longitude': 139.764,
  'basic.phone.phone': '03-3000-0001',
  'basic.phone.fax': '03-3000-1001',
  'basic.departments.departments': DEMO_HOSPITAL_DEPARTMENTS,
  'basic.departments.outpatient_category': '1',
  'basic.days.closed': closed(['sun'], [], true, '年末年始（12月29日から1月3日まで）。救急科は休まず診療します。'),
  'basic.hours.hours': hospitalTimetable(),
  'basic.beds.general': 300,
  'basic.beds.long_term': 50,
  'basic.beds.long_term_medical': 50,
  'basic.beds.long_term_care': 0,
  'basic.beds.psychiatric': 0,
  'basic.beds.tuberculosis': 0,
  'basic.beds.infectious': 4,
  'basic.beds.total': 354,
  'access.transport.text': '東京メトロ銀座線 銀座駅 A3出口から徒歩5分。都営バス 銀座七丁目 停留所から徒歩1分。',
  'access.parking.available': true,
  'access.parking.spaces': 80,
  'access.parking.fee': 'paid',
  'access.website.url': 'https://hospital.example.jp/',
  'access.email.address': 'info@hospital.example.jp',
  'access.appointments.available': true,
  'access.appointments.by_department': hospitalAppointments(),
  'access.after_hours.response': 'always',
  'access.after_hours.contact': '03-3000-0001 (救急外来)',
  'access.visiting.allowed': true,
  'access.visiting.hours': '毎日 14時から19時まで（1回15分、2名まで）',
  'services.dispensing.available': false,
  'services.languages.by_language': { en: { acceptance: 'yes' }, ko: { acceptance: 'ask' }, 'zh-hans': { acceptance: 'ask' } },
  'services.disability.services': codes('guide-dog', 'writing'),
  'services.wheelchair.services': codes('elevator', 'lending', 'ramp', 'toilet'),
  'services.smoking.measure': 'premises',
  'services.consultation.services': codes('cost', 'medical', 'safety', 'social'),
  'services.consultation.staff': 4,
  'services.meals.provided': true,
  'services.meals.features': codes('choice', 'therapeutic', 'timely'),
  'services.shop.facilities': codes('atm', 'cafeteria', 'convenience'),
  'costs.insurance.designations': codes('health-insurance', 'intractable', 'livelihood', 'self-support', 'workers'),
  'costs.selective.kinds': codes('first-visit', 'room'),
  'costs.selective.note': '個室 1日 11,000円。紹介状のない初診 7,700円。',
  'costs.trials.conducted': true,
  'costs.trials.contracts': 6,
  'costs.payment.methods': codes('credit', 'e-money', 'qr'),
  'care.specialists.by_specialty': {
    anesthesiology: { count: 3 },
    internal: { count: 8 },
    obgyn: { count: 2 },
    orthopedics: { count: 3 },
    pediatrics: { count: 2 },
    surgery: { count: 5 },
  },
  'care.equipment.equipment': codes('aed', 'ct', 'endo', 'icu', 'mammo', 'mri', 'us', 'xray'),
  'care.treatments.treatments': codes('cancer-chemo', 'cancer-surgery', 'delivery', 'diabetes', 'mi', 'rehab', 'stroke'),
  'care.short_stay.surgeries': codes('cataract', 'hernia', 'polyp'),
  'care.special_outpatient.available': true,
  'care.special_outpatient.names': '禁煙外来、もの忘れ外来、睡眠時無呼吸外来',
  'care.checkups.kinds': codes('cancer', 'general', 'ningen-dock', 'specific'),
  'care.vaccinations.vaccines': codes('covid19', 'hpv', 'influenza', 'pneumococcal', 'zoster'),
  'home.home_care.services': codes('nursing', 'regular-visit'),
  'home.care_services.services': codes('day-rehab', 'home-nursing'),
  'home.care_facilities.facilities': codes('rouken'),
  'links.second_opinion.offers': true,
  'links.second_opinion.provides_records': true,
  'links.regional.arrangements': codes('discharge', 'office', 'referral'),
  'links.regional_path.diseases': codes('hip', 'stroke'),
  'links.online.available': false,
  'links.e_prescription.available': true,
  'care.infertility.treatments': codes('advice', 'general'),
  'staff.staffing.by_role': {
    dietitian: { full_time: 5, part_time: 0 },
    nurse: { full_time: 210, part_time: 18.5 },
    pharmacist: { full_time: 12, part_time: 1 },
    physician: { full_time: 48, part_time: 12.5 },
    pt: { full_time: 10, part_time: 0 },
    radiographer: { full_time: 9, part_time: 0 },
  },
  'staff.nursing.ratio': '7',
  'staff.safety.measures': codes('committee', 'manager', 'reporting', 'training'),
  'staff.infection.measures': codes('committee', 'manager', 'team', 'training'),
  'staff.critical_path.used': true,
  'staff.critical_path.paths': 42,
  'staff.records.arrangements': codes('department', 'electronic', 'manager'),
  'staff.disclosure.available': true,
  'staff.disclosure.contact': '患者相談窓口 (1階 総合受付の隣)',
  'staff.case_review.held': true,
  'results.outcomes.analysed': true,
  'results.outcomes.published': false,
  'staff.care_planning.multidisciplinary': true,
  'results.patients.inpatients_general': 251.4,
  'results.patients.inpatients_long_term': 46.2,
  'results.patients.inpatients_infectious': 0.3,
  'results.patients.outpatients': 812.6,
  'results.average_stay.general': 11.8,
  'results.average_stay.long_term': 96.5,
  'results.satisfaction.conducted': true,
  'results.satisfaction.published': true,
  'results.obstetric_compensation.joined': true,
  'results.accreditation.bodies': codes('jcqhc'),
};

// ── 医療法人社団 髙橋ファミリークリニック (東京都 C00001): no beds, closed on Wednesday afternoons ──

const CLINIC_DEPARTMENTS: ChosenCode[] = codes('01001', '03001', '09001');
const clinicBands = (): TimetableBand[] => [
  band(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], { care: ['09:00', '12:30'], reception: ['08:45', '12:15'] }),
  band(['mon', 'tue', 'thu', 'fri'], { care: ['15:00', '18:30'], reception: ['14:45', '18:15'] }),
];

const CLINIC: ReportValues = {
  ...without(
    HOSPITAL,
    'access.parking.spaces',
    'access.parking.fee',
    'costs.trials.contracts',
    'staff.critical_path.paths',
    'results.patients.inpatients_long_term',
  ),
  'basic.name.official': '医療法人社団 髙橋ファミリークリニック',
  'basic.name.official_kana': 'イリョウホウジンシャダン　タカハシファミリークリニック',
  'basic.name.short': '髙橋ファミリークリニック',
  'basic.name.short_kana': 'タカハシファミリークリニック',
  'basic.name.english': 'Takahashi Family Clinic',
  'basic.founder.name': '医療法人社団 髙橋会',
  'basic.administrator.name': '髙橋　花子',
  'basic.administrator.name_kana': 'タカハシ　ハナコ',
  'basic.location.address': '東京都中央区銀座9-9 GINZAタワー5F',
  'basic.location.latitude': 35.667,
  'basic.location.longitude': 139.766,
  'basic.phone.phone': '03-3000-0003',
  'basic.phone.fax': '03-3000-1003',
  'basic.departments.departments': CLINIC_DEPARTMENTS,
  'basic.days.closed': closed(['sun'], [], true, '年末年始、夏季休診（8月13日から15日まで）'),
  'basic.hours.hours': { rows: CLINIC_DEPARTMENTS.map(({ code }) => ({ code, bands: clinicBands() })) },
  'basic.beds.general': 0,
  'basic.beds.long_term': 0,
  'basic.beds.long_term_medical': 0,
  'basic.beds.long_term_care': 0,
  'basic.beds.total': 0,
  'access.transport.text': '東京メトロ日比谷線 東銀座駅 3番出口から徒歩3分。',
  'access.parking.available': false,
  'access.website.url': 'https://clinic.example.jp/',
  'access.email.address': 'info@clinic.example.jp',
  'access.appointments.by_department': { '01001': { first_visit: 'yes', walk_in: 'possible' }, '03001': { first_visit: 'yes', walk_in: 'possible' } },
  'access.after_hours.response': 'contact',
  'access.after_hours.contact': '休日・夜間は東京都医療機関案内サービス「ひまわり」をご利用ください。',
  'services.dispensing.available': false,
  'services.languages.by_language': { en: { acceptance: 'yes' } },
  'services.wheelchair.services': codes('elevator', 'toilet'),
  'services.smoking.measure': 'building',
  'services.consultation.services': codes('medical'),
  'services.consultation.staff': 1,
  'services.meals.provided': false,
  'services.meals.features': [],
  'costs.insurance.designations': codes('health-insurance', 'livelihood', 'pediatric-chronic'),
  'costs.selective.kinds': [],
  'costs.selective.note': '',
  'costs.trials.conducted': false,
  'costs.payment.methods': codes('credit', 'qr'),
  'care.specialists.by_specialty': { internal: { count: 1 }, pediatrics: { count: 1 } },
  'care.equipment.equipment': codes('aed', 'us', 'xray'),
  'care.treatments.treatments': codes('diabetes'),
  'care.short_stay.surgeries': [],
  'care.special_outpatient.available': true,
  'care.special_outpatient.names': 'アレルギー外来、禁煙外来',
  'care.checkups.kinds': codes('general', 'infant', 'specific'),
  'care.vaccinations.vaccines': codes('dtp', 'hib', 'influenza', 'mr', 'rota'),
  'home.home_care.services': codes('visit'),
  'home.care_services.services': [],
  'home.care_facilities.facilities': [],
  'links.second_opinion.offers': false,
  'links.second_opinion.provides_records': true,
  'links.regional.arrangements': codes('referral'),
  'links.regional_path.diseases': [],
  'links.online.available': true,
  'links.online.scope': codes('follow-up'),
  'links.e_prescription.available': true,
  'care.infertility.treatments': [],
  'staff.staffing.by_role': {
    'assistant-nurse': { full_time: 1, part_time: 0 },
    nurse: { full_time: 2, part_time: 1.5 },
    physician: { full_time: 2, part_time: 0.5 },
  },
  'staff.safety.measures': codes('manager', 'reporting', 'training'),
  'staff.infection.measures': codes('manager', 'training'),
  'staff.critical_path.used': false,
  'staff.records.arrangements': codes('electronic'),
  'staff.disclosure.contact': '受付にお申し出ください。',
  'results.outcomes.analysed': false,
  'results.outcomes.published': false,
  'results.patients.inpatients_general': 0,
  'results.patients.outpatients': 64.5,
  'results.satisfaction.conducted': false,
  'results.satisfaction.published': false,
  'results.obstetric_compensation.joined': false,
  'results.accreditation.bodies': [],
};

// ── うめきた歯科 (大阪府 D00001) ──

const DENTAL_DEPARTMENTS: ChosenCode[] = codes('08001', '08002', '08004');
const dentalBands = (): TimetableBand[] => [
  band(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], { care: ['10:00', '13:00'], reception: ['10:00', '12:30'] }),
  band(WEEKDAYS_MON_FRI, { care: ['14:30', '19:00'], reception: ['14:30', '18:30'] }),
];

const DENTAL: ReportValues = {
  ...without(CLINIC, 'links.online.scope'),
  'basic.name.official': 'うめきた歯科',
  'basic.name.official_kana': 'ウメキタシカ',
  'basic.name.short': '',
  'basic.name.short_kana': '',
  'basic.name.english': 'Umekita Dental Clinic',
  'basic.founder.type': '06',
  'basic.founder.name': '梅北 二郎',
  'basic.administrator.name': '梅北　二郎',
  'basic.administrator.name_kana': 'ウメキタ　ジロウ',
  'basic.location.postcode': '5300011',
  'basic.location.address': '大阪府大阪市北区大深町4-4',
  'basic.location.latitude': 34.705,
  'basic.location.longitude': 135.494,
  'basic.phone.phone': '06-6000-0004',
  'basic.phone.fax': '',
  'basic.departments.departments': DENTAL_DEPARTMENTS,
  'basic.days.closed': closed(['sun'], [{ week: 2, day: 'thu' }], true, '年末年始'),
  'basic.hours.hours': { rows: DENTAL_DEPARTMENTS.map(({ code }) => ({ code, bands: dentalBands() })) },
  'access.transport.text': 'JR大阪駅 うめきた地下口から徒歩4分。',
  'access.website.url': 'https://dental.example.jp/',
  'access.email.address': '',
  'access.appointments.by_department': { '08001': { first_visit: 'yes', walk_in: 'possible' }, '08002': { first_visit: 'yes', walk_in: 'no' } },
  'access.after_hours.response': 'none',
  'access.after_hours.contact': '',
  'services.dispensing.available': true,
  'services.languages.by_language': { en: { acceptance: 'ask' } },
  'costs.insurance.designations': codes('health-insurance', 'livelihood'),
  'care.specialists.by_specialty': { periodontics: { count: 1 } },
  'care.equipment.equipment': codes('dental-ct', 'dental-microscope'),
  'care.treatments.treatments': codes('denture', 'orthodontic', 'periodontal'),
  'care.checkups.kinds': codes('dental'),
  'home.home_care.services': codes('dental'),
  'links.online.available': false,
  'links.e_prescription.available': false,
  'staff.staffing.by_role': {
    dentist: { full_time: 2, part_time: 0 },
    'dental-technician': { full_time: 1, part_time: 0 },
    hygienist: { full_time: 3, part_time: 1 },
  },
};

// ── さくら助産院 (大阪府 M00001) ──

const MIDWIFERY: ReportValues = {
  ...CLINIC,
  'basic.name.official': 'さくら助産院',
  'basic.name.official_kana': 'サクラジョサンイン',
  'basic.name.short': '',
  'basic.name.short_kana': '',
  'basic.name.english': 'Sakura Midwifery Home',
  'basic.founder.type': '06',
  'basic.founder.name': '桜井 文',
  'basic.administrator.name': '桜井　文',
  'basic.administrator.name_kana': 'サクライ　アヤ',
  'basic.location.postcode': '5400008',
  'basic.location.address': '大阪府大阪市中央区大手前6-6',
  'basic.location.latitude': 34.684,
  'basic.location.longitude': 135.52,
  'basic.phone.phone': '06-6000-0006',
  'basic.phone.fax': '',
  'basic.work_days.closed': closed(['thu'], [], false, '年末年始（ご出産は休まず対応します）'),
  'basic.work_hours.hours': {
    rows: [
      {
        code: SINGLE_ROW,
        bands: [band(['mon', 'tue', 'wed', 'fri', 'sat', 'sun', 'hol'], { work: ['09:00', '17:00'], reception: ['09:00', '16:00'] })],
      },
    ],
  },
  'access.transport.text': '京阪 天満橋駅から徒歩7分。',
  'access.parking.available': true,
  'access.parking.spaces': 2,
  'access.parking.fee': 'free',
  'access.website.url': '',
  'access.email.address': 'sakura@midwife.example.jp',
  'access.after_hours.response': 'always',
  'access.after_hours.contact': '06-6000-0006 (24時間つながります)',
  'services.languages.by_language': { en: { acceptance: 'ask' } },
  'services.wheelchair.services': codes('ramp'),
  'costs.payment.methods': [],
  'links.regional.arrangements': codes('referral', 'shared-care'),
  'midwifery.deliveries.handles': true,
  'midwifery.deliveries.count': 38,
  'midwifery.commissioned_physician.physician': '大手　三郎',
  'midwifery.commissioned_physician.institution': 'なにわ医療センター',
  'midwifery.capacity.capacity': 3,
  'midwifery.breastfeeding.breastfeeding': true,
  'midwifery.breastfeeding.parenting': true,
  'midwifery.maternal_care.kinds': codes('antenatal', 'class', 'postnatal'),
  'staff.staffing.by_role': { midwife: { full_time: 2, part_time: 1 } },
  'staff.safety.measures': codes('reporting', 'training'),
  'staff.infection.measures': codes('training'),
  'results.satisfaction.conducted': true,
  'results.satisfaction.published': false,
  'results.obstetric_compensation.joined': true,
};

// ── にほんばし薬局 (東京都 P00001) ──

const PHARMACY: ReportValues = {
  'basic.name.official': 'にほんばし薬局',
  'basic.name.official_kana': 'ニホンバシヤッキョク',
  'basic.name.romaji': 'Nihonbashi Pharmacy',
  'basic.founder.name': '株式会社にほんばし',
  'basic.administrator.name': '日本橋　薫',
  'basic.administrator.name_kana': 'ニホンバシ　カオル',
  'basic.location.postcode': '1050001',
  'basic.location.address': '東京都港区虎ノ門8-8',
  'basic.location.latitude': 35.668,
  'basic.location.longitude': 139.749,
  'basic.area.area': 85.5,
  'basic.store_sales.attached': true,
  'basic.phone.phone': '03-3000-0002',
  'basic.phone.fax': '03-3000-1002',
  'basic.night_phone.phone': '090-1234-5678',
  'basic.email.address': 'info@pharmacy.example.jp',
  'basic.days.closed': closed(['sun'], [], true, '年末年始'),
  'basic.hours.hours': {
    rows: [
      {
        code: SINGLE_ROW,
        bands: [
          merge(band(WEEKDAYS_MON_FRI, { open: ['09:00', '13:00'] }), band(['sat'], { open: ['09:00', '13:00'] })),
          band(WEEKDAYS_MON_FRI, { open: ['14:00', '19:00'] }),
        ],
      },
    ],
  },
  'access.transport.text': '東京メトロ銀座線 虎ノ門駅 1番出口から徒歩2分。',
  'access.parking.available': false,
  'access.website.url': 'https://pharmacy.example.jp/',
  'services.after_hours.response': 'contact',
  'services.always_open.available': false,
  'services.consultation.arrangements': codes('partition'),
  'services.languages.by_language': {
    en: { availability: 'yes', level: 'daily', notice: 'not_needed' },
    'zh-hans': { availability: 'yes', level: 'basic', notice: 'needed' },
  },
  'services.disability.services': codes('writing'),
  'services.wheelchair.services': codes('ramp', 'step-free'),
  'services.smoking.measure': 'premises',
  'costs.insurance.schemes': codes('care-insurance', 'health-insurance', 'livelihood', 'self-support'),
  'costs.payment.methods': codes('credit', 'e-money', 'qr'),
  'work.services.services': codes('generic', 'leftover', 'one-pack', 'otc'),
  'work.regional_link.certified': false,
  'work.specialist_link.certified': false,
  'work.health_support.notified': true,
  'work.home_care.available': true,
  'results.home_care.visits': 240,
  'work.e_prescription.available': true,
  'work.online_guidance.available': true,
  'staff.absence.has_absence': false,
  'work.e_notebook.available': true,
  'staff.safety.measures': codes('incident', 'info', 'manual', 'training'),
  'staff.staffing.by_role': {
    clerk: { full_time: 1, part_time: 1 },
    pharmacist: { full_time: 3, part_time: 0.8 },
    'registered-seller': { full_time: 1, part_time: 0 },
  },
  'results.prescriptions.count': 21450,
  'staff.disclosure.available': true,
  'results.satisfaction.conducted': false,
  'results.satisfaction.published': false,
};

/** The value sets as written, before they are narrowed to a kind's catalogue (the data test checks every path exists). */
export const DEMO_VALUE_SETS: Readonly<Record<InstitutionKind, ReportValues>> = {
  病院: HOSPITAL,
  診療所: CLINIC,
  歯科診療所: DENTAL,
  助産所: MIDWIFERY,
  薬局: PHARMACY,
};

/** Not entered: an empty text, no code chosen, an empty table (a kind that inherits another's set clears a value so). */
const isEmpty = (v: FieldValue): boolean =>
  v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

/** A complete, valid report for the kind, for the catalogue of this fiscal year: the kind's set narrowed to the fields it has (a fresh copy each call). */
export function demoValues(kind: InstitutionKind, fiscalYear = 2025): ReportValues {
  const fields = catalogueFor(fiscalYear, kind).fields;
  return canonicalValues(structuredClone(Object.fromEntries(Object.entries(DEMO_VALUE_SETS[kind]).filter(([path, v]) => fields.has(path) && !isEmpty(v)))));
}
