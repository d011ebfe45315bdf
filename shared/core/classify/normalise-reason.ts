/**
 * Folds a reason for matching: every run of white space (newlines included) becomes one space and
 * the ends are trimmed. AWS cuts container reasons at 255 characters, mid-word, and some carry
 * newlines from the container runtime; patterns are therefore short prefixes or tokens matched
 * case-insensitively against this folded form.
 */
export function normaliseReason(text: string): string {
  // Most reasons are already folded: test once instead of always replacing and trimming.
  return NEEDS_FOLDING.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
}

/** A run of two white-space characters, one that is not a space, or white space at either end. */
const NEEDS_FOLDING = /\s\s|[^\S ]|^\s|\s$/;
