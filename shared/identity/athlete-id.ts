/**
 * Athlete identity. An athlete's id is the one the user gave, exactly as written: the roster's
 * `athleteId`, else the export's ExternalId, else the VALD profile id, else a slug of the name
 * (`Jane Doe` → `jane-doe`). Keys compare ids without case (`idKey`), so `QB07` in a roster and `qb07`
 * in a URL are one athlete. An id that is not key-safe (id-grammar.ts) is refused where it enters.
 */
import { idKey, idProblem } from './id-grammar.ts';

/** `Jöhn  O'Neil` → `john-o-neil`: lower case, accents dropped, anything else a single hyphen. */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** How a name is compared across files: case, accents, punctuation and spacing ignored. */
export const normaliseName = slug;

export interface AthleteKeys {
  name: string | null;
  externalId: string | null;
  valdProfileId: string | null;
}

/** Resolves an athlete to a team's id (the roster's links); returns undefined for an unknown athlete. */
export type AthleteResolver = (keys: AthleteKeys) => string | undefined;

/** Which of an athlete's keys gave its id, for the wording of a refusal. */
export type AthleteIdSource = 'externalId' | 'valdProfileId' | 'name';

/**
 * The id an athlete gets without a roster link (`identity.as-written@1`): the ExternalId as written, else
 * the VALD profile id as written, else the slug of the name; null when the row names nobody.
 */
export function defaultAthleteId(keys: AthleteKeys): { id: string; from: AthleteIdSource } | null {
  const externalId = keys.externalId?.trim();
  if (externalId) return { id: externalId, from: 'externalId' };
  const vald = keys.valdProfileId?.trim();
  if (vald) return { id: vald, from: 'valdProfileId' };
  const fromName = keys.name ? slug(keys.name) : '';
  return fromName ? { id: fromName, from: 'name' } : null;
}

/** Why this id cannot be an athlete's, in words naming where it came from; null when it can. */
export function athleteIdProblem(id: string, from: AthleteIdSource | 'athleteId'): string | null {
  const problem = idProblem('athlete', id);
  if (problem === null) return null;
  const what = { externalId: 'the ExternalId', valdProfileId: 'the VALD profile id', name: 'the name', athleteId: 'the athleteId' }[from];
  return `${what} ${problem}${from === 'athleteId' ? '' : '; a roster row can link it to an athlete id'}`;
}

/** Alias keys under which a roster or an import links an athlete: `vald:…`, `ext:…`, `name:…` (case-free). */
export function aliasKeys(keys: AthleteKeys): string[] {
  const out: string[] = [];
  const vald = keys.valdProfileId?.trim();
  const ext = keys.externalId?.trim();
  if (vald) out.push(`vald:${idKey(vald)}`);
  if (ext) out.push(`ext:${idKey(ext)}`);
  const name = keys.name ? normaliseName(keys.name) : '';
  if (name) out.push(`name:${name}`);
  return out;
}

/** A resolver over alias → athleteId pairs, most specific key first. */
export function resolverFromAliases(aliases: ReadonlyMap<string, string>): AthleteResolver {
  return (keys) => {
    for (const key of aliasKeys(keys)) {
      const id = aliases.get(key);
      if (id) return id;
    }
    return undefined;
  };
}

/** The team's athlete ids as stored (the aliases' targets), looked up without case: a workout row's `athleteId` → the stored spelling. */
export function knownIdsFromAliases(aliases: ReadonlyMap<string, string>): (id: string) => string | undefined {
  const byKey = new Map<string, string>();
  for (const id of aliases.values()) byKey.set(idKey(id), id);
  return (id) => byKey.get(idKey(id));
}
