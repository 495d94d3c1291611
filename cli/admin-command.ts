/**
 * `eccentric admin add-team|add-user|list-users`: manages a deployed stage's teams and users in its
 * Cognito user pool with the caller's own AWS credentials (no API, no token).
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { outputNames } from '../infra/stack-output-names.ts';
import { parseArgs, stringFlag } from './args.ts';
import { addTeam, addUser, AdminError, checkEmail, checkTeamId, listUsers, type UserRow } from './admin-cognito.ts';
import { awsTarget, requireOutput, stackOutputs } from './stack-outputs.ts';

export const adminUsage = `  eccentric admin add-team TEAM --stage dev|prod [--description TEXT]
  eccentric admin add-user EMAIL --team TEAM --stage dev|prod [--name "FULL NAME"] [--resend]
  eccentric admin list-users --stage dev|prod [--team TEAM] [--json]
      Teams and users of a deployed stage, in its Cognito user pool, with your AWS credentials.
      add-user e-mails the user a temporary password; their team can never change afterwards.
      Common: --region REGION, --stack NAME (instead of --stage), --user-pool-id ID (skips the stack lookup).
`;

const valueFlags = ['stage', 'stack', 'region', 'user-pool-id', 'team', 'name', 'description'];

export interface AdminDeps {
  readonly out: (text: string) => void;
  readonly cognito?: (region: string | undefined) => CognitoIdentityProviderClient;
}

export async function runAdmin(argv: string[], deps: AdminDeps = { out: (t) => process.stdout.write(t) }): Promise<number> {
  const [action, ...rest] = argv;
  const args = parseArgs(rest, valueFlags);
  if (!action || !['add-team', 'add-user', 'list-users'].includes(action)) {
    deps.out(adminUsage);
    return action === undefined || action === '--help' ? 0 : 2;
  }
  // Arguments first: a typo costs no AWS call.
  const positional = action === 'list-users' ? undefined : onePositional(args.positionals, action === 'add-team' ? 'TEAM' : 'EMAIL');
  const teamFlag = stringFlag(args, 'team');
  if (action === 'add-team') checkTeamId(positional!);
  if (action === 'add-user') {
    checkEmail(positional!);
    if (!teamFlag) throw new AdminError('add-user needs --team TEAM');
    checkTeamId(teamFlag);
  }
  if (action === 'list-users' && teamFlag !== undefined) checkTeamId(teamFlag);
  const region = stringFlag(args, 'region');
  const cognito = deps.cognito?.(region) ?? new CognitoIdentityProviderClient({ region });
  let outputs: Record<string, string> = {};
  let userPoolId = stringFlag(args, 'user-pool-id');
  if (!userPoolId) {
    const target = awsTarget(args, `admin ${action}`);
    outputs = await stackOutputs(target);
    userPoolId = requireOutput(outputs, outputNames.userPoolId, target);
  }
  if (action === 'add-team') {
    const teamId = positional!;
    const created = await addTeam(cognito, userPoolId, teamId, stringFlag(args, 'description'));
    deps.out(created ? `team ${teamId} created\n` : `team ${teamId} already exists (nothing changed)\n`);
    return 0;
  }
  if (action === 'add-user') {
    const email = positional!;
    const teamId = teamFlag!;
    await addUser(cognito, userPoolId, { email, teamId, name: stringFlag(args, 'name'), resend: args.flags.get('resend') === true });
    const where = outputs[outputNames.dashboardUrl] ? ` at ${outputs[outputNames.dashboardUrl]}` : '';
    deps.out(`${email} added to team ${teamId}: Cognito e-mails a temporary password (valid 3 days); they sign in${where} and choose their own.\n`);
    return 0;
  }
  const rows = await listUsers(cognito, userPoolId, teamFlag);
  deps.out(args.flags.get('json') === true ? `${JSON.stringify(rows, null, 2)}\n` : usersTable(rows));
  return 0;
}

function onePositional(positionals: string[], name: string): string {
  if (positionals.length !== 1) throw new AdminError(`expected one ${name}, got ${positionals.length}`);
  return positionals[0]!;
}

export function usersTable(rows: readonly UserRow[]): string {
  if (rows.length === 0) return 'no users\n';
  const header = ['email', 'team', 'status', 'enabled', 'created'];
  const cells = rows.map((r) => [r.email, r.teamId ?? '(none)', r.status, r.enabled ? 'yes' : 'no', r.created?.slice(0, 10) ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `${c.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd()}\n`;
  return line(header) + cells.map(line).join('');
}
