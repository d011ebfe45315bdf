import * as z from 'zod';

/**
 * Tags a simulated job is submitted with, as SubmitJob accepts them: keys of 1-128 characters that
 * do not start with `aws:` (reserved by AWS), values of up to 256 characters. Policies can `match` on them.
 */
export const submitTagsSchema = z.record(
  z
    .string()
    .min(1)
    .max(128)
    .refine((k) => !k.toLowerCase().startsWith('aws:'), {
      error: 'keys starting with "aws:" are reserved by AWS',
    }),
  z.string().max(256),
);
