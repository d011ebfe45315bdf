import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import type { SSMClient } from '@aws-sdk/client-ssm';

/**
 * Reads one SecureString parameter, decrypted, through Powertools' SSMProvider, which caches it for
 * `maxAgeSeconds` per container. Resolves to undefined when the parameter does not exist. The value
 * is a secret: callers must never log it or put it in an error.
 */
export function createSecureStringReader(options: {
  readonly client: SSMClient;
  readonly name: string;
  /** @default 300 */
  readonly maxAgeSeconds?: number;
}): () => Promise<string | undefined> {
  const provider = new SSMProvider({ awsSdkV3Client: options.client });
  return async () => {
    try {
      return await provider.get(options.name, { decrypt: true, maxAge: options.maxAgeSeconds ?? 300 });
    } catch (error) {
      if (
        error instanceof Error &&
        /ParameterNotFound/.test(`${error.name} ${error.message} ${String(error.cause)}`)
      ) {
        return undefined;
      }
      throw error;
    }
  };
}
