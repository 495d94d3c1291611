/** Every path-climbing, encoded or separator-carrying id an attacker could put in a trace. */
export const HOSTILE_IDS = [
  '../../other-team/jane-doe/9f1c2d3e',
  '..',
  '../../../..',
  '%2e%2e',
  '%2e%2e%2f%2e%2e%2fother-team',
  '..%2F..%2Fother-team',
  'a%2Fb',
  '..\\..\\other-team',
  'a\\b',
  'a\u0000b',
  '/etc/passwd',
  'C:\\Windows',
  'x/../../y',
  '.hidden',
  'x'.repeat(129),
];
