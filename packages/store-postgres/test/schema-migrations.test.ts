import { asAdmin, describeWithPostgres, freshSchema, openTestStore } from './postgres-server';

describeWithPostgres("a mirror's migrations", () => {
  it('opens a mirror at the latest migration without running the migrator again', async () => {
    const schema = freshSchema();
    await (await openTestStore({ schema })).close();
    // The migrator creates its lock table whenever it runs: gone, it shows whether it ran.
    await asAdmin(`DROP TABLE ${schema}.mirror_migrations_lock`);
    const store = await openTestStore({ schema });
    try {
      expect(await store.schemaVersion()).toBeGreaterThan(0);
      const lockTables = await asAdmin(
        `SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename = 'mirror_migrations_lock'`,
        [schema],
      );
      expect(lockTables).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('refuses a mirror that applied a migration this release does not know', async () => {
    const schema = freshSchema();
    await (await openTestStore({ schema })).close();
    await asAdmin(
      `INSERT INTO ${schema}.mirror_migrations (name, timestamp)
        VALUES ('9999_from_a_newer_release', '2027-01-01T00:00:00.000Z')`,
    );
    await expect(openTestStore({ schema })).rejects.toMatchObject({
      code: 'MIGRATION_FAILED',
      message: expect.stringContaining('9999_from_a_newer_release'),
    });
  });
});
