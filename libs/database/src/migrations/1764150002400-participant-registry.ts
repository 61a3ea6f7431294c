import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../tenancy/rls-policy';

/**
 * The school's registry of mentoring participants (DESIGN §9): people, consents, mentorings
 * (pairs and groups) and their members, plus the record of destructions and the log of reads of
 * names. Every row carries the school's tenant keys; RLS admits only the school's own curator and
 * ADMIN (SYSTEM inside the narrow functions below) — a district or an authority sees no row, since
 * the registry holds personal data. They read counts only, through `app_registry_figures`.
 *
 * Withdrawal overwrites the personal fields (name, grade; the consent's signer and document) with
 * NULL: the row stays as an anonymous record carrying only what the figures count (kind, form
 * membership, young-specialist flag, mentor source, mentee categories), so past quarters keep
 * their figures. Foreign keys carry (id, school_id, district_id): a member and a mentoring are of
 * one school by construction, and every key joins on the distribution column.
 */
const TABLES = [
  'registry_participants',
  'registry_consents',
  'registry_mentorings',
  'registry_mentoring_members',
  'registry_destructions',
  'registry_access_log',
];

/** School scope only: the curator of the row's school, ADMIN, and SYSTEM inside the definer functions. */
const SCHOOL_ONLY = `(app_role() IN ('ADMIN', 'SYSTEM') OR (app_role() = 'SCHOOL_CURATOR' AND school_id = app_school_id()))`;

function schoolOnlyRls(table: string, appendOnly: boolean): string[] {
  const statements = [
    `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY ${table}_school_read ON ${table} FOR SELECT USING ${SCHOOL_ONLY}`,
    `CREATE POLICY ${table}_school_insert ON ${table} FOR INSERT WITH CHECK ${SCHOOL_ONLY}`,
  ];
  if (!appendOnly) {
    statements.push(`CREATE POLICY ${table}_school_update ON ${table} FOR UPDATE USING ${SCHOOL_ONLY} WITH CHECK ${SCHOOL_ONLY}`);
    statements.push(`CREATE POLICY ${table}_school_delete ON ${table} FOR DELETE USING ${SCHOOL_ONLY}`);
  }
  return statements;
}

