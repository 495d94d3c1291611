/**
 * The runtime configuration, read from `config.json` beside index.html (never baked into the build): the
 * local server writes it for `npm start`; the deployment writes it next to the build on S3.
 */
import type { CognitoAuth } from './auth/pkce.ts';

export interface LocalAuth {
  mode: 'local';
  /** Where the local server hands the page its dev token (loopback only). */
  tokenUrl: string;
}

export interface DashboardConfig {
  apiUrl: string;
  auth: LocalAuth | CognitoAuth;
}

const text = (v: unknown, field: string): string => {
  if (typeof v !== 'string' || v === '') throw new Error(`config.json: "${field}" must be a non-empty string`);
  return v;
};

export function parseConfig(raw: unknown): DashboardConfig {
  if (typeof raw !== 'object' || raw === null) throw new Error('config.json must be a JSON object');
  const r = raw as Record<string, unknown>;
  const apiUrl = text(r.apiUrl, 'apiUrl').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(apiUrl)) throw new Error('config.json: "apiUrl" must be an http(s) URL');
  const auth = (r.auth ?? {}) as Record<string, unknown>;
  if (auth.mode === 'local') return { apiUrl, auth: { mode: 'local', tokenUrl: text(auth.tokenUrl, 'auth.tokenUrl') } };
  if (auth.mode === 'cognito') {
    return {
      apiUrl,
      auth: { mode: 'cognito', domain: text(auth.domain, 'auth.domain'), clientId: text(auth.clientId, 'auth.clientId'), region: text(auth.region, 'auth.region'), redirectUri: text(auth.redirectUri, 'auth.redirectUri') },
    };
  }
  throw new Error('config.json: "auth.mode" must be "local" or "cognito"');
}

export async function loadConfig(url = 'config.json'): Promise<DashboardConfig> {
  const res = await fetch(url, { cache: 'no-store' });
  if (!res.ok) throw new Error(`could not load ${url} (HTTP ${res.status}): the page needs it to know its API`);
  return parseConfig(await res.json());
}
