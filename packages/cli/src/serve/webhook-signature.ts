import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Whether `signature` (`sha256=<hex>`, as GitHub, Stripe-like relays and most webhook senders
 * spell it) is the HMAC-SHA256 of exactly `body` under `secret`. Compared in constant time, so a
 * caller learns nothing from how long a wrong guess took.
 */
export function validWebhookSignature(
  body: Buffer,
  signature: string | undefined,
  secret: string,
): boolean {
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(signature?.trim() ?? '');
  if (match === null) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(match[1] as string, 'hex'));
}

/** The signature header value a sender computes for `body`: `sha256=<hex>`. */
export function webhookSignature(body: Buffer | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
