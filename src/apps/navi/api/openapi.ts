// The OpenAPI 3.1 document of the public API (/api/v1/openapi.json), written by hand. Every search
// parameter of the query module has its entry here (the PARAMS table is typed by SEARCH_PARAMS, and
// api.test.ts checks both ways), and the API's answers are checked against these schemas in tests.
import { FEATURES } from '../../../search/features.ts';
import { KEYWORD_MAX, KIND_NAMES, PAGE_MAX, PER_PAGE_DEFAULT, PER_PAGE_MAX, RADIUS_MAX_KM, SEARCH_PARAMS, SORTS } from '../../../search/query.ts';
import { PARAM_TAKES } from './problems.ts';

type Schema = Record<string, unknown>;
type SearchParam = (typeof SEARCH_PARAMS)[number];

const list = (items: Schema): Schema => ({ type: 'array', items, maxItems: 30 });
const codes = (pattern: string): Schema => list({ type: 'string', pattern });

/** Each search parameter: its schema, whether it is a list (repeated or comma-separated), an example. */
const PARAMS: Readonly<Record<SearchParam, { schema: Schema; list?: true; example?: unknown; detail?: string }>> = {
  q: {
    schema: { type: 'string', maxLength: KEYWORD_MAX },
    example: '内科 港区',
    detail:
      'Every term must match a substring of the name, フリガナ, address or department names. 1- and 2-character Japanese terms match too; 全角/半角, カタカナ/ひらがな and variant kanji are treated alike.',
  },
  kind: { schema: list({ type: 'string', enum: Object.keys(KIND_NAMES) }), list: true, example: ['hospital', 'clinic'] },
  pref: { schema: { type: 'string', pattern: '^(0[1-9]|[1-3][0-9]|4[0-7])$' }, example: '13' },
  city: { schema: { type: 'string', pattern: '^[0-9]{5}$' }, example: '13103', detail: 'With pref, the municipality must be in that prefecture.' },
  dept: { schema: codes('^[0-9]{5}$'), list: true, example: ['01001'], detail: 'A facility with any of these departments is found.' },
  open_at: {
    schema: { type: 'string', format: 'date-time' },
    example: '2026-04-01T09:30:00+09:00',
    detail:
      'Open at that moment by its published hours of that weekday (the 祝 column on a national holiday), its closed days and 第n週 grid, bands over midnight and temporary closures.',
  },
  feature: { schema: list({ type: 'string', enum: [...FEATURES] }), list: true, example: ['parking'], detail: 'Every one is required.' },
  lang: { schema: codes('^[A-Za-z0-9_-]+$'), list: true, example: ['en'], detail: 'A facility with any of these languages is found.' },
  equipment: { schema: codes('^[A-Za-z0-9_-]+$'), list: true, detail: 'Every one is required.' },
  specialist: { schema: codes('^[A-Za-z0-9_-]+$'), list: true, detail: 'Every one is required.' },
  treatment: { schema: codes('^[A-Za-z0-9_-]+$'), list: true, detail: 'Every one is required.' },
  vaccination: { schema: codes('^[A-Za-z0-9_-]+$'), list: true, detail: 'Every one is required.' },
  postcode: {
    schema: { type: 'string', pattern: '^〒?[0-9０-９]{3}[-‐ー]?[0-9０-９]{4}$' },
    example: '105-0011',
    detail:
      'Near this 7-digit postcode (a hyphen allowed): the mean of the published coordinates in its town, or else its municipality — an approximate point; the answer says it in `origin`. With radius_km and sort=distance as lat/lon. lat/lon win when both are given.',
  },
  lat: {
    schema: { type: 'number', minimum: -90, maximum: 90 },
    example: 35.66,
    detail: 'With lon: results carry distance_km; radius_km and sort=distance need it (or postcode).',
  },
  lon: { schema: { type: 'number', minimum: -180, maximum: 180 }, example: 139.73 },
  radius_km: {
    schema: { type: 'number', exclusiveMinimum: 0, maximum: RADIUS_MAX_KM },
    example: 2,
    detail: 'Only facilities with published coordinates within this distance of lat/lon.',
  },
  sort: { schema: { type: 'string', enum: [...SORTS], default: 'relevance' } },
  page: { schema: { type: 'integer', minimum: 1, maximum: PAGE_MAX, default: 1 } },
  per_page: { schema: { type: 'integer', minimum: 1, maximum: PER_PAGE_MAX, default: PER_PAGE_DEFAULT } },
};

