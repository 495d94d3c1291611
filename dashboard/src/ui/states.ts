/** Loading, empty and error states, always in words (announced to screen readers). */
import { el } from '../dom.ts';
import { ApiError } from '../api/client.ts';

export const loading = (what: string) => el('p', { class: 'state loading', role: 'status' }, `Loading ${what}…`);

export const empty = (message: string, hint?: string) => el('div', { class: 'state empty', role: 'status' }, el('p', {}, message), hint ? el('p', { class: 'hint' }, hint) : null);

export function errorState(what: string, error: unknown) {
  const e = error as Error;
  const reason =
    error instanceof ApiError && error.status === 403 ? 'this sign-in is not allowed to see this team' : error instanceof ApiError && error.status === 401 ? 'the sign-in has expired: reload the page' : e.message;
  return el('div', { class: 'state error', role: 'alert' }, el('p', {}, `Could not load ${what}: ${reason}.`));
}

/** A panel whose data the risk API (issue 17) will serve. */
export const notYet = (what: string) => empty(`${what} will appear here once the risk analysis runs for this team.`, 'It is computed by the server from tests, workout logs and the team settings.');
