import { createDataSource } from '../data-source.options';
import { createTestDatabase, TestDatabase } from '@mm/testing';

/**
 * The migrations are hand-written; the TypeORM entities must describe the tables they create.
 * If an entity's columns and the migrated schema disagree, TypeORM's schema builder emits SQL to
 * sync them. Indexes, checks and foreign keys live only in the migrations (the entities do not
 * declare them), so the builder's proposals to drop those are not drift.
 */
describe('migration drift', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it('leaves nothing for the entities to change in the migrated schema', async () => {
    const dataSource = createDataSource({ url: database.ownerUrl, poolSize: 1 });
    await dataSource.initialize();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      const drift = pending.upQueries.map((q) => q.query).filter((sql) => !/^(DROP INDEX|ALTER TABLE "\w+" DROP CONSTRAINT)/.test(sql));
      expect(drift).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });
});
