import { SourcePriority } from '@oxide-mirror/strategy-source-priority';
import { runStrategyContract } from '@oxide-mirror/testing';

runStrategyContract('SourcePriority', {
  createStrategy: () =>
    new SourcePriority({ order: ['crm', 'billing'], byResource: { orders: ['billing'] } }),
  // Listed, listed for one resource only, and unknown sources, so every rank comparison occurs.
  sources: ['crm', 'billing', 'scraper', 'import'],
  resources: ['items', 'orders'],
});
