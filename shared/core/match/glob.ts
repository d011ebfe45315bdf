/**
 * True when `text` matches `pattern`, where `*` stands for any run of characters (including none) and
 * every other character matches itself. Case-sensitive, like AWS resource names.
 */
export function globMatches(pattern: string, text: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === text;
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  if (text.length < first.length + last.length) return false;
  if (!text.startsWith(first) || !text.endsWith(last)) return false;
  let position = first.length;
  const end = text.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = text.indexOf(middle, position);
    if (found === -1 || found + middle.length > end) return false;
    position = found + middle.length;
  }
  return true;
}

/** Number of characters in `pattern` that are not wildcards: the more, the more specific. */
export function literalLength(pattern: string): number {
  return pattern.replaceAll('*', '').length;
}
