/**
 * Trace metadata from four places, merged field by field with precedence sidecar > S3 object metadata >
 * file name > file content: VALD Hub's "Export Force Trace" CSV carries athlete, test type and date only in
 * its file name (`nordbord-nordic-Jane-Doe-export-01_03_2026.csv`).
 */
import type { AthleteKeys } from '../identity/athlete-id.ts';
import { idProblem, type IdKind } from '../identity/id-grammar.ts';
import { reject, type MetaSource, type TraceMeta, type TraceRejection, type TraceWarning } from './types.ts';

/** One source's contribution: any subset of the fields. */
export type PartialMeta = Partial<Omit<TraceMeta, 'metaSources'>>;

export interface MetaInputs {
  /** The upload's file name or key (any directory part is ignored). */
  fileName?: string | undefined;
  /** S3 object metadata (`x-amz-meta-*` without the prefix): athlete, athlete-id, test-type, tested-at, device, body-mass-kg, lever-arm-m. */
  objectMetadata?: Record<string, string> | undefined;
  /** A sidecar JSON object: athleteName, athleteId, testType, testedAt, device, bodyMassKg, leverArmM. */
  sidecar?: unknown;
}

const FIELDS = ['athleteName', 'athleteId', 'valdProfileId', 'testId', 'testedAt', 'testType', 'device', 'bodyMassKg', 'leverArmM', 'calibration'] as const;

const DEVICES: Record<string, string> = { nordbord: 'NordBord', forceframe: 'ForceFrame', forcedecks: 'ForceDecks', dynamo: 'DynaMo', smartspeed: 'SmartSpeed' };
/** Multi-word test types as they appear hyphenated in file names. */
const TEST_TYPES: [string[], string][] = [
  [['iso', 'prone'], 'ISO Prone'],
  [['iso', '30'], 'ISO 30°'],
  [['iso', '60'], 'ISO 60°'],
  [['nordic'], 'Nordic'],
  [['razor'], 'Razor'],
  [['custom'], 'Custom'],
];

const capitalise = (w: string) => (w ? w[0]!.toUpperCase() + w.slice(1) : w);

/** `nordbord-nordic-Jane-Doe-export-01_03_2026.csv` = device-test-First-…-Last-export-DD_MM_YYYY. */
export function metaFromFileName(fileName: string, warnings: TraceWarning[] = []): PartialMeta {
  const base = fileName
    .split(/[\\/]/)
    .pop()!
    .replace(/(\.(csv|json|txt|gz))+$/i, '')
    .replace(/\s*\(\d+\)$/, '');
  const m = /^(.+?)-export-(\d{1,2})[_.-](\d{1,2})[_.-](\d{4})$/i.exec(base);
  if (!m) return {};
  const tokens = m[1]!.split('-').filter(Boolean);
  if (tokens.length < 3) return {};
  const out: PartialMeta = {};
  const deviceToken = tokens.shift()!;
  out.device = DEVICES[deviceToken.toLowerCase()] ?? capitalise(deviceToken);
  const lower = tokens.map((t) => t.toLowerCase());
  const known = TEST_TYPES.find(([words]) => words.length < tokens.length && words.every((w, i) => lower[i] === w));
  const testWords = known ? known[0].length : 1;
  out.testType = known ? known[1] : capitalise(tokens[0]!);
  out.athleteName = tokens.slice(testWords).join(' ');
  const [day, month, year] = [+m[2]!, +m[3]!, +m[4]!];
  const ms = Date.UTC(year, month - 1, day);
  const d = new Date(ms);
  if (d.getUTCDate() === day && d.getUTCMonth() === month - 1) {
    out.testedAt = d.toISOString();
    warnings.push({ code: 'date-only', message: `the file name gives only a date (${m[2]}_${m[3]}_${m[4]}, read as DD_MM_YYYY): testedAt is midnight UTC` });
  } else warnings.push({ code: 'file-name-date-invalid', message: `"${m[2]}_${m[3]}_${m[4]}" in the file name is not a DD_MM_YYYY date; ignored` });
  return out;
}

