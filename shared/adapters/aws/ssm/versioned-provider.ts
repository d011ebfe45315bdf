import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { paginateGetParametersByPath } from '@aws-sdk/client-ssm';

/** One parameter as cached by {@link VersionedSsmProvider}: its value and the SSM version it had. */
export interface VersionedValue {
  readonly value: string;
  readonly version: number;
}

/**
 * Powertools' SSMProvider keeps only values; a policy decision must also record the parameter
 * version. This provider reads the same GetParametersByPath pages (one level, no decryption) and
 * keeps value and version together, as a JSON string, so that Powertools' `getMultiple` caching
 * (`maxAge`, `forceFetch`) applies unchanged. Read entries back with {@link decodeVersionedValue}.
 */
export class VersionedSsmProvider extends SSMProvider {
  protected override async _getMultiple(path: string): Promise<Record<string, string | undefined>> {
    const base = path.endsWith('/') ? path : `${path}/`;
    const values: Record<string, string | undefined> = {};
    const pages = paginateGetParametersByPath(
      { client: this.client },
      { Path: base.length > 1 ? base.slice(0, -1) : base, Recursive: false, WithDecryption: false },
    );
    for await (const page of pages) {
      for (const parameter of page.Parameters ?? []) {
        if (parameter.Name === undefined || parameter.Value === undefined) continue;
        const name = parameter.Name.startsWith(base) ? parameter.Name.slice(base.length) : parameter.Name;
        values[name] = JSON.stringify({ value: parameter.Value, version: parameter.Version ?? 0 });
      }
    }
    return values;
  }
}

/** Reads back one entry written by {@link VersionedSsmProvider}. */
export function decodeVersionedValue(entry: string): VersionedValue {
  return JSON.parse(entry) as VersionedValue;
}
