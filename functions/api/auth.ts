import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { HttpError } from './http.ts';

type Claims = Record<string, string | number | boolean | string[]>;

/**
 * The caller's team, from the JWT claims API Gateway's authorizer delivers (locally: the same shape,
 * filled after jose verified the dev token). Never from the path alone. The authorizer has checked the
 * signature, issuer and audience; this checks again what a token must carry whatever the IdP's
 * settings: an expiry in the future, and one team (`custom:teamId` from Cognito, or `teamId`) — a token
 * naming two different teams is refused rather than letting one silently win.
 */
export function callerTeam(event: APIGatewayProxyEventV2WithJWTAuthorizer, now = Date.now()): string {
  const claims = event.requestContext?.authorizer?.jwt?.claims as Claims | undefined;
  if (!claims) throw new HttpError(401, 'missing or invalid bearer token');
  checkExpiry(claims, now);
  const custom = claims['custom:teamId'];
  const plain = claims.teamId;
  if (custom !== undefined && plain !== undefined && String(custom) !== String(plain)) {
    throw new HttpError(401, 'the token names two different teams (teamId and custom:teamId)');
  }
  const team = custom ?? plain;
  if (typeof team !== 'string' || team === '') throw new HttpError(403, 'the token names no team');
  return team;
}

/** API Gateway delivers `exp` as text (seconds since the epoch). */
function checkExpiry(claims: Claims, now: number): void {
  const raw = claims.exp;
  const exp = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
  if (raw === undefined || raw === '') throw new HttpError(401, 'the token has no expiry (exp): tokens that never expire are refused');
  if (!Number.isFinite(exp)) throw new HttpError(401, 'the token has an unreadable expiry (exp)');
  if (exp * 1000 <= now) throw new HttpError(401, 'the token has expired');
}

/** 403 unless the path's team is the caller's own. */
export function authorizeTeam(event: APIGatewayProxyEventV2WithJWTAuthorizer, pathTeam: string): void {
  if (callerTeam(event) !== pathTeam) throw new HttpError(403, `this token is not allowed to read or write team "${pathTeam}"`);
}
