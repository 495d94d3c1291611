import type { Exercise } from '../model/workout-record.ts';

/**
 * Exercise names as coaches write them, reduced to words (case, accents, punctuation and plurals dropped,
 * `SL`/`single-leg` → `single leg`) and looked up here. A name not listed is kept as free text (`other`).
 */
const aliasList: [Exercise, string[]][] = [
  ['nordic', ['nordic', 'nordic curl', 'nordic hamstring', 'nordic hamstring exercise', 'nordic hamstring curl', 'nordic lower', 'nhe', 'nordic hamstring lower']],
  ['razor', ['razor', 'razor curl', 'razor hamstring curl']],
  ['bridge_test', ['bridge test', 'single leg bridge test', 'hamstring bridge test', 'single leg hamstring bridge test', 'slhb test', 'shb test', 'bridge to fatigue']],
  ['single_leg_bridge', ['single leg bridge', 'single leg hamstring bridge', 'single leg bench bridge', 'bench bridge single leg', 'single leg glute bridge', 'bench bridge up']],
  ['prone_curl', ['prone curl', 'prone hamstring curl', 'prone leg curl', 'prone single leg curl', 'prone single leg hamstring curl', 'single leg prone curl', 'prone hamstring single leg curl', 'lying leg curl', 'lying hamstring curl']],
  ['single_leg_rdl', ['single leg rdl', 'single leg romanian deadlift', 'single leg romanian dead lift', 'single leg deadlift']],
  ['back_extension', ['back extension', 'single leg back extension', '45 degree back extension', 'hyperextension', 'back raise']],
  ['deadlift', ['deadlift', 'dead lift', 'romanian deadlift', 'rdl', 'trap bar deadlift', 'conventional deadlift', 'stiff leg deadlift']],
  ['run', ['run', 'running', 'jog', 'sprint', 'interval run', 'tempo run', 'long run', 'easy run', 'conditioning run', 'high speed running', 'hsr']],
  ['match', ['match', 'game', 'match play', 'competition', 'fixture', 'race']],
];

const WORD_ALIASES: Record<string, string> = { sl: 'single leg', singleleg: 'single leg', unilateral: 'single leg', deg: 'degree' };

/** `Single-Leg RDLs` → `single leg rdl`; `Nordic Curls` → `nordic curl`. */
export function normaliseExercise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/°/g, ' degree ')
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((w) => WORD_ALIASES[w] ?? (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w))
    .join(' ');
}

const aliases = new Map<string, Exercise>(aliasList.flatMap(([exercise, names]) => names.map((n) => [normaliseExercise(n), exercise] as const)));

/** The canonical exercise of a name as written; `other` for any name not recognised. */
export function exerciseOf(text: string): Exercise {
  return aliases.get(normaliseExercise(text)) ?? 'other';
}

/** Load sessions: a test within the post-load window after one is not a fresh test. */
export const LOAD_EXERCISES: readonly Exercise[] = ['match', 'run'];
