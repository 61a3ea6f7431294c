import { Injectable } from '@nestjs/common';
import { AuditLogService } from '@mm/database';
import { currentActor } from '../../engine/auth/actor';
import { readTabularFile, TabularFileError, TabularRow } from '../../engine/import/tabular-file.reader';
import { EXPORT_HEADERS, KIND_WORDS, parseRegistryTable, ROLE_WORDS } from './registry-import.rows';
import { RegistryException } from './registry.exception';
import { ImportRegistryInput } from './registry.inputs';
import { ExportRow, RegistryRepository } from './registry.repository';
import { RegistryService } from './registry.service';
import { RegistryExportFile, RegistryImportResult } from './registry.types';

/**
 * The school's spreadsheet of participants and pairs in (CSV/XLSX through the reader school imports
 * use): every row checked first — a dry run lists every problem — then all of it written in the
 * operation's transaction, or nothing. Out: the school's own registry as CSV in the same columns,
 * for its curator only; the read is written to the access log.
 */
@Injectable()
export class RegistryImportService {
  constructor(
    private readonly registry: RegistryService,
    private readonly repo: RegistryRepository,
    private readonly audit: AuditLogService,
  ) {}

  async importRegistry(input: ImportRegistryInput): Promise<RegistryImportResult> {
    const actor = currentActor();
    const school = await this.registry.namesSchool(input.schoolId);
    const table = await read(input);
    const existing = await this.repo.existingNames(school.id);
    await this.repo.logAccess(
      { regionId: school.regionId, districtId: school.districtId, schoolId: school.id },
      'importRegistry',
      existing.size,
    );
    const parsed = parseRegistryTable(table, existing);
    const result: RegistryImportResult = {
      dryRun: input.dryRun,
      imported: false,
      rowCount: table.length,
      participants: parsed.people.length,
      consents: parsed.people.filter((p) => p.consent).length,
      mentorings: parsed.mentorings.length,
      errors: parsed.errors,
    };
    if (input.dryRun || parsed.errors.length > 0) return result;
    const keys = { regionId: school.regionId, districtId: school.districtId, schoolId: school.id };
    const ids = new Map<string, string>();
    for (const person of parsed.people) {
      const id = await this.repo.insertParticipant({ ...keys, ...person }, actor.userId);
      ids.set(person.fullName, id);
      if (person.consent) await this.repo.insertConsent({ ...keys, participantId: id }, person.consent, actor.userId);
    }
    const mentoringIds: string[] = [];
    for (const m of parsed.mentorings) {
      const id = await this.repo.insertMentoring(
        { ...keys, form: m.form, isGroup: m.members.length > 2, startedOn: m.startedOn },
        m.members.map((x) => ({ participantId: ids.get(x.fullName)!, role: x.role })),
        actor.userId,
      );
      if (m.endedOn) await this.repo.endMentoring(id, m.endedOn);
      mentoringIds.push(id);
    }
    // Counts and ids only: the file's names (its own name may carry one too) stay out of the audit log.
    await this.audit.record({
      operation: 'importRegistry',
      targetType: 'RegistryParticipant',
      targetIds: [...ids.values()],
      ...keys,
      details: {
        format: input.fileName.toLowerCase().endsWith('.xlsx') ? 'XLSX' : 'CSV',
        rows: table.length,
        participants: ids.size,
        consents: result.consents,
        mentoringIds,
      },
    });
    return { ...result, imported: true };
  }

  async exportRegistry(schoolId: string): Promise<RegistryExportFile> {
    const school = await this.registry.namesSchool(schoolId);
    const rows = await this.repo.exportRows(school.id);
    await this.repo.logAccess(
      { regionId: school.regionId, districtId: school.districtId, schoolId: school.id },
      'exportRegistry',
      rows.length,
    );
    const lines = exportLines(rows);
    const content = '\uFEFF' + [EXPORT_HEADERS, ...lines].map((cells) => cells.map(csvCell).join(';')).join('\r\n') + '\r\n';
    return {
      fileName: `registry-${school.code}.csv`,
      contentBase64: Buffer.from(content, 'utf8').toString('base64'),
      rowCount: lines.length,
    };
  }
}

/**
 * One line per membership (or per person without one); the person's columns on their first line
 * only. A pair or group left without a named mentor or mentee (someone withdrew) is history the
 * file cannot carry: its remaining members are written without it, so the file always imports.
 */
export function exportLines(all: readonly ExportRow[]): string[][] {
  const roles = new Map<string, Set<string>>();
  for (const r of all) if (r.mentoringId) roles.set(r.mentoringId, (roles.get(r.mentoringId) ?? new Set()).add(r.role!));
  const usable = (r: ExportRow) => r.mentoringId !== null && roles.get(r.mentoringId)!.size === 2;
  const rows: ExportRow[] = [];
  for (const r of all) {
    if (usable(r)) rows.push(r);
    else if (!all.some((o) => o.id === r.id && usable(o)) && !rows.some((o) => o.id === r.id)) {
      rows.push({ ...r, mentoringId: null, form: null, role: null, startedOn: null, endedOn: null });
    }
  }
  const keys = new Map<string, string>();
  // Pairs and groups are numbered in order of start, as П1, Г2, …
  const byStart = [...new Map(rows.filter((r) => r.mentoringId).map((r) => [r.mentoringId!, r])).values()].sort(
    (a, b) => a.startedOn!.localeCompare(b.startedOn!) || a.mentoringId!.localeCompare(b.mentoringId!),
  );
  const size = new Map<string, number>();
  for (const r of rows) if (r.mentoringId) size.set(r.mentoringId, (size.get(r.mentoringId) ?? 0) + 1);
  byStart.forEach((r, i) => keys.set(r.mentoringId!, `${size.get(r.mentoringId!)! > 2 ? 'Г' : 'П'}${i + 1}`));
  const seen = new Set<string>();
  return rows.map((r) => {
    const first = !seen.has(r.id);
    seen.add(r.id);
    const person = first
      ? [
          KIND_WORDS[r.kind],
          r.grade === null ? '' : String(r.grade),
          r.kind === 'TEACHER' ? (r.youngSpecialist ? 'да' : 'нет') : '',
          r.externalSource ?? '',
          r.categories.join(','),
          r.consentSignedOn ?? '',
          r.consentSignedBy ?? '',
          r.consentDocumentNumber ?? '',
        ]
      : ['', '', '', '', '', '', '', ''];
    const membership = r.mentoringId
      ? [keys.get(r.mentoringId)!, ROLE_WORDS[r.role!], r.form!, r.startedOn!, r.endedOn ?? '']
      : ['', '', '', '', ''];
    return [r.fullName, ...person, ...membership];
  });
}

function csvCell(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

async function read(input: ImportRegistryInput): Promise<TabularRow[]> {
  let table: TabularRow[];
  try {
    table = await readTabularFile(input.fileName, Buffer.from(input.contentBase64, 'base64'));
  } catch (error) {
    if (error instanceof TabularFileError)
      throw RegistryException.invalid([{ field: 'contentBase64', message: error.message, rule: 'UNREADABLE_FILE' }]);
    throw error;
  }
  if (table.length === 0)
    throw RegistryException.invalid([{ field: 'contentBase64', message: 'the file has no data rows', rule: 'UNREADABLE_FILE' }]);
  return table;
}
