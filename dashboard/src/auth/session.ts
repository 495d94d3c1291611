/** Signing in: the local dev token from the local server, or Cognito's hosted UI with PKCE. */
import type { DashboardConfig } from '../config.ts';
import { authorizeUrl, codeChallenge, jwtClaims, logoutUrl, randomVerifier, readCallback, refreshRequest, teamOf, tokenRequest, type CognitoAuth } from './pkce.ts';

export interface Session {
  token: string;
  teamId: string;
  /** Shown in the header: who is signed in. */
  user: string;
  signOut: (() => void) | null;
}

const STORE = 'eccentric.auth';
const PENDING = 'eccentric.auth.pending';

function sessionFrom(token: string, signOut: Session['signOut']): Session {
  const teamId = teamOf(token);
  if (!teamId) throw new Error('the token names no team: ask your administrator to set your team');
  const claims = jwtClaims(token);
  const user = String(claims.email ?? claims['cognito:username'] ?? claims.sub ?? 'signed in');
  return { token, teamId, user, signOut };
}

async function localSession(tokenUrl: string): Promise<Session> {
  const res = await fetch(tokenUrl, { cache: 'no-store', credentials: 'same-origin' });
  if (!res.ok) throw new Error(`the local server did not hand out a token (HTTP ${res.status})`);
  const { token } = (await res.json()) as { token: string };
  return sessionFrom(token, null);
}

interface Stored {
  idToken: string;
  refreshToken: string | null;
  expiresAt: number;
}

const freshEnough = (s: Stored) => s.expiresAt - Date.now() > 60_000;

async function exchange(req: { url: string; init: RequestInit }, previousRefresh: string | null): Promise<Stored> {
  const res = await fetch(req.url, req.init);
  if (!res.ok) throw new Error(`sign-in failed at the token endpoint (HTTP ${res.status})`);
  const body = (await res.json()) as { id_token: string; refresh_token?: string; expires_in: number };
  return { idToken: body.id_token, refreshToken: body.refresh_token ?? previousRefresh, expiresAt: Date.now() + body.expires_in * 1000 };
}

async function cognitoSession(auth: CognitoAuth): Promise<Session> {
  const signOut = () => {
    sessionStorage.removeItem(STORE);
    location.assign(logoutUrl(auth));
  };
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as { verifier: string; state: string; hash: string } | null;
  const callback = readCallback(location.search, pending?.state ?? null);
  if (callback && 'error' in callback) {
    sessionStorage.removeItem(PENDING);
    history.replaceState(null, '', location.pathname);
    throw new Error(`sign-in failed: ${callback.error}`);
  }
  if (callback && pending) {
    const stored = await exchange(tokenRequest(auth, callback.code, pending.verifier), null);
    sessionStorage.setItem(STORE, JSON.stringify(stored));
    sessionStorage.removeItem(PENDING);
    // The code is single-use: drop it from the address bar, back to where the user was.
    history.replaceState(null, '', `${location.pathname}${pending.hash}`);
    return sessionFrom(stored.idToken, signOut);
  }
  let stored = JSON.parse(sessionStorage.getItem(STORE) ?? 'null') as Stored | null;
  if (stored && !freshEnough(stored) && stored.refreshToken) {
    stored = await exchange(refreshRequest(auth, stored.refreshToken), stored.refreshToken).catch(() => null);
    if (stored) sessionStorage.setItem(STORE, JSON.stringify(stored));
  }
  if (stored && freshEnough(stored)) return sessionFrom(stored.idToken, signOut);
  const verifier = randomVerifier();
  const state = randomVerifier(32);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, hash: location.hash }));
  location.assign(authorizeUrl(auth, await codeChallenge(verifier), state));
  return new Promise<Session>(() => undefined); // the page is leaving
}

export function signIn(config: DashboardConfig): Promise<Session> {
  return config.auth.mode === 'local' ? localSession(config.auth.tokenUrl) : cognitoSession(config.auth);
}
