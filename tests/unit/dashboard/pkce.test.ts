import { describe, expect, it } from 'vitest';
import { authorizeUrl, base64Url, codeChallenge, hostedUiBase, jwtClaims, logoutUrl, randomVerifier, readCallback, teamOf, tokenRequest, type CognitoAuth } from '../../../dashboard/src/auth/pkce.ts';
import { parseConfig } from '../../../dashboard/src/config.ts';

const auth: CognitoAuth = { mode: 'cognito', domain: 'eccentric-auth', clientId: 'abc123', region: 'eu-west-1', redirectUri: 'https://dash.example.com/' };
const jwt = (claims: Record<string, unknown>) => `${base64Url(new TextEncoder().encode('{"alg":"none"}'))}.${base64Url(new TextEncoder().encode(JSON.stringify(claims)))}.sig`;

describe('PKCE sign-in (Cognito hosted UI)', () => {
  it('derives the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes verifiers of the unreserved characters, 43–128 long, different every time', () => {
    const a = randomVerifier();
    expect(a).toMatch(/^[A-Za-z0-9\-._~]{64}$/);
    expect(randomVerifier(43)).toHaveLength(43);
    expect(randomVerifier()).not.toBe(a);
    const seen = new Set([...Array.from({ length: 200 }, () => randomVerifier()).join('')]);
    expect(seen.size).toBe(66);
  });

  it('sends the user to the hosted UI with code flow, S256 challenge, state and the redirect', () => {
    const url = new URL(authorizeUrl(auth, 'CHALLENGE', 'STATE'));
    expect(url.origin).toBe('https://eccentric-auth.auth.eu-west-1.amazoncognito.com');
    expect(url.pathname).toBe('/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'abc123',
      redirect_uri: 'https://dash.example.com/',
      scope: 'openid email profile',
      state: 'STATE',
      code_challenge: 'CHALLENGE',
      code_challenge_method: 'S256',
    });
    expect(hostedUiBase({ domain: 'https://login.example.com/', region: 'x' })).toBe('https://login.example.com');
    expect(new URL(logoutUrl(auth)).searchParams.get('logout_uri')).toBe('https://dash.example.com/');
  });

  it('exchanges the code with the verifier as a public client (form body, no secret)', () => {
    const req = tokenRequest(auth, 'CODE', 'VERIFIER');
    expect(req.url).toBe('https://eccentric-auth.auth.eu-west-1.amazoncognito.com/oauth2/token');
    expect(req.init.method).toBe('POST');
    expect(Object.fromEntries(new URLSearchParams(req.init.body as string))).toEqual({ grant_type: 'authorization_code', client_id: 'abc123', code: 'CODE', redirect_uri: 'https://dash.example.com/', code_verifier: 'VERIFIER' });
  });

  it('accepts a returned code only with the state this tab sent', () => {
    expect(readCallback('?code=C&state=S', 'S')).toEqual({ code: 'C' });
    expect(readCallback('?code=C&state=EVIL', 'S')).toEqual({ error: expect.stringContaining('state mismatch') });
    expect(readCallback('?code=C&state=S', null)).toEqual({ error: expect.stringContaining('state mismatch') });
    expect(readCallback('?error=access_denied&error_description=no', 'S')).toEqual({ error: 'access_denied: no' });
    expect(readCallback('', 'S')).toBeNull();
  });

  it('reads the team from custom:teamId (Cognito) or teamId (local), never inventing one', () => {
    expect(teamOf(jwt({ 'custom:teamId': 'tigers', teamId: 'x' }))).toBe('tigers');
    expect(teamOf(jwt({ teamId: 'demo' }))).toBe('demo');
    expect(teamOf(jwt({ sub: 'u' }))).toBeNull();
    expect(jwtClaims(jwt({ name: 'Zoë' })).name).toBe('Zoë');
    expect(() => jwtClaims('nope')).toThrow('not a JWT');
  });
});

describe('runtime config.json', () => {
  it('accepts the local and the Cognito form and names what is wrong otherwise', () => {
    expect(parseConfig({ apiUrl: 'http://127.0.0.1:4780/', auth: { mode: 'local', tokenUrl: '/local-token' } })).toEqual({ apiUrl: 'http://127.0.0.1:4780', auth: { mode: 'local', tokenUrl: '/local-token' } });
    expect(parseConfig({ apiUrl: 'https://api.x', auth }).auth).toEqual(auth);
    expect(() => parseConfig({ apiUrl: 'javascript:alert(1)', auth: { mode: 'local', tokenUrl: '/t' } })).toThrow('"apiUrl" must be an http(s) URL');
    expect(() => parseConfig({ apiUrl: 'https://api.x', auth: { mode: 'cognito', domain: 'd' } })).toThrow('"auth.clientId"');
    expect(() => parseConfig({ apiUrl: 'https://api.x', auth: { mode: 'magic' } })).toThrow('"auth.mode" must be');
  });
});
