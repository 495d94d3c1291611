import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';

export const LOCAL_ISSUER = 'eccentric-local';
export const LOCAL_AUDIENCE = 'eccentric-api';

/** The local signing key: random per data folder, kept so issued tokens survive restarts. */
export function loadOrCreateSecret(file: string): Uint8Array {
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  const secret = randomBytes(32);
  writeFileSync(file, secret.toString('base64url'), { mode: 0o600 });
  return secret;
}

/** A real signed JWT (HS256) carrying the team claim the API reads, as Cognito's `custom:teamId` would. */
export async function signDevToken(secret: Uint8Array, teamId: string, subject = 'local-developer', expiresIn = '30d'): Promise<string> {
  return new SignJWT({ teamId })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(secret);
}

/**
 * Verifies like API Gateway's JWT authorizer: signature (HS256 only, so `alg: none` and other algorithms
 * are refused), issuer, audience, expiry — and `exp` must be present: a token that never expires is refused.
 */
export async function verifyDevToken(secret: Uint8Array, token: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, secret, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, algorithms: ['HS256'], requiredClaims: ['exp'] });
  return payload;
}
