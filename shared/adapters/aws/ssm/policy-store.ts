import {
  GetParameterCommand,
  ParameterNotFound,
  PutParameterCommand,
  paginateGetParametersByPath,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { DEFAULT_POLICY_PREFIX, normalisePolicyPrefix } from './client.js';

/** SSM Standard parameters hold at most 4096 characters; Advanced ones 8 KB. */
export const STANDARD_TIER_MAX_CHARS = 4096;
/** The largest value an Advanced parameter holds, in bytes. */
export const ADVANCED_TIER_MAX_BYTES = 8192;

/** A stored policy parameter as the CLI shows it. */
export interface StoredPolicy {
  readonly name: string;
  readonly parameter: string;
  readonly version: number;
  readonly value: string;
  readonly lastModified?: Date;
}

/**
 * Reads and writes policy parameters directly (the operator's CLI; the Lambdas read through
 * {@link SsmPolicySource}). One String parameter per policy, named `<prefix><policy name>`.
 */
export class SsmPolicyStore {
  readonly prefix: string;

  constructor(
    private readonly client: SSMClient,
    prefix: string = DEFAULT_POLICY_PREFIX,
  ) {
    this.prefix = normalisePolicyPrefix(prefix);
  }

  parameterName(policyName: string): string {
    return `${this.prefix}${policyName}`;
  }

  /**
   * Writes a policy (overwriting), as an Advanced parameter when the value is over 4096 characters.
   * Returns the new parameter version and tier. Values over 8 KB are refused before calling SSM.
   */
  async put(policyName: string, value: string): Promise<{ version: number; tier: 'Standard' | 'Advanced' }> {
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes > ADVANCED_TIER_MAX_BYTES) {
      throw new RangeError(
        `policy ${policyName} is ${bytes} bytes; an SSM parameter holds at most ${ADVANCED_TIER_MAX_BYTES}. ` +
          'Remove descriptions or split it into several policies.',
      );
    }
    const advanced = value.length > STANDARD_TIER_MAX_CHARS;
    const out = await this.client.send(
      new PutParameterCommand({
        Name: this.parameterName(policyName),
        Value: value,
        Type: 'String',
        Overwrite: true,
        ...(advanced ? { Tier: 'Advanced' as const } : {}),
        Description: `batch-retry-orchestrator retry policy ${policyName}`,
      }),
    );
    return { version: out.Version ?? 0, tier: advanced ? 'Advanced' : 'Standard' };
  }

  /** The stored policy, or undefined when no parameter of that name exists. */
  async get(policyName: string): Promise<StoredPolicy | undefined> {
    try {
      const out = await this.client.send(new GetParameterCommand({ Name: this.parameterName(policyName) }));
      const p = out.Parameter;
      if (p?.Value === undefined) return undefined;
      return {
        name: policyName,
        parameter: this.parameterName(policyName),
        version: p.Version ?? 0,
        value: p.Value,
        ...(p.LastModifiedDate === undefined ? {} : { lastModified: p.LastModifiedDate }),
      };
    } catch (error) {
      if (error instanceof ParameterNotFound) return undefined;
      throw error;
    }
  }

  /** Every policy parameter directly under the prefix, sorted by name. */
  async list(): Promise<StoredPolicy[]> {
    const out: StoredPolicy[] = [];
    const path = this.prefix.length > 1 ? this.prefix.slice(0, -1) : this.prefix;
    for await (const page of paginateGetParametersByPath(
      { client: this.client },
      { Path: path, Recursive: false },
    )) {
      for (const p of page.Parameters ?? []) {
        if (p.Name === undefined || p.Value === undefined) continue;
        out.push({
          name: p.Name.startsWith(this.prefix) ? p.Name.slice(this.prefix.length) : p.Name,
          parameter: p.Name,
          version: p.Version ?? 0,
          value: p.Value,
          ...(p.LastModifiedDate === undefined ? {} : { lastModified: p.LastModifiedDate }),
        });
      }
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : 1));
  }
}
