import type { Alert, AlertPort } from '#core/ports/index.js';

/** An AlertPort that keeps every alert in order: the simulator's and the CLI's alert channel. */
export class CollectingAlerts implements AlertPort {
  readonly alerts: Alert[] = [];

  async publish(alert: Alert): Promise<void> {
    this.alerts.push(alert);
  }
}
