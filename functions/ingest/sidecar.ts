/** A trace's optional metadata travels as `<trace key>.meta.json`, uploaded before the trace. */
export const SIDECAR_SUFFIX = '.meta.json';
export const sidecarKeyFor = (key: string) => `${key}${SIDECAR_SUFFIX}`;
