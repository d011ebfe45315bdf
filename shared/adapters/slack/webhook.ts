import { type PostJson, postJson } from './post-json.js';
import type { SlackMessage } from './slack-message.js';

/** Slack refused the message for good (400, 403, 404, 410: a revoked or wrong webhook, a bad payload). */
export class SlackRejectedError extends Error {
  override readonly name = 'SlackRejectedError';
  constructor(
    readonly status: number,
    readonly slackError: string,
  ) {
    super(
      `Slack refused the message with HTTP ${status} (${slackError}); the webhook may be revoked or wrong`,
    );
  }
}

/** Slack could not take the message in time: throttled, 5xx or no answer, on every attempt. */
export class SlackUnavailableError extends Error {
  override readonly name = 'SlackUnavailableError';
  constructor(
    readonly attempts: number,
    readonly lastProblem: string,
  ) {
    super(`Slack did not take the message after ${attempts} attempts (last: ${lastProblem})`);
  }
}

export interface SlackWebhookOptions {
  /** The webhook URL (read lazily, so a bad parameter fails on the first message, not at import). */
  readonly url: () => Promise<URL>;
  /** Attempts per message, the first included. @default 4 */
  readonly maxAttempts?: number;
  /** One request's time limit, in ms. @default 5000 */
  readonly timeoutMs?: number;
  /** First backoff after a 5xx or a timeout, in ms; doubled each time, with full jitter. @default 500 */
  readonly baseDelayMs?: number;
  /** Longest wait Slack's Retry-After is honoured for, in ms; a longer one ends the attempts. @default 30000 */
  readonly maxWaitMs?: number;
  /** Time left to the caller (the Lambda's remaining time); no wait is started that would not fit. */
  readonly remainingMs?: () => number;
  /** The HTTP POST. @default postJson (Node's http client) */
  readonly post?: PostJson;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/** Margin kept below the caller's remaining time when deciding whether one more attempt fits, in ms. */
const SAFETY_MS = 1000;

/**
 * Posts messages to a Slack incoming webhook (one POST of JSON, with Node's http client: post-json.ts).
 * A 429 waits for Slack's `Retry-After`; a 5xx, a timeout or a network error backs off with full
 * jitter; each attempt is bounded. A 4xx other than 429 is final ({@link SlackRejectedError}); running
 * out of attempts or time is {@link SlackUnavailableError}. No error or log carries the URL.
 */
export class SlackWebhook {
  readonly #options: SlackWebhookOptions;

  constructor(options: SlackWebhookOptions) {
    this.#options = options;
  }

  async post(message: SlackMessage): Promise<{ readonly attempts: number }> {
    const o = this.#options;
    const url = await o.url();
    const post = o.post ?? postJson;
    const sleep = o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const maxAttempts = o.maxAttempts ?? 4;
    const body = JSON.stringify(message);
    let problem = 'no attempt made';
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      let wait: number;
      try {
        const response = await post(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(o.timeoutMs ?? 5000),
        });
        if (response.ok) return { attempts: attempt };
        const text = (await response.text().catch(() => '')).slice(0, 100);
        problem = `HTTP ${response.status}${text === '' ? '' : ` ${text}`}`;
        if (response.status === 429) {
          wait = retryAfterMs(response.headers.get('retry-after'));
          if (wait > (o.maxWaitMs ?? 30_000)) break;
        } else if (response.status >= 500) {
          wait = this.#backoff(attempt);
        } else {
          throw new SlackRejectedError(response.status, text === '' ? 'no reason given' : text);
        }
      } catch (error) {
        if (error instanceof SlackRejectedError) throw error;
        problem = isTimeout(error) ? 'timed out' : 'network error';
        wait = this.#backoff(attempt);
      }
      if (attempt === maxAttempts) break;
      const remaining = o.remainingMs?.();
      if (remaining !== undefined && wait + (o.timeoutMs ?? 5000) + SAFETY_MS > remaining) break;
      await sleep(wait);
    }
    throw new SlackUnavailableError(maxAttempts, problem);
  }

  #backoff(attempt: number): number {
    const cap = (this.#options.baseDelayMs ?? 500) * 2 ** (attempt - 1);
    return Math.floor((this.#options.random ?? Math.random)() * cap);
  }
}

/** Slack's Retry-After is whole seconds; a missing or odd value waits one second. */
function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}
