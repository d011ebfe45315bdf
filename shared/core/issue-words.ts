import type { z } from 'zod';

const TYPE_WORDS: Readonly<Record<string, string>> = {
  array: 'a list',
  object: 'an object',
  record: 'an object',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

const ORIGIN_UNITS: Readonly<Record<string, string>> = {
  string: 'characters long',
  array: 'entries',
  set: 'entries',
};

/**
 * A plain-words message for a zod issue whose schema gave no message of its own, such as
 * `must be at least 1` instead of zod's `Too small: expected number to be >=1`. Pass it as the
 * `error` option of a parse (schema messages still win) so that no schema wording reaches a person.
 */
export function plainIssueMessage(issue: z.core.$ZodRawIssue | z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'too_small': {
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
      const unit = ORIGIN_UNITS[issue.origin] ?? '';
      return `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${issue.minimum}${unit === '' ? '' : ` ${unit}`}`;
    }
    case 'too_big': {
      const unit = ORIGIN_UNITS[issue.origin] ?? '';
      return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${issue.maximum}${unit === '' ? '' : ` ${unit}`}`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return 'does not have the expected form';
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return 'is not a known field';
    case 'invalid_key':
      return 'has a key that is not allowed';
    case 'invalid_element':
      return 'has an entry that is not allowed';
    case 'invalid_union':
      return 'has none of the accepted forms';
    default:
      return 'is not valid';
  }
}
