import { SourceProtocolError } from '../src/errors';
import { checkPullResult } from '../src/pull-result-check';

describe('a page a source returned', () => {
  it('keeps the record totals it reports per resource', () => {
    const page = checkPullResult('crm', {
      deltas: [],
      hasMore: true,
      nextCursor: 'c',
      totals: { contacts: 1200, companies: 0 },
    });
    expect(page.totals).toEqual({ contacts: 1200, companies: 0 });
  });

  it.each([
    [[3], 'totals is not an object'],
    [{ contacts: -1 }, 'totals.contacts is not a whole number, 0 or more'],
    [{ contacts: 1.5 }, 'totals.contacts is not a whole number, 0 or more'],
    [{ contacts: '12' }, 'totals.contacts is not a whole number, 0 or more'],
  ])('refuses totals %j', (totals, problem) => {
    const check = (): unknown => checkPullResult('crm', { deltas: [], hasMore: false, totals });
    expect(check).toThrow(SourceProtocolError);
    expect(check).toThrow(problem);
  });
});
