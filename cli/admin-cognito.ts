/**
 * Teams and users in the stage's Cognito user pool. A user's team is the immutable `custom:teamId`
 * attribute (the claim the API trusts); a team is also a group `team:<id>`, which is how the CLI knows
 * which teams exist and lists a team's users. Groups never authorize anything.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CreateGroupCommand,
  GetGroupCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  type CognitoIdentityProviderClient,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { idProblem } from '../shared/identity/id-grammar.ts';
import { teamGroupName, teamIdClaim } from '../infra/team-claim.ts';

export interface UserRow {
  readonly email: string;
  readonly teamId: string | undefined;
  readonly status: string;
  readonly enabled: boolean;
  readonly created: string | undefined;
}

export class AdminError extends Error {}

export function checkTeamId(teamId: string): void {
  const problem = idProblem('team', teamId);
  if (problem) throw new AdminError(problem);
}

export function checkEmail(email: string): void {
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new AdminError(`"${email}" is not an e-mail address`);
}

/** Creates the team's group; `false` when it already existed (nothing changed). */
export async function addTeam(cognito: CognitoIdentityProviderClient, userPoolId: string, teamId: string, description?: string): Promise<boolean> {
  checkTeamId(teamId);
  try {
    await cognito.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: teamGroupName(teamId), Description: description ?? `Eccentric team ${teamId}` }));
    return true;
  } catch (error) {
    if ((error as Error).name === 'GroupExistsException') return false;
    throw error;
  }
}

/**
 * Creates the user with their team, e-mail verified; Cognito e-mails the invitation with a temporary
 * password. The team must exist (add-team) so a typo cannot create a team of one.
 */
export async function addUser(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  user: { email: string; teamId: string; name?: string; resend?: boolean },
): Promise<void> {
  checkEmail(user.email);
  checkTeamId(user.teamId);
  try {
    await cognito.send(new GetGroupCommand({ UserPoolId: userPoolId, GroupName: teamGroupName(user.teamId) }));
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') {
      throw new AdminError(`no team "${user.teamId}" in this stage: create it first with \`eccentric admin add-team ${user.teamId}\``);
    }
    throw error;
  }
  try {
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: user.email,
        DesiredDeliveryMediums: ['EMAIL'],
        ...(user.resend ? { MessageAction: 'RESEND' } : {}),
        UserAttributes: user.resend
          ? undefined
          : [
              { Name: 'email', Value: user.email },
              { Name: 'email_verified', Value: 'true' },
              { Name: teamIdClaim, Value: user.teamId },
              ...(user.name ? [{ Name: 'name', Value: user.name }] : []),
            ],
      }),
    );
  } catch (error) {
    if ((error as Error).name === 'UsernameExistsException') {
      throw new AdminError(`${user.email} already has an account (a user's team cannot change: remove the user in the Cognito console to move them, or pass --resend to send the invitation again)`);
    }
    throw error;
  }
  await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: user.email, GroupName: teamGroupName(user.teamId) }));
}

/** Every user of the pool, or of one team, following the pagination tokens. */
export async function listUsers(cognito: CognitoIdentityProviderClient, userPoolId: string, teamId?: string): Promise<UserRow[]> {
  const users: UserType[] = [];
  if (teamId !== undefined) {
    checkTeamId(teamId);
    let next: string | undefined;
    do {
      const page = await cognito.send(new ListUsersInGroupCommand({ UserPoolId: userPoolId, GroupName: teamGroupName(teamId), NextToken: next }));
      users.push(...(page.Users ?? []));
      next = page.NextToken;
    } while (next);
  } else {
    let next: string | undefined;
    do {
      const page = await cognito.send(new ListUsersCommand({ UserPoolId: userPoolId, PaginationToken: next }));
      users.push(...(page.Users ?? []));
      next = page.PaginationToken;
    } while (next);
  }
  return users
    .map((u) => {
      const attribute = (name: string) => u.Attributes?.find((a) => a.Name === name)?.Value;
      return {
        email: attribute('email') ?? u.Username ?? '',
        teamId: attribute(teamIdClaim),
        status: u.UserStatus ?? 'UNKNOWN',
        enabled: u.Enabled ?? false,
        created: u.UserCreateDate?.toISOString(),
      };
    })
    .sort((a, b) => (a.teamId ?? '').localeCompare(b.teamId ?? '') || a.email.localeCompare(b.email));
}
