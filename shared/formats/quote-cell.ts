const SHOWN = 60;

/**
 * A cell's text for a rejection reason: JSON-quoted, and cut to its first 60 characters with its length
 * said, so that a 1 MB cell never makes a 1 MB reason (reasons are stored on the upload item, which
 * DynamoDB limits to 400 KB).
 */
export function quoteCell(text: string): string {
  if (text.length <= SHOWN) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, SHOWN))}… (${text.length.toLocaleString('en')} characters)`;
}
