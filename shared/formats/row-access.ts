import type { CsvRecord } from '../csv/csv-record.ts';
import { TextInterner } from '../csv/text-interner.ts';
import type { RowKeyCache } from '../csv/row-key-cache.ts';
import { canonicalFieldOf, type CanonicalField, type HeaderMapping } from './header-aliases.ts';

/** Cell states for readNumbers: 0 empty or absent, 1 a number, 2 not a number (3, a number the store cannot keep: check-only cells). */
const EMPTY = 0;
const NUMBER = 1;
const INVALID = 2;

/** Uniform access to one input row by canonical field, whether it came from CSV or JSON. */
export interface RowAccess {
  readonly line: number;
  has(field: CanonicalField): boolean;
  /** Trimmed text; '' when the field is absent or empty. */
  text(field: CanonicalField): string;
  /** null when absent or empty, NaN when not a number. */
  num(field: CanonicalField): number | null;
  /** The header name as found in the file, for error messages. */
  column(field: CanonicalField): string;
  /** Reads several numeric fields at once into `values`, with each cell's state (empty / number / invalid). */
  /** `checkOnly`: the index of a field only checked to be a number (its value stays NaN), or -1. */
  readNumbers(fields: readonly CanonicalField[], values: Float64Array, cells: Uint8Array, checkOnly: number): void;
  /** Reads several text fields at once ('' when absent or empty). */
  readTexts(fields: readonly CanonicalField[], out: string[]): void;
  /** CSV rows: the value `cache` keeps for the bytes of these fields, or undefined (then remember() one). */
  cached?<T>(fields: readonly CanonicalField[], cache: RowKeyCache<T>): T | undefined;
  /** CSV rows: keeps `value` for the bytes of these fields, after cached() missed on this row. */
  remember?<T>(fields: readonly CanonicalField[], cache: RowKeyCache<T>, value: T): void;
}

function readEach(row: RowAccess, fields: readonly CanonicalField[], values: Float64Array, cells: Uint8Array): void {
  for (let i = 0; i < fields.length; i++) {
    const v = row.num(fields[i]!);
    cells[i] = v === null ? EMPTY : Number.isFinite(v) ? NUMBER : INVALID;
    values[i] = v ?? Number.NaN;
  }
}

export class CsvRowAccess implements RowAccess {
  record!: CsvRecord;
  private readonly mapping: HeaderMapping;
  /** Column indices per field list, found by the list's identity: a row reads three or four lists. */
  private readonly fieldLists: (readonly CanonicalField[])[] = [];
  private readonly indexLists: Int32Array[] = [];
  private readonly interners: TextInterner[] = [];
  constructor(mapping: HeaderMapping) {
    this.mapping = mapping;
  }

  private indicesOf(fields: readonly CanonicalField[]): Int32Array {
    const lists = this.fieldLists;
    for (let i = 0; i < lists.length; i++) if (lists[i] === fields) return this.indexLists[i]!;
    const indices = Int32Array.from(fields, (f) => this.mapping.columns[f] ?? -1);
    lists.push(fields);
    this.indexLists.push(indices);
    return indices;
  }

  cached<T>(fields: readonly CanonicalField[], cache: RowKeyCache<T>): T | undefined {
    return cache.enabled ? cache.get(this.record, this.indicesOf(fields)) : undefined;
  }

  /** RowKeyCache.warm for a batch of records about to be read through this access (see RecordBatchHook). */
  warm<T>(records: readonly CsvRecord[], count: number, fields: readonly CanonicalField[], cache: RowKeyCache<T>, touch: (value: T) => number): void {
    if (cache.enabled) cache.warm(records, count, this.indicesOf(fields), touch);
  }

  remember<T>(fields: readonly CanonicalField[], cache: RowKeyCache<T>, value: T): void {
    if (cache.enabled) cache.put(this.record, this.indicesOf(fields), value);
  }

  /** Text fields repeat from row to row: each column decodes through its own interner. */
  readTexts(fields: readonly CanonicalField[], out: string[]): void {
    const indices = this.indicesOf(fields);
    const interners = this.interners;
    for (let i = 0; i < fields.length; i++) {
      const col = indices[i]!;
      out[i] = col < 0 ? '' : this.record.internedText(col, interners[col] ?? (interners[col] = new TextInterner()));
    }
  }

  readNumbers(fields: readonly CanonicalField[], values: Float64Array, cells: Uint8Array, checkOnly: number): void {
    const indices = this.indicesOf(fields);
    const rec = this.record;
    for (let i = 0; i < fields.length; i++) {
      const col = indices[i]!;
      if (i === checkOnly) {
        cells[i] = col < 0 || rec.isEmpty(col) ? EMPTY : rec.checkNumber(col);
        values[i] = Number.NaN;
        continue;
      }
      if (col < 0) {
        cells[i] = EMPTY;
        values[i] = Number.NaN;
      } else cells[i] = rec.numberInto(col, values, i);
    }
  }

  get line(): number {
    return this.record.line;
  }
  has(field: CanonicalField): boolean {
    return this.mapping.columns[field] !== undefined;
  }
  text(field: CanonicalField): string {
    const i = this.mapping.columns[field];
    return i === undefined ? '' : this.record.text(i);
  }
  num(field: CanonicalField): number | null {
    const i = this.mapping.columns[field];
    return i === undefined ? null : this.record.number(i);
  }
  column(field: CanonicalField): string {
    const i = this.mapping.columns[field];
    return i === undefined ? field : (this.mapping.headers[i] ?? field);
  }
}

/** A JSON object (one VALD API row) seen through the same aliases as CSV headers. */
export class JsonRowAccess implements RowAccess {
  private readonly keys = new Map<CanonicalField, string>();
  private readonly row: Record<string, unknown>;
  readonly line: number;
  constructor(row: Record<string, unknown>, line: number) {
    this.row = row;
    this.line = line;
    for (const key of Object.keys(row)) {
      const field = canonicalFieldOf(key);
      if (field && !this.keys.has(field)) this.keys.set(field, key);
    }
  }
  has(field: CanonicalField): boolean {
    return this.keys.has(field);
  }
  private raw(field: CanonicalField): unknown {
    const key = this.keys.get(field);
    return key === undefined ? undefined : this.row[key];
  }
  text(field: CanonicalField): string {
    const v = this.raw(field);
    return v === undefined || v === null ? '' : String(v).trim();
  }
  num(field: CanonicalField): number | null {
    const v = this.raw(field);
    if (v === undefined || v === null || v === '') return null;
    if (typeof v === 'number') return v;
    if (typeof v === 'string') return v.trim() === '' ? null : Number(v);
    return Number.NaN;
  }
  column(field: CanonicalField): string {
    return this.keys.get(field) ?? field;
  }
  readNumbers(fields: readonly CanonicalField[], values: Float64Array, cells: Uint8Array): void {
    readEach(this, fields, values, cells);
  }
  readTexts(fields: readonly CanonicalField[], out: string[]): void {
    for (let i = 0; i < fields.length; i++) out[i] = this.text(fields[i]!);
  }
}
