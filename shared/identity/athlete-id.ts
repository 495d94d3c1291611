/** Athlete identity: stable, key-safe ids from names, external ids and VALD profile ids. */

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

/**
 * The id an athlete gets without a roster link: the VALD profile id for API rows; for Hub rows the
 * ExternalId when present, else the normalised name.
 */
export function defaultAthleteId(keys: AthleteKeys): string | null {
  if (keys.valdProfileId) return slug(keys.valdProfileId);
  if (keys.externalId) return `ext-${slug(keys.externalId)}`;
  if (keys.name) return slug(keys.name) || null;
  return null;
}

/** Alias keys under which a roster or an import links an athlete: `vald:…`, `ext:…`, `name:…`. */
export function aliasKeys(keys: AthleteKeys): string[] {
  const out: string[] = [];
  if (keys.valdProfileId) out.push(`vald:${slug(keys.valdProfileId)}`);
  if (keys.externalId) out.push(`ext:${slug(keys.externalId)}`);
  if (keys.name && slug(keys.name)) out.push(`name:${normaliseName(keys.name)}`);
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
