import { Readable } from 'node:stream';

/** An input whose bytes cannot be read as text: binary data, or a broken gzip file. */
export class UnreadableInputError extends Error {
  constructor(readonly problem: string) {
    super(problem);
    this.name = 'UnreadableInputError';
  }
}

/** Bytes looked at to tell text from binary data. */
const SNIFF_BYTES = 4096;

const isGzip = (head: Buffer) => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

/**
 * The text bytes of an input: gzip data (recognised by its first two bytes, whatever the file is
 * called) is decompressed on the fly; data with a NUL byte near its start (a program, an archive, a
 * UTF-16 file) is refused with an {@link UnreadableInputError} before any of it is parsed.
 */
export async function* textBytes(raw: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  const chunks = raw[Symbol.asyncIterator]();
  const first = await chunks.next();
  if (first.done === true) return;
  const head = Buffer.from(first.value);
  const all = async function* (): AsyncGenerator<Buffer> {
    yield head;
    for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) {
      yield Buffer.from(next.value);
    }
  };
  let sniffed = false;
  for await (const chunk of isGzip(head) ? gunzipped(all()) : all()) {
    if (!sniffed && chunk.subarray(0, SNIFF_BYTES).includes(0)) {
      throw new UnreadableInputError(
        'is binary data, not text (a program, an archive, a UTF-16 file?); give a file of JSON events, gzip-compressed or not',
      );
    }
    sniffed = true;
    yield chunk;
  }
}

async function* gunzipped(compressed: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  // zlib is loaded only when an input is compressed: most runs never need it.
  const [{ createGunzip }, { pipeline }] = await Promise.all([
    import('node:zlib'),
    import('node:stream/promises'),
  ]);
  const gunzip = createGunzip();
  const piping = pipeline(Readable.from(compressed), gunzip).catch(() => {});
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined || !code.startsWith('Z_')) throw error;
    throw new UnreadableInputError(
      code === 'Z_BUF_ERROR'
        ? 'is gzip data that ends early (the file is cut off)'
        : `is not valid gzip data (${code})`,
    );
  } finally {
    await piping;
  }
}
