/** "a" or "an" before a word: an application failure, a middleware failure. */
export function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

/** `1 attempt`, `3 attempts`. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The name of a job queue given as a name or an ARN. */
export function queueName(queue: string): string {
  return queue.split('/').at(-1) ?? queue;
}

/** The name of a job definition given as `name`, `name:revision` or an ARN. */
export function jobDefinitionName(definition: string): string {
  return (definition.split('/').at(-1) ?? definition).split(':')[0] ?? definition;
}

/** An epoch-ms time as an ISO 8601 UTC string without milliseconds. */
export function utc(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The first line of a text, white space collapsed, at most `max` characters (cut with "..."). */
export function oneLine(text: string, max = 300): string {
  const line = (text.split('\n')[0] ?? '').replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 3)}...` : line;
}