/** A date-time text as ISO UTC; a bare date gives midnight UTC and a warning. Null when unreadable. */
export function isoUtc(text: string, what: string, warnings: TraceWarning[]): string | null {
  const t = text.trim();
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (dateOnly) {
    const ms = Date.UTC(+dateOnly[1]!, +dateOnly[2]! - 1, +dateOnly[3]!);
    if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== t) return null;
    warnings.push({ code: 'date-only', message: `${what} gives only a date (${t}): testedAt is midnight UTC` });
    return new Date(ms).toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(t)) return null;
  // Without a zone the time is UTC (VALD's testDateUtc has no suffix in some responses).
  const ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(t) ? t : `${t.replace(' ', 'T')}Z`);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

const numberOrNull = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v.trim().replace(',', '.')) : Number.NaN;
  return Number.isFinite(n) ? n : null;
};
const textOrNull = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null);

export function metaFromObjectMetadata(md: Record<string, string>, warnings: TraceWarning[] = []): PartialMeta {
  const get = (k: string) => {
    for (const [key, value] of Object.entries(md)) if (key.toLowerCase().replace(/^x-amz-meta-/, '') === k) return value;
    return undefined;
  };
  return cleanPartial(
    {
      athleteName: get('athlete'),
      athleteId: get('athlete-id'),
      testType: get('test-type'),
      testedAt: get('tested-at'),
      device: get('device'),
      bodyMassKg: get('body-mass-kg'),
      leverArmM: get('lever-arm-m'),
    },
    'S3 object metadata',
    warnings,
  );
}

export function metaFromSidecar(sidecar: unknown, warnings: TraceWarning[] = []): PartialMeta {
  if (typeof sidecar !== 'object' || sidecar === null || Array.isArray(sidecar)) {
    if (sidecar !== undefined && sidecar !== null) warnings.push({ code: 'sidecar-ignored', message: 'the sidecar is not a JSON object; ignored' });
    return {};
  }
  const s = sidecar as Record<string, unknown>;
  const out = cleanPartial(
    {
      athleteName: s.athleteName,
      athleteId: s.athleteId,
      valdProfileId: s.valdProfileId,
      testId: s.testId,
      testType: s.testType,
      testedAt: s.testedAt,
      device: s.device,
      bodyMassKg: s.bodyMassKg,
      leverArmM: s.leverArmM,
    },
    'the sidecar',
    warnings,
  );
  const cal = s.calibration as { left?: unknown; right?: unknown } | undefined;
  if (cal && typeof cal === 'object') {
    const left = numberOrNull(cal.left);
    const right = numberOrNull(cal.right);
    if (left !== null && right !== null) out.calibration = { left, right };
  }
  return out;
}

function cleanPartial(raw: Record<string, unknown>, where: string, warnings: TraceWarning[]): PartialMeta {
  const out: PartialMeta = {};
  for (const key of ['athleteName', 'athleteId', 'valdProfileId', 'testId', 'testType', 'device'] as const) {
    const v = textOrNull(raw[key]);
    if (v !== null) out[key] = v;
  }
  if (raw.testedAt !== undefined && raw.testedAt !== null && raw.testedAt !== '') {
    const iso = typeof raw.testedAt === 'string' ? isoUtc(raw.testedAt, where, warnings) : null;
    if (iso) out.testedAt = iso;
    else warnings.push({ code: 'meta-ignored', message: `testedAt ${JSON.stringify(raw.testedAt)} in ${where} is not an ISO 8601 date; ignored` });
  }
  for (const key of ['bodyMassKg', 'leverArmM'] as const) {
    if (raw[key] === undefined || raw[key] === null || raw[key] === '') continue;
    const v = numberOrNull(raw[key]);
    if (v !== null && v > 0) out[key] = v;
    else warnings.push({ code: 'meta-ignored', message: `${key} ${JSON.stringify(raw[key])} in ${where} is not a positive number; ignored` });
  }
  return out;
}

