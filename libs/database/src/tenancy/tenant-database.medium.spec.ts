import { createTestDatabase, connectTenantDatabase, TestDatabase } from '@mm/testing';
import { SYSTEM_SCOPE, TenantDatabase } from '..';

describe('TenantTransaction.query', () => {
  let database: TestDatabase;
  let db: TenantDatabase;
  let close: () => Promise<void>;
  beforeAll(async () => {
    database = await createTestDatabase();
    ({ db, close } = await connectTenantDatabase(database.appUrl));
  });
  afterAll(async () => {
    await close?.();
    await database?.drop();
  });

  it('returns the rows of INSERT, UPDATE and DELETE … RETURNING alike', async () => {
    await db.transaction(SYSTEM_SCOPE, async (tx) => {
      const inserted = await tx.query(`INSERT INTO regions (code, name) VALUES ('Q1', 'a'), ('Q2', 'b') RETURNING code`);
      expect(inserted).toEqual([{ code: 'Q1' }, { code: 'Q2' }]);
      const updated = await tx.query(`UPDATE regions SET name = 'c' WHERE code IN ('Q1', 'Q2') RETURNING code, name`);
      expect(updated).toEqual(
        expect.arrayContaining([
          { code: 'Q1', name: 'c' },
          { code: 'Q2', name: 'c' },
        ]),
      );
      expect(await tx.query(`UPDATE regions SET name = 'd' WHERE code = 'none' RETURNING code`)).toEqual([]);
      const deleted = await tx.query(`DELETE FROM login_throttle WHERE key = 'none' RETURNING key`);
      expect(deleted).toEqual([]);
    });
  });

  it('scopes every statement: settings hold inside the transaction and are gone after it', async () => {
    const inside = await db.transaction({ role: 'SYSTEM', userId: null, regionId: null, districtId: null, schoolId: null }, (tx) =>
      tx.query(`SELECT current_setting('app.role', true) AS role`),
    );
    expect(inside).toEqual([{ role: 'SYSTEM' }]);
  });
});
