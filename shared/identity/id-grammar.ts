/**
 * One grammar for every id that becomes a key or a key part: athletes, tests, uploads (DynamoDB keys,
 * S3 keys such as `traces/<team>/<athlete>/<test>.f32`, URL path segments). Applied at the boundary where
 * an id enters (a file's content, an S3 key, a path parameter): an id that fails is rejected with the
 * reason, never cleaned up silently, so `../../other-team/x` can never climb out of its prefix.
 *
 * - entity ids: 1–128 characters, letters, digits, `.`, `_`, `-`, `@`; the first is a letter or digit,
 *   and no two dots in a row (no `..` segment, whatever joins the parts).
 * - team ids: 2–63 characters, lower-case letters, digits and hyphens (they lead every partition key and
 *   are DNS-label shaped, as Cognito attributes and bucket prefixes like them).
 *
 * Ids keep the case the user wrote (responses echo it); keys use `idKey`, their lower-case form, so
 * `QB07` and `qb07` are one athlete and every route resolves ids case-insensitively.
 */
export const ENTITY_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;
export const TEAM_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

export const ENTITY_ID_RULE = '1–128 letters, digits, ".", "_", "-" or "@", starting with a letter or digit, no ".."';
export const TEAM_ID_RULE = '2–63 lower-case letters, digits and hyphens, starting with a letter or digit';

export type IdKind = 'athlete' | 'test' | 'upload' | 'team';

/** Why `value` cannot be an id of this kind, or null when it can. */
export function idProblem(kind: IdKind, value: unknown): string | null {
  if (typeof value !== 'string') return `${kind} id is not text`;
  const shown = JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value);
  if (kind === 'team') return TEAM_ID.test(value) ? null : `${shown} is not a team id (${TEAM_ID_RULE})`;
  const article = kind === 'test' ? 'a' : 'an';
  if (!isEntityId(value)) return `${shown} cannot be ${article} ${kind} id (${ENTITY_ID_RULE})`;
  return null;
}

export const isEntityId = (value: unknown): value is string => typeof value === 'string' && ENTITY_ID.test(value) && !value.includes('..');

/** The form of an id used in keys: ids are compared without case. */
export const idKey = (id: string): string => id.toLowerCase();