/**
 * Merges the sources field by field (sidecar > object metadata > file name > content) and requires an athlete.
 * `content` is what the file itself says (VALD API ids, Eccentric header fields).
 */
export function mergeMeta(inputs: MetaInputs, content: PartialMeta, warnings: TraceWarning[]): { ok: true; meta: TraceMeta } | TraceRejection {
  const sources: [MetaSource, PartialMeta][] = [
    ['sidecar', metaFromSidecar(inputs.sidecar, warnings)],
    ['object-metadata', inputs.objectMetadata ? metaFromObjectMetadata(inputs.objectMetadata, warnings) : {}],
  ];
  const nameWarnings: TraceWarning[] = [];
  const fromName = inputs.fileName ? metaFromFileName(inputs.fileName, nameWarnings) : {};
  sources.push(['file-name', fromName], ['content', content]);
  const badId = idFromAnySource(sources);
  if (badId) return badId;
  const meta: TraceMeta = {
    athleteName: null,
    athleteId: null,
    valdProfileId: null,
    testId: null,
    testedAt: null,
    testType: null,
    device: null,
    bodyMassKg: null,
    leverArmM: null,
    calibration: null,
    metaSources: {},
  };
  for (const field of FIELDS) {
    for (const [source, partial] of sources) {
      const v = partial[field];
      if (v === undefined || v === null) continue;
      (meta as unknown as Record<string, unknown>)[field] = v;
      meta.metaSources[field] = source;
      break;
    }
  }
  // File-name warnings only matter when the file name supplied the value they are about.
  if (meta.metaSources.testedAt === 'file-name') warnings.push(...nameWarnings.filter((w) => w.code === 'date-only'));
  warnings.push(...nameWarnings.filter((w) => w.code === 'file-name-date-invalid'));
  if (!meta.athleteName && !meta.athleteId && !meta.valdProfileId) {
    return reject(
      'no-athlete',
      'no athlete can be identified: the sidecar, the S3 object metadata (athlete, athlete-id), the file name (device-test-First-Last-export-DD_MM_YYYY) and the content name none',
    );
  }
  return { ok: true, meta };
}

const ID_FIELDS: [keyof PartialMeta & ('athleteId' | 'valdProfileId' | 'testId'), IdKind][] = [
  ['athleteId', 'athlete'],
  ['valdProfileId', 'athlete'],
  ['testId', 'test'],
];
const SOURCE_NAMES: Record<MetaSource, string> = { sidecar: 'the sidecar', 'object-metadata': 'the S3 object metadata', 'file-name': 'the file name', content: 'the file' };

/**
 * Ids become key parts (`traces/<team>/<athlete>/<test>.f32`, item keys), so every source's ids are held
 * to the one id grammar, even one a higher-precedence source overrides: a file that carries
 * `../../other-team/x` is refused, naming the field and where it came from.
 */
function idFromAnySource(sources: [MetaSource, PartialMeta][]): TraceRejection | null {
  for (const [source, partial] of sources) {
    for (const [field, kind] of ID_FIELDS) {
      const value = partial[field];
      if (value === undefined || value === null) continue;
      const problem = idProblem(kind, value);
      if (problem) return reject('invalid-id', `${field} in ${SOURCE_NAMES[source]}: ${problem}`, { column: field });
    }
  }
  return null;
}

/** Keys for shared/identity/athlete-id.ts resolvers. meta.athleteId, when present, is already a team id. */
export function athleteKeysOf(meta: Pick<TraceMeta, 'athleteName' | 'valdProfileId'>): AthleteKeys {
  return { name: meta.athleteName, externalId: null, valdProfileId: meta.valdProfileId };
}
