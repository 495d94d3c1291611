/**
 * An athlete's tests of one type as a time series: replays collapsed, in time order, each test marked
 * fresh or post-load. Everything downstream reads these points, so no rule depends on upload order.
 */
import { asymmetry } from '../metrics/asymmetry.ts';
import type { Leg } from '../model/risk.ts';
import type { AnalyticsTest, AnalyticsWorkout } from './input.ts';
import type { RiskSettings } from './settings.ts';
import { DAY_MS, dayOf } from './stats.ts';

export const ASYMMETRY_FORMULA = 'asymmetry.stronger-weaker@1';

export interface PostLoadMark {
  /** MD+1, MD+2, … (MD+0: tested later the same day); `post-load` when neither a session nor the note says. */
  label: string;
  markedBy: 'workout' | 'notes' | 'api';
  note: string | null;
  load: { date: string; exercise: string; source: 'workout' | 'notes' | 'api' } | null;
}

export interface Point {
  testId: string;
  testedAt: string;
  ms: number;
  left: number | null;
  right: number | null;
  asymmetryPct: number | null;
  weakerSide: Leg | null;
  postLoad: PostLoadMark | null;
  hasTrace: boolean;
  decrementPct: { left: number | null; right: number | null } | null;
}

export interface LoadSession {
  /** Timed: the session's time; untimed: the start of its day. */
  ms: number;
  timed: boolean;
  date: string;
  exercise: string;
}

/** A deterministic order (time, then id) and a stable choice among records sharing an id. */
const byTimeThenId = (a: { testedAt: string; testId: string }, b: { testedAt: string; testId: string }) =>
  a.testedAt < b.testedAt ? -1 : a.testedAt > b.testedAt ? 1 : a.testId < b.testId ? -1 : a.testId > b.testId ? 1 : 0;

/** Tests up to `nowMs`, each id once (a replayed record is the same test), oldest first. */
export function distinctTests(tests: readonly AnalyticsTest[], nowMs: number): AnalyticsTest[] {
  const byId = new Map<string, { test: AnalyticsTest; key: string }>();
  for (const test of tests) {
    if (Date.parse(test.testedAt) > nowMs) continue;
    const key = JSON.stringify([test.testedAt, test.left.peakN, test.right.peakN, test.postLoad ?? null, test.trace !== undefined]);
    const seen = byId.get(test.testId);
    // Two different records under one id (a trace merged into its summary): the same one wins in any order.
    if (seen === undefined || key > seen.key) byId.set(test.testId, { test, key });
  }
  return [...byId.values()].map((v) => v.test).sort(byTimeThenId);
}

/** Workouts up to `nowMs` (an untimed one counts from the start of its day), each id once, oldest first. */
export function distinctWorkouts<W extends AnalyticsWorkout>(workouts: readonly W[], nowMs: number): W[] {
  const byId = new Map<string, W>();
  const now = new Date(nowMs).toISOString(); // performedAt is always toISOString's form: compared as text
  for (const w of workouts) if (w.performedAt <= now && !byId.has(w.workoutId)) byId.set(w.workoutId, w);
  return [...byId.values()].sort((a, b) => (a.performedAt < b.performedAt ? -1 : a.performedAt > b.performedAt ? 1 : a.workoutId < b.workoutId ? -1 : 1));
}

export function loadSessions(workouts: readonly AnalyticsWorkout[], settings: RiskSettings): LoadSession[] {
  const kinds = new Set<string>(settings.postLoad.loadExercises);
  return workouts
    .filter((w) => kinds.has(w.exercise))
    .map((w) => ({ ms: Date.parse(w.performedAt), timed: w.time !== null, date: w.date, exercise: w.exercise }));
}

const MD = /\bMD\s*\+\s*(\d)\b/i;