const label: Schema = {
  type: 'object',
  required: ['ja', 'en'],
  properties: { ja: { type: 'string' }, en: { type: 'string' } },
  additionalProperties: false,
};
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string): Schema => ({ type: [type, 'null'] });
const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'hol'];
const WEEKDAY_KEYS = DAY_KEYS.slice(0, 7);
const span: Schema = { type: 'array', prefixItems: [{ type: 'string' }, { type: 'string' }], minItems: 2, maxItems: 2, description: '[start, end], HH:MM' };
const dayParts: Schema = {
  type: 'object',
  properties: Object.fromEntries(['care', 'reception', 'work', 'open'].map((p) => [p, span])),
  additionalProperties: false,
};

const SCHEMAS: Record<string, Schema> = {
  Label: label,
  SearchResponse: {
    type: 'object',
    required: ['total', 'page', 'per_page', 'results'],
    properties: {
      total: { type: 'integer', minimum: 0, description: 'Facilities found in all.' },
      page: { type: 'integer', minimum: 1 },
      per_page: { type: 'integer', minimum: 1, maximum: PER_PAGE_MAX },
      origin: {
        type: 'object',
        description:
          'Given postcode (and not lat/lon): the place it names and the approximate point searched near (null when its municipality has no published coordinates: searched by the municipality).',
        required: ['postcode', 'place', 'lat', 'lon', 'approximate'],
        properties: {
          postcode: { type: 'string', pattern: '^[0-9]{7}$' },
          place: { type: 'string' },
          lat: { type: ['number', 'null'] },
          lon: { type: ['number', 'null'] },
          approximate: { const: true },
        },
        additionalProperties: false,
      },
      results: { type: 'array', items: ref('SearchResult') },
    },
    additionalProperties: false,
  },
  SearchResult: {
    type: 'object',
    required: ['id', 'name', 'name_kana', 'kind', 'pref', 'city', 'address', 'lat', 'lon', 'departments', 'suspended_since', 'url'],
    properties: {
      id: ref('FacilityId'),
      name: { type: 'string' },
      name_kana: { type: 'string' },
      kind: ref('Kind'),
      pref: { type: 'string', pattern: '^[0-9]{2}$' },
      city: { type: 'string', pattern: '^[0-9]{5}$' },
      address: { type: 'string' },
      lat: nullable('number'),
      lon: nullable('number'),
      departments: { type: 'array', items: { type: 'string', pattern: '^[0-9]{5}$' }, description: 'Department codes.' },
      distance_km: { type: 'number', minimum: 0, description: 'From lat/lon, when given and the facility has coordinates.' },
      suspended_since: { ...nullable('string'), description: '休止 since (YYYY-MM-DD).' },
      url: { type: 'string', format: 'uri', description: 'The facility page on 医療情報ネット.' },
    },
    additionalProperties: false,
  },
  FacilityId: { type: 'string', pattern: '^[0-9]{3}[0-9A-Za-z]{10}$', description: 'The 13-character ID of the ministry’s open data.' },
  Kind: { type: 'string', enum: Object.keys(KIND_NAMES) },
  Band: {
    type: 'object',
    required: ['band', 'days'],
    properties: {
      band: { type: 'integer', minimum: 1, description: '時間帯 1, 2 …' },
      days: { type: 'object', properties: Object.fromEntries(DAY_KEYS.map((d) => [d, dayParts])), additionalProperties: false },
    },
    additionalProperties: false,
  },
  Department: {
    type: 'object',
    required: ['code', 'name', 'hours'],
    properties: {
      code: { type: 'string' },
      name: ref('Label'),
      text: { type: 'string', description: 'The name given to an その他 code.' },
      hours: { type: 'array', items: ref('Band') },
    },
    additionalProperties: false,
  },
  ClosedDays: {
    type: 'object',
    required: ['weekly', 'nth', 'holidays', 'other', 'text'],
    properties: {
      weekly: { type: 'array', items: { enum: WEEKDAY_KEYS }, description: 'Closed every week on these days.' },
      nth: {
        type: 'array',
        items: {
          type: 'object',
          required: ['week', 'day'],
          properties: { week: { type: 'integer', minimum: 1, maximum: 5 }, day: { enum: WEEKDAY_KEYS } },
          additionalProperties: false,
        },
        description: 'Closed on the nth such day of the month.',
      },
      holidays: { type: 'boolean', description: 'Closed on national holidays.' },
      other: { type: 'string' },
      text: ref('Label'),
    },
    additionalProperties: false,
  },
  Field: {
    type: 'object',
    required: ['id', 'path', 'label', 'kind', 'value'],
    properties: {
      id: { type: 'string' },
      path: { type: 'string', description: 'The catalogue path, item id and field id.' },
      label: ref('Label'),
      kind: { enum: ['text', 'yesno', 'choice', 'multi', 'count', 'decimal', 'date', 'timetable', 'closed_days', 'matrix'] },
      value: { description: 'As the catalogue stores it; codes come with their labels (multi, matrix).' },
      text: ref('Label'),
    },
    additionalProperties: false,
  },
  Item: {
    type: 'object',
    required: ['id', 'section', 'label', 'fields'],
    properties: { id: { type: 'string' }, section: { type: 'string' }, label: ref('Label'), fields: { type: 'array', items: ref('Field') } },
    additionalProperties: false,
  },
  Facility: {
    type: 'object',
    required: [
      'id',
      'kind',
      'kind_label',
      'name',
      'name_kana',
      'name_en',
      'pref',
      'pref_name',
      'city',
      'city_name',
      'postcode',
      'address',
      'lat',
      'lon',
      'phone',
      'published_on',
      'published_at',
      'suspended_since',
      'catalogue',
      'departments',
      'hours',
      'closed_days',
      'items',
      'url',
    ],
    properties: {
      id: ref('FacilityId'),
      kind: ref('Kind'),
      kind_label: ref('Label'),
      name: { type: 'string' },
      name_kana: { type: 'string' },
      name_en: nullable('string'),
      pref: { type: 'string', pattern: '^[0-9]{2}$' },
      pref_name: nullable('string'),
      city: { type: 'string', pattern: '^[0-9]{5}$' },
      city_name: nullable('string'),
      postcode: nullable('string'),
      address: nullable('string'),
      lat: nullable('number'),
      lon: nullable('number'),
      phone: nullable('string'),
      published_on: { type: 'string', format: 'date', description: '公表日 (Japan).' },
      published_at: { type: 'string', format: 'date-time' },
      suspended_since: nullable('string'),
      catalogue: { type: 'string', description: 'The item catalogue the values are in (2025:medical …).' },
      departments: { type: 'array', items: ref('Department') },
      hours: { oneOf: [{ type: 'array', items: ref('Band') }, { type: 'null' }], description: 'A one-row timetable (薬局 開店時間, 助産所 就業時間).' },
      closed_days: { oneOf: [ref('ClosedDays'), { type: 'null' }] },
      items: { type: 'array', items: ref('Item'), description: 'Every public item with a value, by catalogue id, in the order of the facility page.' },
      url: { type: 'string', format: 'uri', description: 'The facility page on 医療情報ネット.' },
    },
    additionalProperties: false,
  },
  Problem: {
    type: 'object',
    required: ['param', 'problem', 'message'],
    properties: {
      param: { type: 'string' },
      problem: { enum: ['invalid', 'unknown', 'too_long', 'too_many', 'out_of_range', 'repeated', 'needs', 'other_prefecture'] },
      message: { type: 'string' },
      needs: { type: 'string', description: 'For needs: the parameter that must come with it.' },
    },
    additionalProperties: false,
  },
  InvalidParameters: {
    type: 'object',
    required: ['error', 'problems'],
    properties: { error: { const: 'invalid_parameter' }, problems: { type: 'array', items: ref('Problem'), minItems: 1 } },
    additionalProperties: false,
  },
  Error: {
    type: 'object',
    required: ['error', 'message'],
    properties: { error: { type: 'string' }, message: { type: 'string' }, retry_after: { type: 'integer', minimum: 1 } },
    additionalProperties: false,
  },
};

