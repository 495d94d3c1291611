import { describe, expect, it } from 'vitest';
import { traceDefaults } from '#core/traces/analyze-trace.ts';
import { TraceParametersSchema } from '#core/traces/parameters-schema.ts';

describe('per-team trace parameters', () => {
  it('cover every analysis parameter, and the defaults themselves validate', () => {
    expect(Object.keys(TraceParametersSchema.shape).sort()).toEqual(Object.keys(traceDefaults).sort());
    expect(TraceParametersSchema.parse({ ...traceDefaults })).toEqual({ ...traceDefaults });
  });

  it('refuse unknown keys and impossible values with the field named', () => {
    const bad = TraceParametersSchema.safeParse({ startThresholdN: -5, sampleRate: 3 });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.') || String((i as { keys?: string[] }).keys));
    expect(paths.join(' ')).toMatch(/startThresholdN/);
    expect(paths.join(' ')).toMatch(/sampleRate/);
  });
});