/**
 * post-load.window@1: the latest load session before the test within the window. A timed session counts
 * when the test is 0–windowHours after it; an untimed one (no time of day logged) only from the next day on,
 * up to ceil(windowHours / 24) days, since a test the same day may have come before it.
 */
function sessionBefore(ms: number, sessions: readonly LoadSession[], windowHours: number): LoadSession | null {
  const maxDays = Math.ceil(windowHours / 24);
  let found: LoadSession | null = null;
  // Sessions are in time order: only those from the window's earliest possible start to the test matter.
  let lo = 0;
  let hi = sessions.length;
  const earliest = ms - Math.max(windowHours * 3_600_000, (maxDays + 1) * DAY_MS);
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sessions[mid]!.ms < earliest) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < sessions.length && sessions[i]!.ms <= ms; i++) {
    const s = sessions[i]!;
    const inWindow = s.timed ? ms > s.ms && ms - s.ms <= windowHours * 3_600_000 : dayOf(ms) > dayOf(s.ms) && dayOf(ms) - dayOf(s.ms) <= maxDays;
    if (inWindow && (found === null || s.ms >= found.ms)) found = s;
  }
  return found;
}

export function postLoadMark(test: AnalyticsTest, sessions: readonly LoadSession[], settings: RiskSettings): PostLoadMark | null {
  const ms = Date.parse(test.testedAt);
  const session = sessionBefore(ms, sessions, settings.postLoad.windowHours);
  const label = session ? `MD+${dayOf(ms) - dayOf(session.ms)}` : null;
  if (test.postLoad) {
    const note = test.postLoad.text;
    const fromNote = note ? MD.exec(note) : null;
    const noteLabel = fromNote ? `MD+${fromNote[1]}` : null;
    const loadDate = session?.date ?? new Date((dayOf(ms) - (fromNote ? Number(fromNote[1]) : 0)) * DAY_MS).toISOString().slice(0, 10);
    return {
      label: noteLabel ?? label ?? 'post-load',
      markedBy: test.postLoad.source,
      note,
      load: { date: loadDate, exercise: session?.exercise ?? 'unspecified', source: test.postLoad.source },
    };
  }
  if (session === null) return null;
  return { label: label!, markedBy: 'workout', note: null, load: { date: session.date, exercise: session.exercise, source: 'workout' } };
}

/** The points of one test type, oldest first. */
export function pointsOf(tests: readonly AnalyticsTest[], sessions: readonly LoadSession[], settings: RiskSettings): Point[] {
  return tests.map((t) => {
    const a = asymmetry(t.left.peakN, t.right.peakN, ASYMMETRY_FORMULA);
    const f = t.fatigue;
    return {
      testId: t.testId,
      testedAt: t.testedAt,
      ms: Date.parse(t.testedAt),
      left: t.left.peakN,
      right: t.right.peakN,
      asymmetryPct: a === null ? null : Math.abs(a.pct),
      weakerSide: a?.weakerSide ?? null,
      postLoad: postLoadMark(t, sessions, settings),
      hasTrace: t.trace !== undefined,
      decrementPct: f ? { left: f.left?.decrementPct ?? null, right: f.right?.decrementPct ?? null } : null,
    };
  });
}

/**
 * The start of the season a time belongs to, in ms (-Infinity: no reset). `MM-DD` recurs every year;
 * `YYYY-MM-DD` is one date, before which no reset is known.
 */
export function seasonStartOf(ms: number, setting: string | null): number {
  if (setting === null) return -Infinity;
  const parts = setting.split('-').map(Number);
  if (parts.length === 3) {
    const start = Date.UTC(parts[0]!, parts[1]! - 1, parts[2]!);
    return ms >= start ? start : -Infinity;
  }
  const year = new Date(ms).getUTCFullYear();
  const thisYear = Date.UTC(year, parts[0]! - 1, parts[1]!);
  return ms >= thisYear ? thisYear : Date.UTC(year - 1, parts[0]! - 1, parts[1]!);
}

export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
