// The testing kit under Vitest: the strategy contract declares its tests, and a spec runs inside one.
import { recordAt, runStrategyContract, strategySpec, upsertAt } from '@oxide-mirror/testing';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { describe, it } from 'vitest';

runStrategyContract('LastWriteWins', { createStrategy: () => new LastWriteWins(), numRuns: 20 });

describe('LastWriteWins decisions', () => {
  it('skips an older change', () => {
    strategySpec(new LastWriteWins())
      .givenRecord(recordAt(5))
      .whenDelta(upsertAt(1, '1', { n: 0 }))
      .thenSkips();
  });
});
