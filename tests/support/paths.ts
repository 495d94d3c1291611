import { resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');
/** The team handbook's real VALD files, beside the checkout (CI has them there too). */
export const realData = (name: string) => resolve(repoRoot, '../shared/real-data', name);
export const realFiles = {
  hub: realData('vald-hub-results-export-nordbord.csv'),
  apiV2Csv: realData('vald-api-tests-v2-flattened.csv'),
  apiV2Json: realData('vald-api-tests-v2.json'),
  multiType: realData('vald-api-tests-flattened-multi-type.csv'),
} as const;
