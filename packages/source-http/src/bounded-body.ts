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
 */
export async function readBoundedText(response: Response, maxBytes: number): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel();
      throw new BodyTooLargeError(maxBytes);
    }
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join('');
}
