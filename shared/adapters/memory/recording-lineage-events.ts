import type { LineageEventPort } from '#core/ports/index.js';
import type { LineageNews } from '#core/workflow/index.js';

/** A LineageEventPort that keeps every event in order: EventBridge's stand-in for the simulator and tests. */
export class RecordingLineageEvents implements LineageEventPort {
  readonly events: LineageNews[] = [];

  async publish(events: readonly LineageNews[]): Promise<readonly (Error | undefined)[]> {
    this.events.push(...structuredClone(events));
    return events.map(() => undefined);
  }
}
