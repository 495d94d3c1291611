/**
 * `npm start`'s entry (infra/local/start.ts does the work). JavaScript, like bin/eccentric.mjs: Node strips
 * a TypeScript entry's types before any of it runs, so a .ts entry could not enable the compile cache for
 * itself and loaded the type stripper (~20 MB) on every start.
 */
import { enableCompileCache } from 'node:module';

const cache = enableCompileCache();
if (cache.directory !== undefined) process.env.NODE_COMPILE_CACHE = cache.directory;
await import('./start.ts');
