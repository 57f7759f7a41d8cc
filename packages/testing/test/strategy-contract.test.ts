import { isOlderThan, type ConflictStrategy, type Resolution } from '@oxide-mirror/core';
import {
  ContractViolation,
  runStrategyContract,
  strategyScenarios,
  type StrategyContractOptions,
} from '@oxide-mirror/testing';

/** A correct last-write-wins, the baseline every broken variant below departs from. */
const lastWriteWins: ConflictStrategy = {
  name: 'lww',
  resolve: (existing, incoming) =>
    existing !== undefined && isOlderThan(incoming, existing)
      ? { kind: 'skip' }
      : { kind: 'apply' },
};

function broken(resolve: ConflictStrategy['resolve'], name = 'broken'): StrategyContractOptions {
  return { createStrategy: () => ({ name, resolve }), numRuns: 100 };
}

runStrategyContract('a plain last-write-wins', { createStrategy: () => lastWriteWins });

runStrategyContract('a strategy that keeps what the mirror holds, but not new records', {
  createStrategy: () => ({ name: 'keep-nothing-new', resolve: () => ({ kind: 'skip' }) }),
  appliesNewRecords: false,
});

describe('the strategy contract catches broken strategies', () => {
  it('fails a strategy that writes into the record it is shown', async () => {
    const mutating = broken((existing) => {
      if (existing?.payload) existing.payload.seen = true;
      return { kind: 'apply' };
    });
    await expect(strategyScenarios.pure.run(mutating)).rejects.toThrow(
      /resolve changed its inputs/,
    );
  });

  it('fails a strategy that answers at random', async () => {
    const random = broken(() => (Math.random() < 0.5 ? { kind: 'apply' } : { kind: 'skip' }));
    await expect(strategyScenarios.deterministic.run(random)).rejects.toThrow(
      /then .*and a fresh instance as/,
    );
  });

  it('fails a strategy with hidden state, on a whole log', async () => {
    const options: StrategyContractOptions = {
      createStrategy: () => {
        let calls = 0;
        return {
          name: 'every-third-skips',
          resolve: () => ((calls += 1) % 3 === 0 ? { kind: 'skip' } : { kind: 'apply' }),
        };
      },
    };
    await expect(strategyScenarios.sameLogSameTable.run(options)).rejects.toThrow(
      /one log projected to different records/,
    );
  });

  it('fails a strategy that reads the payload of a tombstone', async () => {
    const careless = broken((existing) =>
      existing && Object.keys(existing.payload as object).length > 99
        ? { kind: 'skip' }
        : { kind: 'apply' },
    );
    await expect(strategyScenarios.deletesAndTombstones.run(careless)).rejects.toThrow(
      /resolve threw TypeError.* for a tombstone/,
    );
    await expect(strategyScenarios.neverThrows.run(careless)).rejects.toBeInstanceOf(
      ContractViolation,
    );
  });

  it('fails a strategy that merges a delete', async () => {
    const merging = broken(() => ({ kind: 'merge', payload: {} }));
    await expect(strategyScenarios.validResolutions.run(merging)).rejects.toThrow(
      /merge for a delete/,
    );
  });

  it('fails a strategy whose merged payload is not JSON', async () => {
    const dated = broken((_existing, incoming) =>
      incoming.op === 'upsert'
        ? ({ kind: 'merge', payload: { at: new Date(0) } } as unknown as Resolution)
        : { kind: 'apply' },
    );
    await expect(strategyScenarios.validResolutions.run(dated)).rejects.toThrow(
      /merge payload a store would refuse: InvalidDeltaError: .*payload\.at/,
    );
  });

  it('fails a strategy that answers something else than a resolution', async () => {
    const vague = broken(() => ({ kind: 'maybe' }) as unknown as Resolution);
    await expect(strategyScenarios.validResolutions.run(vague)).rejects.toThrow(
      /returned \{"kind":"maybe"\}/,
    );
  });

  it('fails a strategy that skips records the mirror never held, unless told it may', async () => {
    const skipping = broken(() => ({ kind: 'skip' }));
    await expect(strategyScenarios.missingRecord.run(skipping)).rejects.toThrow(
      /skipped a (upsert|delete) of a record the mirror never held/,
    );
    await expect(
      strategyScenarios.missingRecord.run({ ...skipping, appliesNewRecords: false }),
    ).resolves.toBeUndefined();
  });

  it('fails a strategy without a name', async () => {
    await expect(
      strategyScenarios.stableName.run(broken(lastWriteWins.resolve, ' ')),
    ).rejects.toThrow(/name must be a non-empty string/);
  });

  it('reports the counterexample fast-check found', async () => {
    const random = broken(() => (Math.random() < 0.5 ? { kind: 'apply' } : { kind: 'skip' }));
    await expect(strategyScenarios.deterministic.run(random)).rejects.toThrow(/Counterexample/);
  });
});
