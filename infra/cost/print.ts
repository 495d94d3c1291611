/** `npm run cost`: prints the README's cost table from infra/cost/{usage,prices}.ts. */
import { costTable } from './estimate.ts';

process.stdout.write(`${costTable()}\n`);
