import * as z from 'zod';
import { FAILURE_CLASSES } from '../classify/classes.js';
import { builtOnFirstUse } from '../compiled-schema.js';
import type { Alert } from '../ports/alert.js';

/** The `schema` field of every alert message batch-retry publishes. */
export const ALERT_MESSAGE_SCHEMA = 'batch-retry.alert';

/** The message version; a consumer should refuse a version it does not know. */
export const ALERT_MESSAGE_VERSION = 1;

/**
 * The alert message on the SNS topic (docs/alerts.md, "The SNS message"): an `Alert` with times as
 * ISO 8601 strings, and `schema` and `version` first. Fields may be added within a version; a
 * consumer ignores the ones it does not know. Fields are never removed or changed within a version.
 * Built on first use (compiled-schema.ts): read by notify, the CLI, and the alert gate when it closes
 * a digest; never on the decision path.
 */
export const alertMessageSchema = builtOnFirstUse(() => {
  const iso = z.iso.datetime();
  const text = z.string();
  const failureClass = z.enum(FAILURE_CLASSES);
  return z.object({
    schema: z.literal(ALERT_MESSAGE_SCHEMA),
    version: z.literal(ALERT_MESSAGE_VERSION),
    kind: z.enum([
      'GAVE_UP',
      'NOT_RESUBMITTED',
      'RETRYING',
      'RECOVERED',
      'BREAKER_OPEN',
      'BREAKER_CLOSED',
      'POLICY_INVALID',
      'DUPLICATE_CHILD',
      'STUCK',
      'DIGEST',
      'RETRIES_PAUSED',
      'RETRIES_RESUMED',
    ]),
    severity: z.enum(['info', 'warning', 'critical']),
    title: text,
    summary: text,
    next: text,
    fingerprint: text,
    at: iso,
    jobId: text.optional(),
    rootJobId: text.optional(),
    jobName: text.optional(),
    jobQueue: text.optional(),
    jobDefinition: text.optional(),
    failureClass: failureClass.optional(),
    reason: text.optional(),
    decision: text.optional(),
    counts: z.partialRecord(failureClass, z.number()).optional(),
    policy: text.optional(),
    links: z.object({ job: text, logs: text.optional() }).optional(),
    channels: z.array(z.enum(['sns', 'slack'])),
    digest: z
      .object({
        count: z.number().int(),
        from: iso,
        to: iso,
        byQueue: z.record(z.string(), z.number()),
        sampleJobIds: z.array(text),
        causes: z
          .array(
            z.object({
              fingerprint: text,
              kind: text,
              severity: z.enum(['info', 'warning', 'critical']),
              title: text,
              count: z.number().int(),
            }),
          )
          .optional(),
      })
      .optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  });
});

export type AlertMessage = z.infer<ReturnType<typeof alertMessageSchema>>;

const isoTime = (epochMs: number) => new Date(epochMs).toISOString();

/** The message published for `alert` (channels default to both when the alert names none). */
export function toAlertMessage(alert: Alert): AlertMessage {
  const { at, digest, delivery, ...rest } = alert;
  return {
    schema: ALERT_MESSAGE_SCHEMA,
    version: ALERT_MESSAGE_VERSION,
    ...rest,
    at: isoTime(at),
    channels: [...(delivery?.channels ?? ['sns', 'slack'])],
    ...(digest === undefined
      ? {}
      : { digest: { ...digest, from: isoTime(digest.from), to: isoTime(digest.to) } }),
  } as AlertMessage;
}

/** Reads an alert message; throws (a SyntaxError or a ZodError naming every problem) when it is not one. */
export function parseAlertMessage(body: string): AlertMessage {
  return alertMessageSchema().parse(JSON.parse(body));
}

/** The alert a message carries (times back to epoch ms; its channels become its delivery). */
export function fromAlertMessage(message: AlertMessage): Alert {
  const { schema: _schema, version: _version, at, channels, digest, ...rest } = message;
  return {
    ...rest,
    at: Date.parse(at),
    delivery: { aggregateSeconds: 0, channels },
    ...(digest === undefined
      ? {}
      : { digest: { ...digest, from: Date.parse(digest.from), to: Date.parse(digest.to) } }),
  } as Alert;
}
