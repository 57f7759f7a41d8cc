import { Delta, Resolutions, RoutedStrategy, type ConflictStrategy } from '@oxide-mirror/core';

const named = (name: string): ConflictStrategy => ({ name, resolve: () => Resolutions.apply });

describe('RoutedStrategy', () => {
  const fallback = named('fallback');
  const forInvoices = named('invoices');
  const forBilling = named('billing');
  const routed = new RoutedStrategy(fallback, {
    byResource: { invoices: forInvoices },
    bySource: { billing: forBilling },
  });

  it('picks the resource override first, then the source override, then the fallback', () => {
    expect(routed.strategyFor(Delta.upsert('invoices', '1', {}, 'billing'))).toBe(forInvoices);
    expect(routed.strategyFor(Delta.upsert('customers', '1', {}, 'billing'))).toBe(forBilling);
    expect(routed.strategyFor(Delta.upsert('customers', '1', {}, 'crm'))).toBe(fallback);
  });

  it('names its routes so that recorded decisions say which rules applied', () => {
    expect(routed.name).toBe('fallback[resource:invoices=invoices,source:billing=billing]');
    expect(new RoutedStrategy(fallback, {}).name).toBe('fallback');
  });

  it('delegates resolve to the chosen strategy', () => {
    const skipper: ConflictStrategy = { name: 'skip', resolve: () => Resolutions.skip };
    const strategy = new RoutedStrategy(fallback, { bySource: { scraper: skipper } });
    expect(strategy.resolve(undefined, Delta.upsert('a', '1', {}, 'scraper'))).toEqual({
      kind: 'skip',
    });
    expect(strategy.resolve(undefined, Delta.upsert('a', '1', {}, 'crm'))).toEqual({
      kind: 'apply',
    });
  });
});
