/**
 * Why `text` is not valid JSON, in one line: the parser's own words without the echoed snippet of
 * the input (which can span lines), with the line and column when the parser gave a position, e.g.
 * `expected ',' or '}' after property value (line 3, column 5)`.
 */
export function jsonProblem(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  const words = message
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/\s*in JSON at position \d+.*$/s, '')
    .replace(/\s+/g, ' ')
    .trim();
  const lowered = `${words.charAt(0).toLowerCase()}${words.slice(1)}`;
  if (position?.[1] === undefined) return lowered;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${lowered} (line ${line}, column ${column})`;
}

/** `text` without a leading UTF-8 byte-order mark, which editors on Windows often write. */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
