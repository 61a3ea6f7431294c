import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { Actor } from '../../engine/auth/actor';
import { RequestTransactions } from '../../engine/tenancy/request-transactions';
import { QuarterlyReportRepository, RevisionRow } from './quarterly-report.repository';
import { QuarterlyReportService } from './quarterly-report.service';
import { AuthorModel, QuarterlyReportModel, WarningModel } from './quarterly-report.types';

export interface QuarterlyReportRequestLoaders {
  revisions: DataLoader<string, RevisionRow[]>;
  authors: DataLoader<string, AuthorModel | null>;
  warnings: DataLoader<QuarterlyReportModel, WarningModel[]>;
}

/**
 * Per-request DataLoaders for the fields a list of reports would otherwise query once per report
 * (revisions, their authors, warnings): one query per field per request. Keyed on the request
 * object, so they live exactly as long as the request and never share data between users.
 */
@Injectable()
export class QuarterlyReportLoaders {
  private readonly perRequest = new WeakMap<object, QuarterlyReportRequestLoaders>();

  constructor(
    private readonly requests: RequestTransactions,
    private readonly reports: QuarterlyReportRepository,
    private readonly service: QuarterlyReportService,
  ) {}

  of(request: { actor: Actor }): QuarterlyReportRequestLoaders {
    let loaders = this.perRequest.get(request);
    if (!loaders) {
      loaders = this.create(request);
      this.perRequest.set(request, loaders);
    }
    return loaders;
  }

  private create(request: { actor: Actor }): QuarterlyReportRequestLoaders {
    return {
      // Revisions are read in the actor's scope: RLS decides again which reports' history is visible.
      revisions: new DataLoader(async (reportIds) => {
        const rows = await this.requests.read(request, () => this.reports.revisionsOf(reportIds));
        const byReport = new Map<string, RevisionRow[]>(reportIds.map((id) => [id, []]));
        for (const row of rows) byReport.get(row.reportId)?.push(row);
        return reportIds.map((id) => byReport.get(id)!);
      }),
      // Authors are the accounts named by revisions the actor was allowed to read. A school sees
      // who returned its report although the coordinator's account is outside its scope, so the
      // lookup goes through app_user_names, limited to these ids and to e-mail, name and role.
      authors: new DataLoader(async (userIds) => {
        const rows = await this.requests.read(request, (tx) =>
          tx.query<AuthorModel>(`SELECT id, email, display_name AS "displayName", role FROM app_user_names($1::uuid[])`, [userIds]),
        );
        const byId = new Map(rows.map((row) => [row.id, row]));
        return userIds.map((id) => byId.get(id) ?? null);
      }),
      warnings: new DataLoader(async (reports) => this.requests.read(request, () => this.service.warningsOf(reports)), {
        cacheKeyFn: (report) => `${report.id}:${report.version}`,
      }),
    };
  }
}
