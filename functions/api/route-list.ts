/**
 * The HTTP API's routes, one list for both sides: the CDK stack declares exactly these on API Gateway
 * (behind the JWT authorizer) and the API function serves exactly these (a test checks both).
 */
export const apiRouteList = [
  { method: 'GET', path: '/teams/{teamId}/squad' },
  { method: 'GET', path: '/teams/{teamId}/risk' },
  { method: 'GET', path: '/teams/{teamId}/export.csv' },
  { method: 'GET', path: '/teams/{teamId}/athletes/{athleteId}/trend' },
  { method: 'GET', path: '/teams/{teamId}/athletes/{athleteId}/workouts' },
  { method: 'GET', path: '/teams/{teamId}/athletes/{athleteId}' },
  { method: 'GET', path: '/teams/{teamId}/athletes/{athleteId}/tests' },
  { method: 'GET', path: '/teams/{teamId}/athletes/{athleteId}/tests/{testId}' },
  { method: 'GET', path: '/teams/{teamId}/athletes/{athleteId}/tests/{testId}/trace' },
  { method: 'POST', path: '/teams/{teamId}/uploads' },
  { method: 'GET', path: '/teams/{teamId}/uploads' },
  { method: 'GET', path: '/teams/{teamId}/uploads/{uploadId}' },
  { method: 'POST', path: '/teams/{teamId}/uploads/{uploadId}/date-order' },
  { method: 'GET', path: '/teams/{teamId}/settings' },
  { method: 'PUT', path: '/teams/{teamId}/settings' },
] as const;

export type ApiMethod = (typeof apiRouteList)[number]['method'];
