/**
 * The claim that carries a user's team, shared by the stack (infra/constructs/auth.ts) and the admin
 * CLI without pulling in aws-cdk-lib. A custom attribute, set once by `eccentric admin add-user` and
 * immutable afterwards; Cognito puts it in the ID token, the token the dashboard sends
 * (functions/api/auth.ts reads `custom:teamId`). Cognito groups `team:<id>` only list a team's users.
 */
export const teamIdAttribute = 'teamId';
export const teamIdClaim = `custom:${teamIdAttribute}`;
/** Group name of a team: the CLI's registry of teams, never read for authorization. */
export const teamGroupName = (teamId: string) => `team:${teamId}`;
