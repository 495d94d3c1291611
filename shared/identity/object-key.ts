/**
 * Object keys are not paths on S3, but they become paths on the local store (s3rver writes each key as a
 * file) and in anything that decodes them once more. A key the product reads or writes therefore has no
 * segment a file system or a second decoding would resolve: no `.` / `..` (also `%2e%2e`), no empty
 * segment, no backslash or encoded slash (`%2F`, `%5C`), no control character (NUL included).
 */
export function objectKeyProblem(key: string): string | null {
  const shown = JSON.stringify(key.length > 80 ? `${key.slice(0, 77)}…` : key);
  if (/[\u0000-\u001f\u007f-\u009f]/.test(key)) return `key ${shown} contains a control character`;
  if (key.includes('\\')) return `key ${shown} contains a backslash`;
  if (/%(2f|5c)/i.test(key)) return `key ${shown} contains an encoded slash or backslash`;
  for (const segment of key.split('/')) {
    if (segment === '') return `key ${shown} has an empty segment (a leading, trailing or doubled "/")`;
    if (/^(\.|%2e)+$/i.test(segment)) return `key ${shown} has a dot segment ("${segment}")`;
  }
  return null;
}
