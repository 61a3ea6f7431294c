import { Injectable } from '@nestjs/common';
import { currentTx } from '@mm/database';
import type { ExternalMentorSource, MentoringForm, StudentMenteeCategory } from '@mm/domain';
import type { MentoringRole, ParticipantKind } from './registry.types';

export interface SchoolKeys {
  regionId: string;
  districtId: string;
  schoolId: string;
}

export interface ParticipantRow extends SchoolKeys {
  id: string;
  kind: ParticipantKind;
  fullName: string | null;
  grade: number | null;
  youngSpecialist: boolean;
  externalSource: ExternalMentorSource | null;
  categories: StudentMenteeCategory[];
  withdrawnOn: string | null;
  version: number;
  consentSignedOn: string | null;
  consentSignedBy: string | null;
  consentDocumentNumber: string | null;
  consentWithdrawnOn: string | null;
  /** Holds a consent in force (signed, not withdrawn). */
  hasConsent: boolean;
}

export interface NewParticipant extends SchoolKeys {
  kind: ParticipantKind;
  fullName: string;
  grade: number | null;
  youngSpecialist: boolean;
  externalSource: ExternalMentorSource | null;
  categories: StudentMenteeCategory[];
}

export interface MentoringRow extends SchoolKeys {
  id: string;
  form: MentoringForm;
  isGroup: boolean;
  startedOn: string;
  endedOn: string | null;
  version: number;
}

export interface MemberRow {
  mentoringId: string;
  participantId: string;
  role: MentoringRole;
  kind: ParticipantKind;
  fullName: string | null;
  leftOn: string | null;
}

/** What joining a mentoring needs to know of a person: kind and whether a consent is in force on the day. */
export interface Eligibility {
  id: string;
  kind: ParticipantKind;
  withdrawn: boolean;
  consentOnDate: boolean;
}

export interface ExportRow {
  id: string;
  fullName: string;
  kind: ParticipantKind;
  grade: number | null;
  youngSpecialist: boolean;
  externalSource: ExternalMentorSource | null;
  categories: StudentMenteeCategory[];
  consentSignedOn: string | null;
  consentSignedBy: string | null;
  consentDocumentNumber: string | null;
  mentoringId: string | null;
  form: MentoringForm | null;
  role: MentoringRole | null;
  startedOn: string | null;
  endedOn: string | null;
}

const PARTICIPANT_COLUMNS = `p.id, p.region_id AS "regionId", p.district_id AS "districtId", p.school_id AS "schoolId", p.kind,
  p.full_name AS "fullName", p.grade, p.young_specialist AS "youngSpecialist", p.external_source AS "externalSource",
  p.categories, to_char(p.withdrawn_on, 'YYYY-MM-DD') AS "withdrawnOn", p.version,
  to_char(c.signed_on, 'YYYY-MM-DD') AS "consentSignedOn", c.signed_by AS "consentSignedBy", c.document_number AS "consentDocumentNumber",
  to_char(c.withdrawn_on, 'YYYY-MM-DD') AS "consentWithdrawnOn", (c.id IS NOT NULL AND c.withdrawn_on IS NULL) AS "hasConsent"`;

/** The participant with its latest consent. */
const PARTICIPANT_FROM = `registry_participants p
  LEFT JOIN LATERAL (SELECT * FROM registry_consents c WHERE c.participant_id = p.id AND c.district_id = p.district_id
                      ORDER BY c.withdrawn_on IS NULL DESC, c.signed_on DESC, c.created_at DESC LIMIT 1) c ON true`;

const MENTORING_COLUMNS = `m.id, m.region_id AS "regionId", m.district_id AS "districtId", m.school_id AS "schoolId", m.form,
  m.is_group AS "isGroup", to_char(m.started_on, 'YYYY-MM-DD') AS "startedOn", to_char(m.ended_on, 'YYYY-MM-DD') AS "endedOn", m.version`;

/** SQL of the registry. Every method runs in the caller's tenant transaction (RLS: the school's curator or ADMIN). */
@Injectable()
export class RegistryRepository {
  async insertParticipant(p: NewParticipant, userId: string): Promise<string> {
    const tx = currentTx();
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO registry_participants (region_id, district_id, school_id, kind, full_name, grade, young_specialist, external_source, categories, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [p.regionId, p.districtId, p.schoolId, p.kind, p.fullName, p.grade, p.youngSpecialist, p.externalSource, p.categories, userId],
    );
    return row!.id;
  }

