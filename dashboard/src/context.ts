import type { Api } from './api/client.ts';
import type { Squad } from './api/types.ts';
import type { Session } from './auth/session.ts';

/** What every view gets: the API, who is signed in, the test type shown, and the squad once loaded. */
export interface AppContext {
  api: Api;
  session: Session;
  testType: string;
  squad: Promise<Squad> | null;
  /** False once the user moved to another view: late answers are then dropped. */
  current: () => boolean;
}

export function squadOf(ctx: AppContext): Promise<Squad> {
  ctx.squad ??= ctx.api.squad(ctx.testType);
  ctx.squad.catch(() => (ctx.squad = null));
  return ctx.squad;
}
