import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { idKey, idProblem, isEntityId } from '#core/identity/id-grammar.ts';

describe('id grammar', () => {
  it('accepts the ids real files carry', () => {
    for (const id of ['QB07', 'EXT-0001', 'athlete-001', '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b', 'h0123456789abcdef', 'jane.doe@club', 'A_2']) {
      expect(idProblem('athlete', id)).toBeNull();
    }
    expect(idProblem('team', 'demo')).toBeNull();
  });

  it('refuses every path-climbing, encoded or separator-carrying variant, naming the id', () => {
    const bad = ['../../other/x', '..', '.', 'a/b', 'a\\b', '%2e%2e', '%2F', 'a..b', '.hidden', '-x', 'a b', 'a\u0000b', '', 'x'.repeat(129), 'é', 'a+b', 'a%2Fb', '~root'];
    for (const id of bad) expect(idProblem('test', id), id).toMatch(/cannot be a test id/);
    expect(idProblem('athlete', '../x')).toMatch(/^"\.\.\/x" cannot be an athlete id/);
    expect(idProblem('team', 'Demo')).toMatch(/not a team id/);
    expect(idProblem('upload', 42)).toMatch(/not text/);
  });

  it('never accepts an id that contains a slash, a backslash or a dot pair (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 140 }), (s) => {
        if (isEntityId(s)) {
          expect(s).not.toMatch(/[/\\]|\.\.|%|\s/);
          expect(s.length).toBeLessThanOrEqual(128);
        }
      }),
    );
  });

  it('keys ids without case', () => {
    expect(idKey('QB07')).toBe(idKey('qb07'));
  });
});