  async findParticipant(id: string, lock = false): Promise<ParticipantRow | null> {
    const tx = currentTx();
    if (lock) await tx.query(`SELECT 1 FROM registry_participants WHERE id = $1 FOR UPDATE`, [id]);
    const rows = await tx.query<ParticipantRow>(`SELECT ${PARTICIPANT_COLUMNS} FROM ${PARTICIPANT_FROM} WHERE p.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async listParticipants(
    schoolId: string,
    filter: { kind: ParticipantKind | null; withoutConsent: boolean },
    page: { first: number; offset: number },
  ): Promise<{ totalCount: number; items: ParticipantRow[] }> {
    const tx = currentTx();
    const where = `p.school_id = $1 AND ($2::text IS NULL OR p.kind = $2)
      AND (NOT $3::boolean OR (p.withdrawn_on IS NULL AND (c.id IS NULL OR c.withdrawn_on IS NOT NULL)))`;
    const params = [schoolId, filter.kind, filter.withoutConsent];
    const [count] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${PARTICIPANT_FROM} WHERE ${where}`, params);
    // Named people first, by name; anonymous records (withdrawn) after them.
    const items = await tx.query<ParticipantRow>(
      `SELECT ${PARTICIPANT_COLUMNS} FROM ${PARTICIPANT_FROM} WHERE ${where}
        ORDER BY p.full_name IS NULL, p.full_name COLLATE "C", p.created_at, p.id LIMIT $4 OFFSET $5`,
      [...params, page.first, page.offset],
    );
    return { totalCount: count!.n, items };
  }

