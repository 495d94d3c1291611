import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { objectKeyProblem } from '#core/identity/object-key.ts';

describe('object keys the product reads or writes', () => {
  it('accepts the keys real uploads have (spaces, +, accents, nested folders)', () => {
    for (const key of ['uploads/demo/2026 season/export.csv', 'uploads/demo/20261124T101500Z-0a1b2c3d/hub_export.csv', 'uploads/demo/a+b é.csv', 'uploads/demo/v1.2/x..csv.gz', 'traces/demo/jane-doe/t0123.f32']) {
      expect(objectKeyProblem(key), key).toBeNull();
    }
  });

  it.each([
    ['uploads/demo/../other/x.csv', /dot segment/],
    ['uploads/demo/./x.csv', /dot segment/],
    ['uploads/demo/%2e%2e/other/x.csv', /dot segment/],
    ['uploads/demo/.%2E/x.csv', /dot segment/],
    ['uploads/demo/.../x.csv', /dot segment/],
    ['uploads/demo/..', /dot segment/],
    ['uploads/demo/a%2Fb.csv', /encoded slash/],
    ['uploads/demo/..%2f..%2fother', /encoded slash/],
    ['uploads/demo/a%5cb.csv', /encoded slash/],
    ['uploads/demo/..\\..\\other\\x.csv', /backslash/],
    ['uploads/demo/a\u0000.csv', /control character/],
    ['uploads/demo/a\nb.csv', /control character/],
    ['/uploads/demo/x.csv', /empty segment/],
    ['uploads//demo/x.csv', /empty segment/],
    ['uploads/demo/', /empty segment/],
  ])('refuses %j', (key, reason) => {
    expect(objectKeyProblem(key)).toMatch(reason);
  });

  it('never accepts a key a file system would resolve outside its prefix (property)', () => {
    const segment = fc.oneof(fc.constantFrom('..', '.', '%2e%2e', 'a', 'b c', '', '\\', '%2F'), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), (parts) => {
        const key = ['uploads', 'demo', ...parts].join('/');
        if (objectKeyProblem(key) !== null) return;
        const decoded = decodeURIComponent(key.replace(/%(?![0-9a-f]{2})/gi, '%25'));
        const resolved: string[] = [];
        for (const p of decoded.split(/[/\\]/)) {
          if (p === '..') resolved.pop();
          else if (p !== '.' && p !== '') resolved.push(p);
        }
        expect(resolved.slice(0, 2)).toEqual(['uploads', 'demo']);
        expect(resolved.length).toBe(decoded.split('/').length);
      }),
    );
  });
});
