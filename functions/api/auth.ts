import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { HttpError } from './http.ts';

/**
 * The caller's team, from the JWT claims API Gateway's authorizer delivers (locally: the same shape,
 * filled after jose verified the dev token). Never from the path alone.
 */
export function callerTeam(event: APIGatewayProxyEventV2WithJWTAuthorizer): string {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  if (!claims) throw new HttpError(401, 'missing or invalid bearer token');
  const team = claims['custom:teamId'] ?? claims.teamId;
  if (typeof team !== 'string' || team === '') throw new HttpError(403, 'the token names no team');
  return team;
}

/** 403 unless the path's team is the caller's own. */
export function authorizeTeam(event: APIGatewayProxyEventV2WithJWTAuthorizer, pathTeam: string): void {
  if (callerTeam(event) !== pathTeam) throw new HttpError(403, `this token is not allowed to read or write team "${pathTeam}"`);
}
