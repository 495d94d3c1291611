/**
 * Notes or tags of an export row that mark a test as done after load: `post-match`, `post game`,
 * `after match`, `MD+1`…`MD+3`, `post-load`, `post run`. The note is kept as written (the analytics read
 * an MD+n label from it); any other note is not kept.
 */
const POST_LOAD = /\b(?:post[\s-]?(?:match|game|load|run|training|session)|after\s+(?:the\s+)?(?:match|game|run)|MD\s*\+\s*[0-3])(?![0-9])/i;

export function postLoadNote(text: string): string | null {
  return text !== '' && POST_LOAD.test(text) ? text : null;
}
