/**
 * Folds a reason for matching: every run of white space (newlines included) becomes one space and
 * the ends are trimmed. AWS cuts container reasons at 255 characters, mid-word, and some carry
 * newlines from the container runtime; patterns are therefore short prefixes or tokens matched
 * case-insensitively against this folded form.
 */
export function normaliseReason(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
