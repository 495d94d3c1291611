/**
 * Cognito sign-in with the authorization code flow and PKCE (RFC 7636), as pure functions over Web Crypto and
 * URLs so they can be tested outside a browser. The page keeps the verifier and state in sessionStorage between
 * the redirect and the return.
 */
export interface CognitoAuth {
  mode: 'cognito';
  /** The hosted UI domain: a full host (`auth.example.com`, `x.auth.eu-west-1.amazoncognito.com`) or the Cognito prefix. */
  domain: string;
  clientId: string;
  region: string;
  redirectUri: string;
}

const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';

export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 64 characters from the unreserved set (RFC 7636 §4.1 allows 43–128), from a CSPRNG. */
export function randomVerifier(length = 64): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  // Bytes of 198 (3 × 66) and above are skipped, so each of the 66 characters is equally likely.
  for (let i = 0; out.length < length; i++) {
    const b = i < bytes.length ? bytes[i]! : crypto.getRandomValues(new Uint8Array(1))[0]!;
    if (b < 198) out += UNRESERVED[b % 66];
  }
  return out;
}

/** S256: BASE64URL(SHA-256(ASCII(verifier))). */
export async function codeChallenge(verifier: string): Promise<string> {
  return base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

export function hostedUiBase(auth: Pick<CognitoAuth, 'domain' | 'region'>): string {
  const host = auth.domain.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  return `https://${host.includes('.') ? host : `${host}.auth.${auth.region}.amazoncognito.com`}`;
}

export function authorizeUrl(auth: CognitoAuth, challenge: string, state: string): string {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: auth.redirectUri,
    scope: 'openid email profile',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return `${hostedUiBase(auth)}/oauth2/authorize?${params}`;
}

/** The token request for the code the hosted UI returned (a public client: no secret). */
export function tokenRequest(auth: CognitoAuth, code: string, verifier: string): { url: string; init: RequestInit } {
  const body = new URLSearchParams({ grant_type: 'authorization_code', client_id: auth.clientId, code, redirect_uri: auth.redirectUri, code_verifier: verifier });
  return { url: `${hostedUiBase(auth)}/oauth2/token`, init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() } };
}

export function refreshRequest(auth: CognitoAuth, refreshToken: string): { url: string; init: RequestInit } {
  const body = new URLSearchParams({ grant_type: 'refresh_token', client_id: auth.clientId, refresh_token: refreshToken });
  return { url: `${hostedUiBase(auth)}/oauth2/token`, init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() } };
}

export function logoutUrl(auth: CognitoAuth): string {
  return `${hostedUiBase(auth)}/logout?${new URLSearchParams({ client_id: auth.clientId, logout_uri: auth.redirectUri })}`;
}

/**
 * The return from the hosted UI: `?code=…&state=…` (or `?error=…`). The state must be the one this tab sent,
 * or the code is refused (a forged redirect cannot sign the page in as someone else).
 */
export function readCallback(search: string, expectedState: string | null): { code: string } | { error: string } | null {
  const q = new URLSearchParams(search);
  if (q.has('error')) return { error: `${q.get('error')}${q.get('error_description') ? `: ${q.get('error_description')}` : ''}` };
  const code = q.get('code');
  if (!code) return null;
  if (!expectedState || q.get('state') !== expectedState) return { error: 'the sign-in answer does not belong to this tab (state mismatch); sign in again' };
  return { code };
}

/** The claims of a JWT, unverified: the page only reads its team and expiry (the API verifies the token). */
export function jwtClaims(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) throw new Error('not a JWT');
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
}

/** The team a token is for, as the API reads it: Cognito's `custom:teamId`, else `teamId`. */
export function teamOf(token: string): string | null {
  const claims = jwtClaims(token);
  const team = claims['custom:teamId'] ?? claims.teamId;
  return typeof team === 'string' && team !== '' ? team : null;
}
