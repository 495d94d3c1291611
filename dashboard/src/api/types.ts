/**
 * What the HTTP API answers, as the dashboard reads it. The risk fields come from the shared contract
 * (shared/model/risk.ts); until the risk API serves them they are absent and the views say so.
 */
import type { AthleteSummary, Leg } from '../../../shared/model/risk.ts';
import type { Rejection, TestRecord } from '../../../shared/model/test-record.ts';

export interface LatestSide {
  peakN: number | null;
  peakNPerKg: number | null;
  repCount: number | null;
}

export interface LatestTest {
  testId: string;
  testedAt: string;
  testType: string;
  left: LatestSide;
  right: LatestSide;
  asymmetry: { pct: number; weakerSide: Leg | null; formula: string } | null;
  warnings: { code: string; message: string }[];
  daysSince: number;
}

/** The contract's per-athlete summary fields, present once the risk API fills them. */
export type SummaryFields = Partial<Pick<AthleteSummary, 'status' | 'change' | 'asymmetryTrend' | 'postLoad' | 'exposure' | 'bridge' | 'proneCurl' | 'rtp' | 'thresholds'>>;

export interface SquadRow extends SummaryFields {
  athleteId: string;
  name: string | null;
  /** What to call the athlete: the name, else a label the API makes (e.g. "VALD athlete 3f2a9c1e…"). */
  displayName?: string;
  squad: string | null;
  position: string | null;
  bodyMassKg: number | null;
  latest: LatestTest | null;
}

export interface Squad {
  testType: string;
  athletes: SquadRow[];
  next: string | null;
}

export interface AthleteProfile {
  athleteId: string;
  name: string | null;
  displayName?: string;
  externalId: string | null;
  valdProfileId: string | null;
  squad: string | null;
  position: string | null;
  sport: string | null;
  bodyMassKg: number | null;
  dateOfBirth: string | null;
  injuries: { date: string; side: Leg | null }[];
  latest: Record<string, LatestTest>;
}

export type StoredTest = TestRecord & { uploadId?: string };

export interface TestPage {
  athleteId: string;
  name: string | null;
  tests: StoredTest[];
  next: string | null;
}

export interface TraceResponse {
  testId: string;
  sampleRateHz: number;
  samples: number;
  durationS: number;
  downsample: string;
  left: { t: number[]; n: number[] };
  right: { t: number[]; n: number[] };
  reps: { left: { index: number; startS: number; endS: number; peakS: number; peakN: number }[]; right: { index: number; startS: number; endS: number; peakS: number; peakN: number }[] };
}

export interface PresignedUpload {
  uploadId: string;
  key: string;
  method: 'PUT';
  url: string;
  headers: Record<string, string>;
  expiresAt: string;
}

/** `awaiting-upload` is the old name of `queued`. */
export type UploadStatus = 'queued' | 'awaiting-upload' | 'processing' | 'done' | 'rejected' | 'failed' | 'held';

export interface UploadItem {
  uploadId: string;
  key: string;
  fileName: string;
  status: UploadStatus;
  createdAt: string;
  updatedAt: string;
  kind?: string;
  storedTests?: number;
  rejectedCount?: number;
  noRepRows?: number;
  newAthletes?: string[];
  message?: string;
  /** A large upload stored in chunks: how many, how many stored so far. */
  parts?: { total: number; done: number };
}

export interface UploadReport extends UploadItem {
  summary?: Record<string, unknown>;
  storedAthletes?: number;
  rejected?: Rejection[];
  reportUrl: string | null;
}

export interface TeamSettings {
  teamId: string;
  defaults: Record<string, unknown>;
  [key: string]: unknown;
}

/** One workout row as `GET …/workouts` serves it (issue 17 §2); fields beyond these are shown as given. */
export interface WorkoutRow {
  date: string;
  exercise: string;
  sets?: number | null;
  reps?: number | number[] | null;
  loadKg?: number | null;
  side?: 'left' | 'right' | 'both' | null;
  rpe?: number | null;
  durationMin?: number | null;
  notes?: string | null;
}

/** The athlete's label in the page: the API's displayName, else the name, else the id. */
export const nameOf = (a: { athleteId: string; name: string | null; displayName?: string }): string => a.displayName ?? a.name ?? a.athleteId;
