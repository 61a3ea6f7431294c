import { SYSTEM_SCOPE, TenantDatabase } from '@mm/database';
import { targetCount } from '@mm/domain';
import { seedDefaultSchedule } from '@mm/planning';
import { hashPassword } from '@mm/passwords';

/** Synthetic demo schools: code, name, students in 2020, share of the mentor base (grades 8–11). */
const DEMO_SCHOOLS: [string, string, number][] = [
  ['DEMO-01', 'ДЕМО: МБОУ «Средняя школа № 1»', 812],
  ['DEMO-02', 'ДЕМО: МБОУ «Средняя школа № 2»', 645],
  ['DEMO-03', 'ДЕМО: МБОУ «Гимназия № 3»', 1020],
  ['DEMO-04', 'ДЕМО: МБОУ «Лицей № 4»', 733],
  ['DEMO-05', 'ДЕМО: МБОУ «Основная школа № 5»', 214],
  ['DEMO-06', 'ДЕМО: МБОУ «Средняя школа № 6»', 498],
  ['DEMO-07', 'ДЕМО: МБОУ «Средняя школа № 7 с углублённым изучением математики»', 905],
  ['DEMO-08', 'ДЕМО: МКОУ «Сельская школа № 8»', 96],
];

export interface DemoSeedResult {
  summary: string;
}

/**
 * Seeds one clearly marked demo region with a district, schools, enrollment, the default target
 * schedule, accounts and some quarterly reports — once: returns null when the demo region exists.
 * All numbers are synthetic. Demo accounts share their own password (never the admin's).
 */
export async function seedDemo(db: TenantDatabase, demoPassword: string): Promise<DemoSeedResult | null> {
  const passwordHash = await hashPassword(demoPassword);
  return db.transaction(SYSTEM_SCOPE, async (tx) => {
    const existing = await tx.query(`SELECT 1 FROM regions WHERE is_demo`);
    if (existing.length) return null;
    const [region] = await tx.query(
      `INSERT INTO regions (code, name, is_demo) VALUES ('DEMO', 'ДЕМО: Демонстрационный регион', true) RETURNING id`,
    );
    const [district] = await tx.query(
      `INSERT INTO districts (region_id, code, name) VALUES ($1, 'DEMO-D1', 'ДЕМО: Калининский район (демонстрационные данные)') RETURNING id`,
      [region.id],
    );
    const year = new Date().getFullYear();
    await seedDefaultSchedule(tx, region.id);
    // Continue the national goal after 2024 in the region default, so the current year has a plan.
    // (Not as a district override: an override replaces the region default of its indicator for
    // every year, so an override of 2025+ alone would leave the district no 2020–2024 targets.)
    for (let y = 2025; y <= Math.max(year, 2026); y++) {
      await tx.query(
        `INSERT INTO target_schedule_points (region_id, indicator, year, percent_bp) VALUES ($1, 'MENTEE_COVERAGE', $2, 7000), ($1, 'STUDENT_MENTORS', $2, 1000)`,
        [region.id, y],
      );
    }
    await tx.query(
      `INSERT INTO users (email, password_hash, role, display_name, region_id, district_id) VALUES
        ('coordinator@demo.local', $1, 'DISTRICT_COORDINATOR', 'ДЕМО: муниципальный координатор', $2, $3),
        ('authority@demo.local', $1, 'AUTHORITY', 'ДЕМО: региональный оператор', $2, NULL)`,
      [passwordHash, region.id, district.id],
    );
    let index = 0;
    for (const [code, name, students2020] of DEMO_SCHOOLS) {
      index++;
      const [school] = await tx.query(`INSERT INTO schools (region_id, district_id, code, name) VALUES ($1, $2, $3, $4) RETURNING id`, [
        region.id,
        district.id,
        code,
        name,
      ]);
      const scope = [region.id, district.id, school.id];
      for (let y = 2020; y <= year; y++) {
        const students = Math.round(students2020 * (1 + 0.02 * (y - 2020)));
        await tx.query(
          `INSERT INTO enrollments (region_id, district_id, school_id, year, students, mentor_base) VALUES ($1, $2, $3, $4, $5, $6)`,
          [...scope, y, students, Math.round(students * 0.35)],
        );
      }
      await tx.query(
        `INSERT INTO users (email, password_hash, role, display_name, region_id, district_id, school_id)
         VALUES ($1, $2, 'SCHOOL_CURATOR', $3, $4, $5, $6)`,
        [`curator${String(index).padStart(2, '0')}@demo.local`, passwordHash, `ДЕМО: куратор ${code}`, ...scope],
      );
      // Last year's four quarters, approved, with varied progress so the dashboard shows every status.
      const students = Math.round(students2020 * (1 + 0.02 * (year - 1 - 2020)));
      const target = targetCount(7000, students);
      const reach = [1.05, 0.9, 0.7, 0.45, 1.0, 0.8, 0.6, 0.3][index - 1]!;
      for (let quarter = 1; quarter <= 4; quarter++) {
        const mentees = Math.min(students, Math.round(target * reach * (quarter / 4)));
        const figures = demoFigures(students, mentees);
        const [report] = await tx.query(
          `INSERT INTO quarterly_reports (region_id, district_id, school_id, year, quarter, status, version, catalogue_version, figures, submitted_at, approved_at)
           VALUES ($1, $2, $3, $4, $5, 'APPROVED', 3, 1, $6, now(), now()) RETURNING id`,
          [...scope, year - 1, quarter, JSON.stringify(figures)],
        );
        for (const [version, action, status] of [
          [1, 'SAVE', 'DRAFT'],
          [2, 'SUBMIT', 'SUBMITTED'],
          [3, 'APPROVE', 'APPROVED'],
        ] as const) {
          await tx.query(
            `INSERT INTO quarterly_report_revisions (report_id, region_id, district_id, school_id, version, action, status, figures, author_role, comment)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'SYSTEM', 'демонстрационные данные')`,
            [report.id, ...scope, version, action, status, JSON.stringify(figures)],
          );
        }
      }
    }
    return {
      summary: `${DEMO_SCHOOLS.length} schools in district DEMO-D1; accounts coordinator@demo.local, authority@demo.local, curator01..${String(DEMO_SCHOOLS.length).padStart(2, '0')}@demo.local`,
    };
  });
}

function demoFigures(students: number, mentees: number): Record<string, number> {
  const teachers = Math.max(10, Math.round(students / 14));
  const s2s = Math.round(mentees * 0.5);
  const t2s = mentees - s2s;
  return {
    STUDENTS: students,
    MENTEES_STUDENTS: mentees,
    MENTEES_STUDENTS_STUDENT_STUDENT: s2s,
    MENTEES_STUDENTS_TEACHER_STUDENT: t2s,
    MENTORS_STUDENTS: Math.round(s2s / 2),
    TEACHERS: teachers,
    MENTEES_TEACHERS: Math.round(teachers * 0.2),
    MENTEES_YOUNG_SPECIALISTS: Math.round(teachers * 0.1),
    MENTORS_TEACHERS: Math.round(teachers * 0.3),
    PAIRS: s2s,
    GROUPS: Math.round(t2s / 8),
    CONSENTS: mentees,
  };
}
