import { ContractViolation, runSourceContract, sourceScenarios } from '@oxide-mirror/testing';
import { memoryBackend, type Flaw } from './memory-api';

runSourceContract('a keyset-paged in-memory source', { createBackend: () => memoryBackend() });

runSourceContract('the same source with one record per page', {
  createBackend: () => memoryBackend('none', 1),
});

runSourceContract('a source that follows a change log, pulled and streamed', {
  createBackend: () => memoryBackend('streams'),
});

describe('the source contract catches broken sources', () => {
  const brokenBy = (flaw: Flaw) => ({ createBackend: () => memoryBackend(flaw) });

  it('fails a source that keeps its progress in memory instead of in the cursor', async () => {
    await expect(
      sourceScenarios.resumesAfterRestart.run(brokenBy('keepsProgressInMemory')),
    ).rejects.toThrow(/did not resume from the stored cursor/);
  });

  it('fails a source whose deltas change between deliveries of the same data', async () => {
    await expect(sourceScenarios.samePageTwice.run(brokenBy('stampsPullTime'))).rejects.toThrow(
      /delivered twice, left \d+ events for 7 records/,
    );
  });

  it('fails a source whose cursor is a timestamp alone', async () => {
    await expect(sourceScenarios.equalTimestamps.run(brokenBy('timeOnlyCursor'))).rejects.toThrow(
      /with one timestamp\) gave \d+ distinct deltas/,
    );
  });

  it('fails a source that resumes after a sync with an exclusive bound, naming the lost record', async () => {
    await expect(
      sourceScenarios.watermarkAcrossSyncs.run(brokenBy('exclusiveBoundAcrossSyncs')),
    ).rejects.toThrow(/record rec-004, written after a sync with the same time .* was lost/);
  });

  it('tells a source that repeats a change on every page by its duplicates', async () => {
    await expect(
      sourceScenarios.resumesAfterRestart.run({
        createBackend: () => memoryBackend('repeatsOneChange', 1),
      }),
    ).rejects.toThrow(/exact duplicates of changes already stored: it resumed/);
  });

  it('fails a source that turns a backend error into an empty last page', async () => {
    await expect(sourceScenarios.errorsSurface.run(brokenBy('swallowsErrors'))).rejects.toThrow(
      /the backend failed, yet the sync succeeded/,
    );
  });

  it('fails a source that returns invalid deltas, naming the field', async () => {
    const run = sourceScenarios.validDeltas.run(brokenBy('invalidConfidence'));
    await expect(run).rejects.toBeInstanceOf(ContractViolation);
    await expect(run).rejects.toThrow(/validateDelta refuses:[\s\S]*provenance\.confidence/);
  });

  it('fails a source that never reports deletes', async () => {
    await expect(sourceScenarios.deletes.run(brokenBy('ignoresDeletes'))).rejects.toThrow(
      /one upstream delete applied 0 delta/,
    );
  });

  it('fails the delete scenario when the backend cannot delete, pointing at skip', async () => {
    const { remove: _remove, ...withoutRemove } = memoryBackend();
    await expect(
      sourceScenarios.deletes.run({ createBackend: () => withoutRemove }),
    ).rejects.toThrow(/has no remove\(\)[\s\S]*skip: \{ deletes/);
  });

  it('fails a stream that emits no checkpoints, so a follower cannot keep its place', async () => {
    await expect(
      sourceScenarios.followsStream.run(brokenBy('streamsWithoutCheckpoints')),
    ).rejects.toThrow(/opened without a cursor: a stream must emit checkpoints/);
  });

  it('names the scenario in the violation', async () => {
    await expect(
      sourceScenarios.resumesAfterRestart.run(brokenBy('keepsProgressInMemory')),
    ).rejects.toThrow(/^\[resumes from the stored cursor after a restart/);
  });
});