  async insertConsent(
    p: SchoolKeys & { participantId: string },
    consent: { signedOn: string; signedBy: string; documentNumber: string | null },
    userId: string,
  ): Promise<void> {
    const tx = currentTx();
    await tx.query(
      `INSERT INTO registry_consents (participant_id, region_id, district_id, school_id, signed_on, signed_by, document_number, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [p.participantId, p.regionId, p.districtId, p.schoolId, consent.signedOn, consent.signedBy, consent.documentNumber, userId],
    );
    await tx.query(`UPDATE registry_participants SET version = version + 1, updated_at = now() WHERE id = $1`, [p.participantId]);
  }

  /**
   * Withdrawal: the personal fields of the person and of their consents are overwritten with NULL in
   * place (kind, categories, flags and dates stay: the anonymous record past figures count); the
   * person leaves their open mentorings on the day, and a pair they were in ends then.
   */
  async destroyPersonalData(p: ParticipantRow, withdrawnOn: string, userId: string): Promise<void> {
    const tx = currentTx();
    await tx.query(
      `UPDATE registry_consents SET signed_by = NULL, document_number = NULL, withdrawn_on = GREATEST($2::date, signed_on)
        WHERE participant_id = $1 AND district_id = $3 AND withdrawn_on IS NULL`,
      [p.id, withdrawnOn, p.districtId],
    );
    await tx.query(
      `UPDATE registry_participants SET full_name = NULL, grade = NULL, withdrawn_on = $2, version = version + 1, updated_at = now()
        WHERE id = $1 AND district_id = $3`,
      [p.id, withdrawnOn, p.districtId],
    );
    await tx.query(
      `UPDATE registry_mentoring_members mm SET left_on = $2
         FROM registry_mentorings m
        WHERE mm.participant_id = $1 AND mm.district_id = $3 AND mm.left_on IS NULL
          AND m.id = mm.mentoring_id AND m.district_id = mm.district_id AND (m.ended_on IS NULL OR m.ended_on > $2)`,
      [p.id, withdrawnOn, p.districtId],
    );
    await tx.query(
      `UPDATE registry_mentorings m SET ended_on = GREATEST($2::date, m.started_on), version = version + 1, updated_at = now()
        WHERE NOT m.is_group AND m.district_id = $3 AND (m.ended_on IS NULL OR m.ended_on > $2)
          AND EXISTS (SELECT 1 FROM registry_mentoring_members mm WHERE mm.mentoring_id = m.id AND mm.district_id = m.district_id AND mm.participant_id = $1)`,
      [p.id, withdrawnOn, p.districtId],
    );
    await tx.query(
      `INSERT INTO registry_destructions (participant_id, region_id, district_id, school_id, withdrawn_on, destroyed_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [p.id, p.regionId, p.districtId, p.schoolId, withdrawnOn, userId],
    );
  }

  /**
   * The people of the school among `ids`, with whether each holds a consent in force on the day;
   * their rows are share-locked, so a withdrawal running at the same time waits for the new mentoring.
   */
  eligibility(schoolId: string, ids: string[], onDate: string): Promise<Eligibility[]> {
    const tx = currentTx();
    return tx.query<Eligibility>(
      `SELECT p.id, p.kind, p.withdrawn_on IS NOT NULL AS withdrawn,
              EXISTS (SELECT 1 FROM registry_consents c WHERE c.participant_id = p.id AND c.district_id = p.district_id
                         AND c.withdrawn_on IS NULL AND c.signed_on <= $3) AS "consentOnDate"
         FROM registry_participants p WHERE p.school_id = $1 AND p.id = ANY($2::uuid[])
          FOR SHARE OF p`,
      [schoolId, ids, onDate],
    );
  }

  async insertMentoring(
    m: SchoolKeys & { form: MentoringForm; isGroup: boolean; startedOn: string },
    members: { participantId: string; role: MentoringRole }[],
    userId: string,
  ): Promise<string> {
    const tx = currentTx();
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO registry_mentorings (region_id, district_id, school_id, form, is_group, started_on, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [m.regionId, m.districtId, m.schoolId, m.form, m.isGroup, m.startedOn, userId],
    );
    await tx.query(
      `INSERT INTO registry_mentoring_members (mentoring_id, participant_id, region_id, district_id, school_id, role)
       SELECT $1, x.participant_id, $2, $3, $4, x.role FROM unnest($5::uuid[], $6::text[]) AS x(participant_id, role)`,
      [row!.id, m.regionId, m.districtId, m.schoolId, members.map((x) => x.participantId), members.map((x) => x.role)],
    );
    return row!.id;
  }

  async findMentoring(id: string, lock = false): Promise<MentoringRow | null> {
    const tx = currentTx();
    const rows = await tx.query<MentoringRow>(
      `SELECT ${MENTORING_COLUMNS} FROM registry_mentorings m WHERE m.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async endMentoring(id: string, endedOn: string): Promise<void> {
    const tx = currentTx();
    await tx.query(`UPDATE registry_mentorings SET ended_on = $2, version = version + 1, updated_at = now() WHERE id = $1`, [id, endedOn]);
  }

  async listMentorings(schoolId: string, page: { first: number; offset: number }): Promise<{ totalCount: number; items: MentoringRow[] }> {
    const tx = currentTx();
    const [count] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM registry_mentorings m WHERE m.school_id = $1`, [
      schoolId,
    ]);
    const items = await tx.query<MentoringRow>(
      `SELECT ${MENTORING_COLUMNS} FROM registry_mentorings m WHERE m.school_id = $1
        ORDER BY m.ended_on IS NOT NULL, m.started_on DESC, m.created_at DESC, m.id LIMIT $2 OFFSET $3`,
      [schoolId, page.first, page.offset],
    );
    return { totalCount: count!.n, items };
  }

  members(mentoringIds: string[]): Promise<MemberRow[]> {
    const tx = currentTx();
    if (mentoringIds.length === 0) return Promise.resolve([]);
    return tx.query<MemberRow>(
      `SELECT mm.mentoring_id AS "mentoringId", mm.participant_id AS "participantId", mm.role, p.kind, p.full_name AS "fullName",
              to_char(mm.left_on, 'YYYY-MM-DD') AS "leftOn"
         FROM registry_mentoring_members mm
         JOIN registry_participants p ON p.id = mm.participant_id AND p.district_id = mm.district_id
        WHERE mm.mentoring_id = ANY($1::uuid[])
        ORDER BY mm.role DESC, p.full_name COLLATE "C" NULLS LAST, p.id`,
      [mentoringIds],
    );
  }

  /** Every figure the registry gives for the school and quarter: one statement, through the definer function that admits counts-only readers. */
  figures(schoolId: string, year: number, quarter: number): Promise<{ code: string; value: number }[]> {
    const tx = currentTx();
    return tx.query(`SELECT code, value FROM app_registry_figures($1, $2, $3)`, [schoolId, year, quarter]);
  }

  async existingNames(schoolId: string): Promise<Set<string>> {
    const tx = currentTx();
    const rows = await tx.query<{ fullName: string }>(
      `SELECT full_name AS "fullName" FROM registry_participants WHERE school_id = $1 AND full_name IS NOT NULL`,
      [schoolId],
    );
    return new Set(rows.map((r) => r.fullName));
  }

  /** The school's named people with their consent in force and every membership (one row per membership, or one without). */
  exportRows(schoolId: string): Promise<ExportRow[]> {
    const tx = currentTx();
    return tx.query<ExportRow>(
      `SELECT p.id, p.full_name AS "fullName", p.kind, p.grade, p.young_specialist AS "youngSpecialist", p.external_source AS "externalSource", p.categories,
              to_char(c.signed_on, 'YYYY-MM-DD') AS "consentSignedOn", c.signed_by AS "consentSignedBy", c.document_number AS "consentDocumentNumber",
              m.id AS "mentoringId", m.form, mm.role, to_char(m.started_on, 'YYYY-MM-DD') AS "startedOn", to_char(m.ended_on, 'YYYY-MM-DD') AS "endedOn"
         FROM registry_participants p
         LEFT JOIN registry_consents c ON c.participant_id = p.id AND c.district_id = p.district_id AND c.withdrawn_on IS NULL
         LEFT JOIN registry_mentoring_members mm ON mm.participant_id = p.id AND mm.district_id = p.district_id
         LEFT JOIN registry_mentorings m ON m.id = mm.mentoring_id AND m.district_id = mm.district_id
        WHERE p.school_id = $1 AND p.full_name IS NOT NULL
        ORDER BY p.full_name COLLATE "C", p.id, m.started_on NULLS FIRST, m.id`,
      [schoolId],
    );
  }

  /** A read of names, written in the same transaction: who, when, which school, which operation, how many rows. */
  async logAccess(school: SchoolKeys, operation: string, rowsRead: number): Promise<void> {
    const tx = currentTx();
    await tx.query(
      `INSERT INTO registry_access_log (region_id, district_id, school_id, user_id, user_role, operation, rows_read) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [school.regionId, school.districtId, school.schoolId, tx.scope.userId, tx.scope.role, operation, rowsRead],
    );
  }
}
