/** The dashboard's entry: configuration, sign-in, then one view per route into <main>. */
import './styles.css';
import { createApi } from './api/client.ts';
import { signIn } from './auth/session.ts';
import { loadConfig } from './config.ts';
import type { AppContext } from './context.ts';
import { el, replace } from './dom.ts';
import { parseRoute, type Route } from './router.ts';
import { disposeCharts } from './ui/chart.ts';
import { errorState } from './ui/states.ts';
import { renderAthlete } from './views/athlete.ts';
import { renderDistribution } from './views/distribution.ts';
import { renderSettings } from './views/settings.ts';
import { renderSquad } from './views/squad.ts';
import { renderUploads } from './views/uploads.ts';

const NAV: { view: Route['view']; href: string; label: string }[] = [
  { view: 'squad', href: '#/squad', label: 'Squad' },
  { view: 'distribution', href: '#/distribution', label: 'Distribution' },
  { view: 'uploads', href: '#/uploads', label: 'Uploads' },
  { view: 'settings', href: '#/settings', label: 'Settings' },
];
const TITLES: Record<Route['view'], string> = { squad: 'Squad', distribution: 'Squad distribution', athlete: 'Athlete', uploads: 'Uploads', settings: 'Settings' };

async function start(): Promise<void> {
  const main = document.querySelector<HTMLElement>('#main')!;
  const who = document.querySelector<HTMLElement>('#who')!;
  const nav = document.querySelector<HTMLElement>('#nav')!;
  let ctx: AppContext;
  try {
    const config = await loadConfig();
    const session = await signIn(config);
    let generation = 0;
    ctx = { api: createApi({ apiUrl: config.apiUrl, token: session.token, teamId: session.teamId }), session, testType: 'Nordic', squad: null, current: () => true };
    replace(who, `Team ${session.teamId} · ${session.user}`, session.signOut ? el('button', { type: 'button', class: 'secondary', onclick: session.signOut }, 'Sign out') : null);
    const show = async () => {
      const mine = ++generation;
      const route = parseRoute(location.hash);
      disposeCharts();
      ctx.current = () => mine === generation;
      document.title = `${TITLES[route.view]} · Eccentric`;
      replace(nav, ...NAV.map((n) => el('a', { href: n.href, 'aria-current': n.view === route.view ? 'page' : null }, n.label)));
      if (route.view === 'squad') await renderSquad(ctx, main);
      else if (route.view === 'distribution') await renderDistribution(ctx, main);
      else if (route.view === 'athlete') await renderAthlete(ctx, main, route.athleteId);
      else if (route.view === 'uploads') await renderUploads(ctx, main);
      else await renderSettings(ctx, main);
      // Focus the new heading so keyboard and screen-reader users land on the view (not on the first load).
      if (mine > 1 && ctx.current()) main.querySelector<HTMLElement>('h1')?.focus();
    };
    window.addEventListener('hashchange', () => void show());
    await show();
  } catch (error) {
    replace(main, el('h1', {}, 'Eccentric'), errorState('the dashboard', error));
  }
}

void start();
