import type { SSMClient } from '@aws-sdk/client-ssm';
import { alertFingerprint } from '#core/alerts/index.js';
import type { LoadedPolicy, PolicyProblem } from '#core/policy/index.js';
import { POLICY_NAME, PolicyUnavailableError, parsePolicyDocument } from '#core/policy/index.js';
import type { Alert, AlertPort, PolicySource } from '#core/ports/index.js';
import { type Clock, type LogPort, silentLog, systemClock } from '#core/ports/index.js';
import { DEFAULT_POLICY_PREFIX, normalisePolicyPrefix } from './client.js';
import { findLastGoodVersion } from './policy-history.js';
import { decodeVersionedValue, VersionedSsmProvider } from './versioned-provider.js';

/** Default cache TTL for the policy parameters: 60 seconds. */
export const DEFAULT_POLICY_MAX_AGE_SECONDS = 60;

export interface SsmPolicySourceOptions {
  /** Created once per module by the caller (Lambda: outside the handler). */
  readonly client: SSMClient;
  /** Where alerts about invalid or unreadable policies go (kind POLICY_INVALID). */
  readonly alerts: AlertPort;
  /** Parameter prefix; default `/batch-retry/policies/`. One String parameter per policy below it. */
  readonly prefix?: string;
  /** Cache TTL in seconds: SSM is read at most once per TTL, also after a failed read. Default 60. */
  readonly maxAgeSeconds?: number;
  /** Times alerts and the pause after a failed read; default the system clock. */
  readonly clock?: Clock;
  readonly log?: LogPort;
}

/**
 * Policies from SSM Parameter Store, read through Powertools parameters (`getMultiple` with
 * `maxAge`), one String parameter per policy named `<prefix><policy name>`. The parameter version is
 * the policy version recorded with every decision.
 *
 * Last known good: when a parameter holds invalid JSON or breaks the schema, the previous good
 * version stays in force (on a cold start, the newest good version from the parameter history);
 * when SSM cannot be read, every policy stays as it was. Each problem raises one POLICY_INVALID
 * alert saying which parameter, why and which version stays in force. A parameter that is deleted
 * takes its policy out of force. With nothing ever loaded, an unreadable SSM raises
 * {@link PolicyUnavailableError} (transient) so the event is retried later.
 */
export class SsmPolicySource implements PolicySource {
  readonly #provider: VersionedSsmProvider;
  readonly #client: SSMClient;
  readonly #alerts: AlertPort;
  readonly #prefix: string;
  readonly #maxAgeSeconds: number;
  readonly #clock: Clock;
  readonly #log: LogPort;
  readonly #lastGood = new Map<string, LoadedPolicy>();
  /** Problems already alerted, by parameter (or `*` for the prefix), with the alert's key. */
  readonly #reported = new Map<string, string>();
  #lastValues: Record<string, unknown> | undefined;
  #loaded = false;
  #pausedUntil = 0;
  #inFlight: Promise<readonly LoadedPolicy[]> | undefined;

  constructor(options: SsmPolicySourceOptions) {
    this.#client = options.client;
    this.#provider = new VersionedSsmProvider({ awsSdkV3Client: options.client });
    this.#alerts = options.alerts;
    this.#prefix = normalisePolicyPrefix(options.prefix ?? DEFAULT_POLICY_PREFIX);
    this.#maxAgeSeconds = options.maxAgeSeconds ?? DEFAULT_POLICY_MAX_AGE_SECONDS;
    this.#clock = options.clock ?? systemClock;
    this.#log = options.log ?? silentLog;
  }

