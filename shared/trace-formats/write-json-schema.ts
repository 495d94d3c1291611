/** `node shared/trace-formats/write-json-schema.ts`: writes docs/eccentric-trace.schema.json (a test keeps it current). */
import { writeFileSync } from 'node:fs';
import { eccentricTraceJsonSchema } from './eccentric-trace.ts';

export const eccentricTraceSchemaText = () =>
  `${JSON.stringify({ title: 'eccentric-trace@1', ...eccentricTraceJsonSchema() }, null, 2)}\n`;

if (import.meta.main) {
  const file = new URL('../../docs/eccentric-trace.schema.json', import.meta.url);
  writeFileSync(file, eccentricTraceSchemaText());
  console.log(`wrote ${file.pathname}`);
}
