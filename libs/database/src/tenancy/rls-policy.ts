/**
 * SQL for the row-level security of tenant tables, used by migrations. One policy per table
 * keyed on the `app.*` settings of the transaction (see TenantDatabase). The app_* functions are
 * STABLE one-line SQL functions, so Postgres inlines them and the comparisons use the indexes on
 * the denormalised region_id / district_id / school_id columns.
 */
export interface TenantColumns {
  region: string;
  district?: string;
  school?: string;
}

export function scopeExpression(cols: TenantColumns): string {
  const parts = [
    `app_role() IN ('ADMIN', 'SYSTEM')`,
    `(app_role() = 'AUTHORITY' AND (app_region_id() IS NULL OR ${cols.region} = app_region_id()))`,
  ];
  if (cols.district) parts.push(`(app_role() = 'DISTRICT_COORDINATOR' AND ${cols.district} = app_district_id())`);
  if (cols.school) parts.push(`(app_role() = 'SCHOOL_CURATOR' AND ${cols.school} = app_school_id())`);
  return `(${parts.join('\n    OR ')})`;
}

/** Statements that enable, force and define the tenant policy of a table. */
export function enableTenantRls(table: string, cols: TenantColumns, read: string = scopeExpression(cols)): string[] {
  const write = scopeExpression(cols);
  return [
    `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY ${table}_tenant_read ON ${table} FOR SELECT USING ${read}`,
    `CREATE POLICY ${table}_tenant_insert ON ${table} FOR INSERT WITH CHECK ${write}`,
    `CREATE POLICY ${table}_tenant_update ON ${table} FOR UPDATE USING ${write} WITH CHECK ${write}`,
    `CREATE POLICY ${table}_tenant_delete ON ${table} FOR DELETE USING ${write}`,
  ];
}

export function dropTenantRls(table: string): string[] {
  return ['read', 'insert', 'update', 'delete'].map((p) => `DROP POLICY IF EXISTS ${table}_tenant_${p} ON ${table}`);
}

/** The group role every runtime login role is a member of; migrations grant to it. */
export const APP_ROLE = 'mm_app';
