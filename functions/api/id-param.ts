import { z } from 'zod';
import { idProblem, type IdKind } from '#core/identity/id-grammar.ts';

/** A path parameter held to the one id grammar (shared/identity/id-grammar.ts); the issue is its reason. */
export const idParam = (kind: IdKind) =>
  z.string().superRefine((value, ctx) => {
    const problem = idProblem(kind, value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
