/**
 * Stand-in handler used by the infra unit tests only while functions/ingest.ts or functions/api.ts do
 * not exist yet (NodejsFunction checks that its entry file exists even when bundling is skipped).
 */
export const handler = async (): Promise<void> => {
  throw new Error('stub handler: not deployable');
};
