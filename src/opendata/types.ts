// The shapes the ministry's open-data snapshot (OPEN-DATA.md) takes in our code: a facility as a snapshot
// gives it, mapped into our catalogue's values, and what reading a snapshot reports (notes on values it
// normalised or dropped; a refusal when a row cannot be placed). Shared by the reader, the writer, the bulk
// publication path and the national seed.
import type { InstitutionKind } from '../db/schema.ts';
import type { ReportValues } from '../reporting/catalogue/types.ts';
import type { RecordProjection } from '../reporting/publication-repository.ts';
import type { SearchDocument } from '../search/document.ts';

/** The 8 files of a snapshot, by file stem (`<stem>.csv`). */
export const OPEN_DATA_FILE_STEMS = [
  '01-1_hospital_facility_info',
  '01-2_hospital_speciality_hours',
  '02-1_clinic_facility_info',
  '02-2_clinic_speciality_hours',
  '03-1_dental_facility_info',
  '03-2_dental_speciality_hours',
  '04_maternity_home',
  '05_pharmacy',
] as const;
/** One file of a snapshot. */
export type OpenDataFileStem = (typeof OPEN_DATA_FILE_STEMS)[number];

/** One facility as the snapshot gives it, mapped into our catalogue's values (FY of the snapshot's catalogue). */
export interface SnapshotFacility {
  /** 13 characters: 都道府県コード (2) + 機関区分 (1) + 機関コード (10). */
  id: string;
  /** From the id's kind digit (which must match its file). */
  kind: InstitutionKind;
  /** 2 digits. */
  prefectureCode: string;
  /** 5 digits: the prefecture code and the file's 3 digits. */
  municipalityCode: string;
  /** 10 characters, as in the id (leading zeros kept; letters possible). */
  institutionCode: string;
  /** 正式名称 (薬局: 名称), as published (full-width Latin kept: search folds it). */
  name: string;
  /** 正式名称（フリガナ） (薬局: フリガナ); '' when the file has none. */
  nameKana: string;
  /** 英語表記（ローマ字表記） (薬局: ローマ字). */
  nameEn?: string;
  /** 所在地 as published. */
  address: string;
  /** Absent when the file gives 0.0 (or nothing). */
  lat?: number;
  lon?: number;
  /** Canonical (catalogue/values.ts canonicalValues), in catalogueFor(fiscalYear, kind)'s shape. */
  values: ReportValues;
  /** Where the facility's row is (its facility file's line; the header is line 1). */
  source: { file: OpenDataFileStem; line: number };
}

/**
 * A facility with what publishing it makes of its values made ahead (prepare.ts, in the thread that reads
 * the snapshot), instead of the values: the thread that writes gets only what it writes.
 */
export interface PreparedFacility extends Omit<SnapshotFacility, 'values'> {
  prepared: {
    /** The catalogue (id) the values are in: catalogueFor(fiscalYear, kind). */
    catalogue: string;
    /** JSON.stringify(values): the publication's text (the values are canonical, so the same values give the same text). */
    valuesJson: string;
    /** projectionOf(values, the facility's names): what the record shows of them. */
    shown: RecordProjection;
    /** The record's search document as publishSnapshot first inserts it (published_at 0: the indexer sets it). */
    document: SearchDocument;
  };
}

/** A value the reader normalised or dropped (the import report counts these by file, column and `what`). */
export interface ImportNote {
  file: OpenDataFileStem;
  /** The line of the file (the header is line 1). */
  line: number;
  /** The column's header. */
  column: string;
  /** What was done, as a stable key (`opendata.note.*` in src/platform/messages/opendata.ts). */
  what: string;
  /** The value as published, when it helps to see it. */
  detail?: string;
}

/** Why a snapshot is refused whole: where (file, line, column when known; no file when the directory holds none) and a Japanese message. */
export interface ImportRefusal {
  file?: OpenDataFileStem;
  line?: number;
  column?: string;
  message: string;
}

/** Thrown by the reader (before the first facility, or while iterating): the snapshot must not be applied. */
export class SnapshotRefused extends Error {
  constructor(readonly refusal: ImportRefusal) {
    const where = [refusal.file ?? '', refusal.line === undefined ? '' : `${refusal.line}行目`, refusal.column ?? ''].filter((s) => s !== '').join(' ');
    super(where === '' ? refusal.message : `${where}: ${refusal.message}`);
    this.name = 'SnapshotRefused';
  }
}

/** How far reading has come, for a progress bar: bytes of the snapshot's files read of their total. */
export interface ReadProgress {
  bytesRead: number;
  totalBytes: number;
  /** Facilities handed out so far. */
  facilities: number;
}
