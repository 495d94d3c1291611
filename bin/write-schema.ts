/** `npm run schema`: writes docs/analyze-output.schema.json from the zod schemas (a test keeps it current). */
import { writeFileSync } from 'node:fs';
import { analyzeOutputJsonSchema } from '../shared/model/analyze-output.ts';

const file = new URL('../docs/analyze-output.schema.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(analyzeOutputJsonSchema(), null, 2)}\n`);
console.log(`wrote ${file.pathname}`);