export class ParticipantRegistry1764150002400 implements MigrationInterface {
  name = 'ParticipantRegistry1764150002400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE registry_participants (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      region_id uuid NOT NULL,
      district_id uuid NOT NULL,
      school_id uuid NOT NULL REFERENCES schools(id),
      kind varchar(16) NOT NULL CHECK (kind IN ('STUDENT', 'TEACHER', 'EXTERNAL')),
      full_name varchar(300),
      grade smallint CHECK (grade BETWEEN 1 AND 11),
      young_specialist boolean NOT NULL DEFAULT false,
      external_source varchar(32) CHECK (external_source IN ('EMPLOYER', 'UNIVERSITY_STUDENT', 'GRADUATE', 'PARENT', 'OTHER')),
      categories text[] NOT NULL DEFAULT '{}',
      withdrawn_on date,
      version integer NOT NULL DEFAULT 1,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT registry_participants_pkey PRIMARY KEY (id, district_id),
      CONSTRAINT registry_participants_tenant_key UNIQUE (id, school_id, district_id),
      -- A person is named until withdrawal; after it nothing personal remains.
      CONSTRAINT registry_participants_name_check CHECK ((withdrawn_on IS NULL) = (full_name IS NOT NULL)),
      CONSTRAINT registry_participants_withdrawn_check CHECK (withdrawn_on IS NULL OR grade IS NULL),
      CONSTRAINT registry_participants_fields_of_kind_check CHECK (
        (kind = 'EXTERNAL') = (external_source IS NOT NULL)
        AND (kind = 'STUDENT' OR (grade IS NULL AND categories = '{}'))
        AND (kind = 'TEACHER' OR NOT young_specialist))
    )`);
    await q.query(`CREATE INDEX registry_participants_school_idx ON registry_participants (school_id, kind)`);

    await q.query(`CREATE TABLE registry_consents (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      participant_id uuid NOT NULL,
      region_id uuid NOT NULL,
      district_id uuid NOT NULL,
      school_id uuid NOT NULL REFERENCES schools(id),
      signed_on date NOT NULL,
      signed_by varchar(300),
      document_number varchar(100),
      withdrawn_on date,
      recorded_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT registry_consents_pkey PRIMARY KEY (id, district_id),
      CONSTRAINT registry_consents_participant_fk FOREIGN KEY (participant_id, school_id, district_id)
        REFERENCES registry_participants(id, school_id, district_id),
      CONSTRAINT registry_consents_signer_check CHECK ((withdrawn_on IS NULL) = (signed_by IS NOT NULL)),
      CONSTRAINT registry_consents_dates_check CHECK (withdrawn_on IS NULL OR withdrawn_on >= signed_on)
    )`);
    // One consent in force per person.
    await q.query(
      `CREATE UNIQUE INDEX registry_consents_in_force_key ON registry_consents (participant_id, district_id) WHERE withdrawn_on IS NULL`,
    );
    await q.query(`CREATE INDEX registry_consents_school_idx ON registry_consents (school_id, signed_on)`);

    await q.query(`CREATE TABLE registry_mentorings (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      region_id uuid NOT NULL,
      district_id uuid NOT NULL,
      school_id uuid NOT NULL REFERENCES schools(id),
      form varchar(40) NOT NULL CHECK (form IN ('STUDENT_STUDENT', 'TEACHER_STUDENT', 'UNIVERSITY_STUDENT_STUDENT', 'EMPLOYER_STUDENT',
        'TEACHER_TEACHER', 'HEAD_TEACHER', 'UNIVERSITY_TEACHER_YOUNG_TEACHER')),
      is_group boolean NOT NULL,
      started_on date NOT NULL,
      ended_on date,
      version integer NOT NULL DEFAULT 1,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT registry_mentorings_pkey PRIMARY KEY (id, district_id),
      CONSTRAINT registry_mentorings_tenant_key UNIQUE (id, school_id, district_id),
      CONSTRAINT registry_mentorings_dates_check CHECK (ended_on IS NULL OR ended_on >= started_on)
    )`);
    await q.query(`CREATE INDEX registry_mentorings_school_dates_idx ON registry_mentorings (school_id, started_on, ended_on)`);

    await q.query(`CREATE TABLE registry_mentoring_members (
      mentoring_id uuid NOT NULL,
      participant_id uuid NOT NULL,
      region_id uuid NOT NULL,
      district_id uuid NOT NULL,
      school_id uuid NOT NULL REFERENCES schools(id),
      role varchar(8) NOT NULL CHECK (role IN ('MENTOR', 'MENTEE')),
      left_on date,
      CONSTRAINT registry_mentoring_members_pkey PRIMARY KEY (mentoring_id, participant_id, district_id),
      CONSTRAINT registry_mentoring_members_mentoring_fk FOREIGN KEY (mentoring_id, school_id, district_id)
        REFERENCES registry_mentorings(id, school_id, district_id),
      CONSTRAINT registry_mentoring_members_participant_fk FOREIGN KEY (participant_id, school_id, district_id)
        REFERENCES registry_participants(id, school_id, district_id)
    )`);
    await q.query(`CREATE INDEX registry_mentoring_members_participant_idx ON registry_mentoring_members (participant_id)`);

    // What a withdrawal destroyed: when and by whom, never what.
    await q.query(`CREATE TABLE registry_destructions (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      participant_id uuid NOT NULL,
      region_id uuid NOT NULL,
      district_id uuid NOT NULL,
      school_id uuid NOT NULL REFERENCES schools(id),
      withdrawn_on date NOT NULL,
      destroyed_at timestamptz NOT NULL DEFAULT now(),
      destroyed_by uuid NOT NULL,
      CONSTRAINT registry_destructions_pkey PRIMARY KEY (id, district_id),
      CONSTRAINT registry_destructions_participant_fk FOREIGN KEY (participant_id, school_id, district_id)
        REFERENCES registry_participants(id, school_id, district_id)
    )`);

    // Every read of names: who, when, which school, which operation — never the names.
    await q.query(`CREATE TABLE registry_access_log (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      region_id uuid NOT NULL,
      district_id uuid NOT NULL,
      school_id uuid NOT NULL REFERENCES schools(id),
      user_id uuid NOT NULL,
      user_role varchar(32) NOT NULL,
      operation varchar(100) NOT NULL,
      rows_read integer NOT NULL CHECK (rows_read >= 0),
      read_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT registry_access_log_pkey PRIMARY KEY (id, district_id)
    )`);
    await q.query(`CREATE INDEX registry_access_log_school_idx ON registry_access_log (school_id, read_at)`);

    for (const table of TABLES) {
      const appendOnly = table === 'registry_destructions' || table === 'registry_access_log';
      for (const s of schoolOnlyRls(table, appendOnly)) await q.query(s);
    }
    await q.query(
      `GRANT SELECT, INSERT, UPDATE ON registry_participants, registry_consents, registry_mentorings, registry_mentoring_members TO ${APP_ROLE}`,
    );
    await q.query(`GRANT SELECT, INSERT ON registry_destructions, registry_access_log TO ${APP_ROLE}`);

    // The figures of one school and quarter, in one statement: year-to-date unique people engaged in
    // a mentoring active at any time from 1 January to the quarter's last day (a member who left
    // counts up to the day they left), and head counts on that day (pairs and groups at work,
    // consents held). Reads as SYSTEM; callable only by app_registry_figures below.
    await q.query(`CREATE FUNCTION app_registry_counts(p_school uuid, p_year integer, p_quarter integer)
      RETURNS TABLE (code text, value integer)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp SET app.role = 'SYSTEM' AS $$
        WITH b AS (
          SELECT make_date(p_year, 1, 1) AS y0, (make_date(p_year, p_quarter * 3, 1) + interval '1 month' - interval '1 day')::date AS d
        ), engaged AS (
          SELECT mm.participant_id, mm.role, m.form, p.kind, p.young_specialist, p.external_source, p.categories
            FROM registry_mentorings m
            JOIN registry_mentoring_members mm ON mm.mentoring_id = m.id AND mm.district_id = m.district_id
            JOIN registry_participants p ON p.id = mm.participant_id AND p.district_id = mm.district_id
            CROSS JOIN b
           WHERE m.school_id = p_school
             AND m.started_on <= b.d
             AND (mm.left_on IS NULL OR mm.left_on >= m.started_on)
             AND coalesce(least(m.ended_on, mm.left_on), 'infinity'::date) >= b.y0
        )
        SELECT c.code, count(DISTINCT e.participant_id)::int
          FROM engaged e
          CROSS JOIN LATERAL (
                      SELECT 'MENTEES_STUDENTS' WHERE e.role = 'MENTEE' AND e.kind = 'STUDENT'
            UNION ALL SELECT 'MENTEES_STUDENTS_' || e.form WHERE e.role = 'MENTEE' AND e.kind = 'STUDENT'
            UNION ALL SELECT 'MENTORS_STUDENTS' WHERE e.role = 'MENTOR' AND e.kind = 'STUDENT'
            UNION ALL SELECT 'MENTEES_TEACHERS' WHERE e.role = 'MENTEE' AND e.kind = 'TEACHER'
            UNION ALL SELECT 'MENTEES_YOUNG_SPECIALISTS' WHERE e.role = 'MENTEE' AND e.kind = 'TEACHER' AND e.young_specialist
            UNION ALL SELECT 'MENTORS_TEACHERS' WHERE e.role = 'MENTOR' AND e.kind = 'TEACHER'
            UNION ALL SELECT 'MENTORS_EXTERNAL_' || e.external_source WHERE e.role = 'MENTOR' AND e.kind = 'EXTERNAL'
            UNION ALL SELECT 'MENTEES_CATEGORY_' || category FROM unnest(e.categories) AS category WHERE e.role = 'MENTEE' AND e.kind = 'STUDENT'
          ) AS c(code)
         GROUP BY c.code
        UNION ALL
        SELECT CASE WHEN m.is_group THEN 'GROUPS' ELSE 'PAIRS' END, count(*)::int
          FROM registry_mentorings m CROSS JOIN b
         WHERE m.school_id = p_school AND m.started_on <= b.d AND (m.ended_on IS NULL OR m.ended_on >= b.d)
         GROUP BY m.is_group
        UNION ALL
        -- Not a figure: whether the school keeps a registry at all (a school without one types its figures).
        SELECT 'REGISTRY_PARTICIPANTS', count(*)::int FROM registry_participants rp WHERE rp.school_id = p_school
        UNION ALL
        SELECT 'CONSENTS', count(DISTINCT cs.participant_id)::int
          FROM registry_consents cs CROSS JOIN b
         WHERE cs.school_id = p_school AND cs.signed_on <= b.d AND (cs.withdrawn_on IS NULL OR cs.withdrawn_on > b.d)
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION app_registry_counts(uuid, integer, integer) FROM PUBLIC`);

    // Counts only, for anyone whose scope reaches the school (its curator, its district's
    // coordinator, its region's authority, ADMIN): the caller's scope is checked here, in the
    // database, against the school's keys, before the counting reads past RLS.
    await q.query(`CREATE FUNCTION app_registry_figures(p_school uuid, p_year integer, p_quarter integer)
      RETURNS TABLE (code text, value integer)
      LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE s record;
      BEGIN
        SELECT pl.region_id, pl.district_id INTO s FROM app_place_of('school', p_school) pl;
        IF NOT FOUND OR NOT (
             app_role() = 'ADMIN'
          OR (app_role() = 'AUTHORITY' AND (app_region_id() IS NULL OR s.region_id = app_region_id()))
          OR (app_role() = 'DISTRICT_COORDINATOR' AND s.district_id = app_district_id())
          OR (app_role() = 'SCHOOL_CURATOR' AND p_school = app_school_id())) THEN
          RAISE EXCEPTION 'the school is outside the caller''s scope' USING ERRCODE = '42501';
        END IF;
        IF p_quarter NOT BETWEEN 1 AND 4 THEN RAISE EXCEPTION 'quarter must be 1 to 4' USING ERRCODE = '22023'; END IF;
        RETURN QUERY SELECT c.code, c.value FROM app_registry_counts(p_school, p_year, p_quarter) c;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION app_registry_figures(uuid, integer, integer) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION app_registry_figures(uuid, integer, integer) TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS app_registry_figures(uuid, integer, integer)`);
    await q.query(`DROP FUNCTION IF EXISTS app_registry_counts(uuid, integer, integer)`);
    await q.query(`DROP TABLE IF EXISTS ${[...TABLES].reverse().join(', ')}`);
  }
}
