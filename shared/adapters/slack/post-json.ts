import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** What the webhook reads of an answer (a subset of fetch's Response, so fetch itself fits). */
export interface PostAnswer {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** One POST (a subset of fetch's signature, so fetch itself fits, as tests use it). */
export type PostJson = (
  url: URL,
  init: {
    readonly method: 'POST';
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
    readonly signal: AbortSignal;
  },
) => Promise<PostAnswer>;

/** Most of an answer's body that is kept: Slack answers `ok` or a short error code. */
const MAX_BODY_BYTES = 4096;

/**
 * A POST with Node's own http/https client. Not `fetch`: the first call of Node's fetch loads its
 * HTTP stack (undici), and 1,000 posts with it peaked at 102 MiB RSS against 69 MiB with this, under
 * the heap limits of a 128 MB function (docs/alerts.md). Aborted by `init.signal` (an AbortError).
 * Redirects are not followed (Slack's webhooks answer without one): a 3xx is a refusal like a 4xx.
 */
export const postJson: PostJson = (url, init) =>
  new Promise((resolve, reject) => {
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    const request = send(
      url,
      { method: init.method, headers: init.headers, signal: init.signal },
      (response) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        response.on('data', (chunk: Buffer) => {
          if (bytes < MAX_BODY_BYTES) chunks.push(chunk);
          bytes += chunk.length;
        });
        response.on('error', reject);
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          const text = Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
          resolve({
            ok: status >= 200 && status < 300,
            status,
            headers: {
              get: (name) => {
                const value = response.headers[name.toLowerCase()];
                return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
              },
            },
            text: async () => text,
          });
        });
      },
    );
    request.on('error', reject);
    request.end(init.body);
  });