  /**
   * Concurrent calls share one read of SSM (single flight): while a read is in flight, callers get
   * the policies already loaded at once, or, before the first load, wait for that read.
   */
  async load(): Promise<readonly LoadedPolicy[]> {
    if (this.#inFlight !== undefined) return this.#loaded ? this.#snapshot() : this.#inFlight;
    this.#inFlight = this.#read().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #read(): Promise<readonly LoadedPolicy[]> {
    const now = this.#clock.now();
    if (this.#loaded && now < this.#pausedUntil) return this.#snapshot();
    let values: Record<string, unknown> | undefined;
    try {
      values = await this.#provider.getMultiple(this.#prefix, { maxAge: this.#maxAgeSeconds });
    } catch (error) {
      return this.#unreadable(error, now);
    }
    this.#reported.delete('*'); // resolved: a later failure alerts again
    // Powertools does not cache an empty result; pause so that an empty prefix is read once per TTL too.
    this.#pausedUntil =
      values === undefined || Object.keys(values).length === 0 ? now + this.#maxAgeSeconds * 1000 : 0;
    if (values !== this.#lastValues || !this.#loaded) await this.#apply(values ?? {});
    this.#lastValues = values;
    this.#loaded = true;
    return this.#snapshot();
  }

  #snapshot(): readonly LoadedPolicy[] {
    return [...this.#lastGood.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async #unreadable(error: unknown, now: number): Promise<readonly LoadedPolicy[]> {
    const reason =
      error instanceof Error
        ? error.cause instanceof Error
          ? error.cause.message
          : error.message
        : String(error);
    const inForce = this.#snapshot();
    const kept =
      inForce.length === 0
        ? 'no policy is in force yet, so failures are not decided until SSM can be read (messages are retried)'
        : `these stay in force: ${inForce.map((p) => `${p.name} v${p.version}`).join(', ')}`;
    this.#log.warn('policy parameters unreadable', { prefix: this.#prefix, reason });
    await this.#report('*', `unreadable:${reason}`, {
      severity: 'critical',
      title: `Cannot read retry policies under ${this.#prefix}; ${inForce.length === 0 ? 'none loaded yet' : 'last known good in force'}`,
      summary:
        `SSM GetParametersByPath on ${this.#prefix} failed: ${reason}. ${kept}. ` +
        'Check SSM availability and the function role (ssm:GetParametersByPath); reading resumes by itself.',
      next: 'Check SSM availability and the function role (ssm:GetParametersByPath); reading resumes by itself.',
      reason,
      details: { prefix: this.#prefix, reason },
    });
    if (!this.#loaded) {
      throw new PolicyUnavailableError(`cannot read retry policies under ${this.#prefix}: ${reason}`, error);
    }
    this.#pausedUntil = now + this.#maxAgeSeconds * 1000;
    return inForce;
  }

  async #apply(values: Record<string, unknown>): Promise<void> {
    for (const name of [...this.#lastGood.keys()]) {
      if (!(name in values)) {
        this.#lastGood.delete(name);
        this.#log.info('policy parameter deleted; policy no longer in force', { policy: name });
      }
    }
    for (const [name, entry] of Object.entries(values)) {
      if (typeof entry !== 'string') continue;
      const { value, version } = decodeVersionedValue(entry);
      const parameter = `${this.#prefix}${name}`;
      if (this.#lastGood.get(name)?.version === version) continue;
      const problems = this.#validate(name, parameter, value);
      if (problems.ok) {
        this.#lastGood.set(name, { name, version, policy: problems.policy });
        this.#reported.delete(parameter);
        continue;
      }
      await this.#rejected(name, parameter, version, problems.problems);
    }
  }

  #validate(name: string, parameter: string, value: string) {
    if (!POLICY_NAME.test(name)) {
      return {
        ok: false as const,
        problems: [
          {
            path: '',
            message: 'the parameter name is not a valid policy name (letters, digits, ".", "_", "-")',
          },
        ],
      };
    }
    const parsed = parsePolicyDocument(value, parameter);
    if (parsed.ok && parsed.policy.name !== name) {
      return {
        ok: false as const,
        problems: [
          {
            path: 'name',
            message: `is "${parsed.policy.name}" but the parameter is named "${name}"; they must be equal`,
          },
        ],
      };
    }
    return parsed;
  }

  async #rejected(
    name: string,
    parameter: string,
    version: number,
    problems: readonly PolicyProblem[],
  ): Promise<void> {
    let inForce = this.#lastGood.get(name);
    if (inForce === undefined && this.#reported.get(parameter) !== `${version}`) {
      try {
        inForce = await findLastGoodVersion(this.#client, parameter, name, version);
      } catch (error) {
        this.#log.warn('cannot read policy parameter history', { parameter, error: String(error) });
      }
      if (inForce !== undefined) this.#lastGood.set(name, inForce);
    }
    const list = problems.map((p) => `${p.path === '' ? '(document)' : p.path}: ${p.message}`).join('; ');
    const kept =
      inForce === undefined
        ? `No earlier valid version exists, so policy ${name} is not in force: jobs it would govern fall to ` +
          'another matching policy, the default policy, or are left unmanaged.'
        : `Version ${inForce.version} stays in force.`;
    await this.#report(parameter, `${version}`, {
      severity: inForce === undefined ? 'critical' : 'warning',
      policy: name,
      title: `Policy ${name} version ${version} is invalid; ${inForce === undefined ? 'policy not in force' : `version ${inForce.version} stays in force`}`,
      summary:
        `SSM parameter ${parameter} version ${version} was rejected: ${list}. ${kept} ` +
        `Fix the document, check it with \`batch-retry policy validate\`, and push it again.`,
      next: 'Fix the document, check it with `batch-retry policy validate`, and push it again.',
      reason: list,
      details: { parameter, version, problems, inForceVersion: inForce?.version ?? null },
    });
  }

  async #report(
    key: string,
    signature: string,
    alert: Pick<Alert, 'severity' | 'title' | 'summary' | 'next' | 'reason' | 'details'> & {
      policy?: string;
    },
  ): Promise<void> {
    if (this.#reported.get(key) === signature) return;
    try {
      await this.#alerts.publish({
        kind: 'POLICY_INVALID',
        fingerprint: alertFingerprint({ kind: 'POLICY_INVALID', reason: key === '*' ? this.#prefix : key }),
        at: this.#clock.now(),
        ...alert,
      });
      this.#reported.set(key, signature);
    } catch (error) {
      // Left unrecorded so that the next load tries the alert again; loading must not fail for it.
      this.#log.error('cannot publish policy alert', { key, error: String(error) });
    }
  }
}
