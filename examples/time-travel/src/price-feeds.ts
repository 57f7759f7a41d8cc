import { Delta, type PullResult } from '@oxide-mirror/core';
import { StaticSource } from '@oxide-mirror/source-static';

/** Minute `m` of 2026-03-02, UTC: every change below happens that morning. */
export function minute(m: number): Date {
  return new Date(Date.UTC(2026, 2, 2, 9, m));
}

/**
 * Two feeds that disagree about one product. The supplier's feed is authoritative (confidence
 * 0.9); a scraper is fast but unreliable (0.4) and once reports a price from the past.
 */
export function priceFeeds(): StaticSource[] {
  const product = (price: number, m: number, source: string, confidence: number): Delta =>
    Delta.upsert('products', 'espresso-machine', { name: 'Espresso machine', price }, source, {
      occurredAt: minute(m),
      confidence,
    });
  const supplier: PullResult[] = [
    { deltas: [product(499, 0, 'supplier', 0.9)], hasMore: true },
    { deltas: [product(479, 30, 'supplier', 0.9)], hasMore: false },
  ];
  const scraper: PullResult[] = [
    { deltas: [product(449, 10, 'scraper', 0.4)], hasMore: true },
    { deltas: [product(399, 45, 'scraper', 0.4)], hasMore: false },
  ];
  return [new StaticSource('supplier', supplier), new StaticSource('scraper', scraper)];
}
