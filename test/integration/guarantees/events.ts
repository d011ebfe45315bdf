import { loadEventFixture } from '../../fixtures/events/load-fixture.js';

/**
 * A fixture event re-dated to `at` (epoch ms) and given `jobId` and extra `tags`, as Batch would
 * emit it for that job: the lineage age limit counts from `createdAt`, so fixtures from years ago
 * must be moved to the harness's present.
 */
export function eventFor(
  fixture: string,
  options: { readonly jobId: string; readonly at: number; readonly tags?: Record<string, string> },
): Record<string, unknown> {
  const event = loadEventFixture(fixture);
  const detail = event.detail as Record<string, unknown> & { tags?: Record<string, string> };
  detail.jobId = options.jobId;
  detail.jobArn = `arn:aws:batch:us-east-1:123456789012:job/${options.jobId}`;
  detail.createdAt = options.at - 120_000;
  detail.stoppedAt = options.at;
  detail.tags = { ...(detail.tags ?? {}), ...(options.tags ?? {}) };
  event.time = new Date(options.at).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return event;
}