const json = (schema: Schema) => ({ 'application/json': { schema } });
const header = (description: string, schema: Schema = { type: 'string' }) => ({ description, schema });
const CACHED = {
  ETag: header('A hash of the body; send it back in If-None-Match for a 304.'),
  'Cache-Control': header('How long the answer may be kept.'),
  'Access-Control-Allow-Origin': header('Always *.'),
};
const RESPONSES = {
  notModified: { description: 'Not modified (If-None-Match named the current ETag).', headers: CACHED },
  rateLimited: {
    description: 'Too many requests from this address: try again after Retry-After seconds.',
    headers: { 'Retry-After': header('Seconds to wait.', { type: 'integer' }) },
    content: json(ref('Error')),
  },
};

export function openApiDocument(serverUrl: string): Record<string, unknown> {
  const parameters = SEARCH_PARAMS.map((name) => {
    const p = PARAMS[name];
    return {
      name,
      in: 'query',
      required: false,
      description: `${PARAM_TAKES[name] ?? ''}.${p.detail ? ` ${p.detail}` : ''}`,
      schema: p.schema,
      ...(p.list ? { style: 'form', explode: true } : {}),
      ...(p.example === undefined ? {} : { example: p.example }),
    };
  });
  return {
    openapi: '3.1.0',
    info: {
      title: '医療情報ネット public API',
      version: '1.0.0',
      description:
        'Search the hospitals, clinics, dental clinics, midwifery homes and pharmacies published on 医療情報ネット, and read one facility’s published record. No key and no sign-in; any origin may call it (CORS). Answers carry ETag and Cache-Control; each address may make a limited number of requests a minute (429 with Retry-After beyond it). Unknown parameters are ignored.',
    },
    servers: [{ url: serverUrl }],
    paths: {
      '/search': {
        get: {
          operationId: 'searchFacilities',
          summary: 'Search published facilities',
          description:
            'The same search as the 医療情報ネット search pages. A list parameter may be repeated (kind=hospital&kind=clinic) or comma-separated (kind=hospital,clinic). A bad parameter answers 400, naming each parameter with a problem.',
          parameters,
          responses: {
            '200': { description: 'One page of results.', headers: CACHED, content: json(ref('SearchResponse')) },
            '304': RESPONSES.notModified,
            '400': { description: 'One or more parameters are not valid.', content: json(ref('InvalidParameters')) },
            '429': RESPONSES.rateLimited,
          },
        },
      },
      '/facilities/{id}': {
        get: {
          operationId: 'getFacility',
          summary: 'One facility’s published record',
          description: 'Only what 医療情報ネット shows: the public items of the facility’s item catalogue, with labels in Japanese and English.',
          parameters: [{ name: 'id', in: 'path', required: true, description: 'The facility ID (13 characters).', schema: ref('FacilityId') }],
          responses: {
            '200': { description: 'The published record.', headers: CACHED, content: json(ref('Facility')) },
            '304': RESPONSES.notModified,
            '404': { description: 'No facility with this ID is published.', content: json(ref('Error')) },
            '429': RESPONSES.rateLimited,
          },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'openApi',
          summary: 'This document',
          responses: { '200': { description: 'The OpenAPI document.', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
    },
    components: { schemas: SCHEMAS },
  };
}
