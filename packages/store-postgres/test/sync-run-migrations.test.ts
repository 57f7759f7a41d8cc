import { asAdmin, describeWithPostgres, freshSchema, openTestStore } from './postgres-server';

describeWithPostgres('the sync_runs table of an older mirror', () => {
  it('keeps its rows and accepts interrupted runs once the store has migrated it', async () => {
    const schema = freshSchema();
    await (await openTestStore({ schema })).close();
    // The mirror as releases before `interrupted` left it: the old CHECK, the migration unapplied.
    await asAdmin(`ALTER TABLE ${schema}.sync_runs DROP CONSTRAINT sync_runs_outcome_check`);
    await asAdmin(`ALTER TABLE ${schema}.sync_runs ADD CONSTRAINT sync_runs_outcome_check
      CHECK (outcome IN ('running', 'ok', 'partial', 'failed'))`);
    await asAdmin(
      `INSERT INTO ${schema}.sync_runs (source, started_at, outcome, pages)
        VALUES ('crm', '2026-01-01T00:00:00.000Z', 'ok', 4)`,
    );
    await asAdmin(
      `DELETE FROM ${schema}.mirror_migrations
        WHERE name IN ('0004_interrupted_runs', '0005_abandoned_runs')`,
    );

    const store = await openTestStore({ schema });
    try {
      const [old] = await store.recentSyncRuns(1);
      const id = await store.startSyncRun('crm', undefined);
      const stopped = await store.finishSyncRun(id, {
        outcome: 'interrupted',
        report: undefined,
        cursorAfter: undefined,
        error: undefined,
      });
      expect(stopped.outcome).toBe('interrupted');
      expect(old).toMatchObject({ source: 'crm', outcome: 'ok', pages: 4, rejected: 0 });
      expect((await store.recentSyncRuns(5)).map((run) => run.id)).toEqual([id, old?.id]);
    } finally {
      await store.close();
    }
  });
});
