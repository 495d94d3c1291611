/** Hash routes (#/squad, #/athletes/<id>, …): a static build works from any folder, S3 or the local server. */
export type Route = { view: 'squad' | 'distribution' | 'uploads' | 'settings' } | { view: 'athlete'; athleteId: string };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts[0] === 'athletes' && parts[1]) {
    try {
      return { view: 'athlete', athleteId: decodeURIComponent(parts[1]) };
    } catch {
      return { view: 'squad' };
    }
  }
  if (parts[0] === 'distribution' || parts[0] === 'uploads' || parts[0] === 'settings') return { view: parts[0] };
  return { view: 'squad' };
}
