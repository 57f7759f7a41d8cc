/** A response body larger than its limit, once decompressed. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the response body exceeds maxResponseBytes (${limit} bytes after decompression)`);
  }
}

/**
 * The body of `response` as text, read chunk by chunk so that no more than `maxBytes` of it
 * (counted after decompression: a small gzip body can expand a thousandfold) is ever held.
 * Rejects with {@link BodyTooLargeError} and cancels the rest of the download beyond that.
 * The chunks are decoded once, at the end: decoding each chunk as it comes, and joining the
 * pieces, took nearly three times as long per page.
 */
export async function readBoundedText(response: Response, maxBytes: number): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel();
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks, bytes).toString('utf8');
  // As the Fetch standard's text(): a leading byte-order mark is not part of the text.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
