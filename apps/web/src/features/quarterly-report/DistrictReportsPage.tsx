import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, Fragment, useId, useState } from 'react';
import { useParams } from 'react-router';
import { formatDateTime, formatNumber, t } from '../../i18n';
import { operationKey, useApiMutation, useApiQuery } from '../../shared/api/hooks';
import { useDistrictName } from '../../shared/api/organisation-lookups';
import { usePeriod } from '../../shared/lib/period';
import { Dialog } from '../../shared/ui/Dialog';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { Icon } from '../../shared/ui/Icon';
import { Notice } from '../../shared/ui/Notice';
import { PageHeader } from '../../shared/ui/PageHeader';
import { PeriodPicker } from '../../shared/ui/PeriodPicker';
import { QueryState } from '../../shared/ui/QueryState';
import { ReportStatusBadge } from '../../shared/ui/ReportStatusBadge';
import { TableScroll } from '../../shared/ui/TableScroll';
import { DISTRICT_MONITORING } from '../monitoring/monitoring-operations';
import {
  APPROVE_QUARTERLY_REPORT,
  DISTRICT_QUARTERLY_REPORTS,
  DistrictReport,
  QUARTERLY_REPORT_CATALOGUE,
  REOPEN_QUARTERLY_REPORT,
  RETURN_QUARTERLY_REPORT,
} from './quarterly-report-operations';

type Decision = { kind: 'return' | 'reopen'; row: DistrictReport };

// Reports waiting for the coordinator first, then returned, drafts, missing, approved.
const REVIEW_ORDER = ['SUBMITTED', 'RETURNED', 'DRAFT', 'MISSING', 'APPROVED'];

export function DistrictReportsPage() {
  const { districtId = '' } = useParams();
  const [period, setPeriod] = usePeriod();
  const districtName = useDistrictName(districtId);
  const queryClient = useQueryClient();
  const variables = { districtId, year: period.year, quarter: period.quarter };
  const reports = useApiQuery(DISTRICT_QUARTERLY_REPORTS, variables);
  const catalogue = useApiQuery(QUARTERLY_REPORT_CATALOGUE, {}, { staleTime: Infinity });
  const [expanded, setExpanded] = useState<string | null>(null);
  const [decision, setDecision] = useState<Decision | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: operationKey(DISTRICT_QUARTERLY_REPORTS) });
    void queryClient.invalidateQueries({ queryKey: operationKey(DISTRICT_MONITORING) });
  };
  const approve = useApiMutation(APPROVE_QUARTERLY_REPORT, { onSuccess: refresh });

  const byStatus = [...(reports.data?.districtQuarterlyReports ?? [])].sort(
    (a, b) => REVIEW_ORDER.indexOf(a.status) - REVIEW_ORDER.indexOf(b.status) || a.schoolCode.localeCompare(b.schoolCode, 'ru'),
  );
  // The order of the period's first load holds while the coordinator works through it: an approved
  // row stays where it was instead of jumping to the end.
  const periodKey = `${period.year}-${period.quarter}`;
  const [order, setOrder] = useState<{ key: string; ids: string[] } | null>(null);
  const firstIds = byStatus.map((row) => row.schoolId).join(',');
  // Set during render (React's pattern for state derived from a change), once per period.
  if (firstIds && order?.key !== periodKey) setOrder({ key: periodKey, ids: firstIds.split(',') });
  const position = (schoolId: string) => {
    const index = order?.key === periodKey ? order.ids.indexOf(schoolId) : -1;
    return index < 0 ? Number.MAX_SAFE_INTEGER : index;
  };
  const rows = order?.key === periodKey ? [...byStatus].sort((a, b) => position(a.schoolId) - position(b.schoolId)) : byStatus;
  const toReview = rows.filter((row) => row.status === 'SUBMITTED').length;
  const labels = new Map((catalogue.data?.quarterlyReportCatalogue.elements ?? []).map((e) => [e.code, e.labelRu]));
  const caption = t.reports.tableCaption(t.period.long(period.year, period.quarter));

  return (
    <section>
      <PageHeader title={t.reports.title} scope={districtName} />
      <PeriodPicker
        value={period}
        onChange={(next) => {
          setMessage(null);
          setPeriod(next);
        }}
      />
      {message && <Notice>{message}</Notice>}
      {approve.error && <ErrorMessage error={approve.error} />}
      <QueryState query={reports} retry isEmpty={() => rows.length === 0} empty={t.reports.empty}>
        {() => (
          <>
            <p>
              <strong>{t.reports.toReview(toReview)}</strong>
            </p>
            <TableScroll label={caption}>
              <table className="data-table reports-table">
                <caption className="visually-hidden">{caption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t.reports.school}</th>
                    <th scope="col">{t.reports.status}</th>
                    <th scope="col" className="num">
                      {t.reports.version}
                    </th>
                    <th scope="col">{t.reports.submittedAt}</th>
                    <th scope="col">{t.reports.comment}</th>
                    <th scope="col">{t.reports.actions}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => {
                    const report = row.report;
                    const actions = report?.allowedActions ?? [];
                    const open = expanded === row.schoolId;
                    return (
                      <Fragment key={row.schoolId}>
                        <tr data-school-code={row.schoolCode}>
                          <th scope="row">
                            <span className="school-code">{row.schoolCode}</span> {row.schoolName}
                          </th>
                          <td>
                            <ReportStatusBadge status={row.status} />
                            {report && report.warnings.length > 0 && (
                              <span className="badge warning-badge">
                                <Icon name="warning" /> {report.warnings.length}
                              </span>
                            )}
                          </td>
                          <td className="num">{report?.version ?? t.app.notAvailable}</td>
                          <td>
                            {report?.submittedAt ? formatDateTime(report.submittedAt) : t.app.notAvailable}
                            {report?.submittedLate && <span className="late"> ({t.reports.late})</span>}
                          </td>
                          <td className="comment-cell">{report?.comment ?? ''}</td>
                          <td>
                            <div className="row-actions">
                              {report && (
                                <button
                                  type="button"
                                  className="button ghost small"
                                  aria-expanded={open}
                                  aria-controls={`figures-${row.schoolId}`}
                                  onClick={() => setExpanded(open ? null : row.schoolId)}
                                >
                                  {open ? t.reports.hide : t.reports.view}
                                </button>
                              )}
                              {report && actions.includes('APPROVE') && (
                                <button
                                  type="button"
                                  className="button primary small"
                                  disabled={approve.isPending}
                                  aria-label={`${t.reports.approve}: ${row.schoolName}`}
                                  onClick={() =>
                                    approve.mutate(
                                      { id: report.id, expectedVersion: report.version },
                                      { onSuccess: () => setMessage(t.reports.approved(row.schoolName)) },
                                    )
                                  }
                                >
                                  {t.reports.approve}
                                </button>
                              )}
                              {report && actions.includes('RETURN') && (
                                <button
                                  type="button"
                                  className="button secondary small"
                                  aria-label={`${t.reports.return}: ${row.schoolName}`}
                                  onClick={() => setDecision({ kind: 'return', row })}
                                >
                                  {t.reports.return}
                                </button>
                              )}
                              {report && actions.includes('REOPEN') && (
                                <button
                                  type="button"
                                  className="button secondary small"
                                  aria-label={`${t.reports.reopen}: ${row.schoolName}`}
                                  onClick={() => setDecision({ kind: 'reopen', row })}
                                >
                                  {t.reports.reopen}
                                </button>
                              )}
                            </div>
                          </td>
                        </tr>
                        {open && report && (
                          <tr id={`figures-${row.schoolId}`} className="figures-row">
                            <td colSpan={6}>
                              <table className="data-table compact">
                                <caption>{t.reports.figuresOf(row.schoolName)}</caption>
                                <thead>
                                  <tr>
                                    <th scope="col">{t.reports.figure}</th>
                                    <th scope="col" className="num">
                                      {t.reports.value}
                                    </th>
                                  </tr>
                                </thead>
                                <tbody>
                                  {report.figures.map((figure) => {
                                    const warning = report.warnings.filter((w) => w.code === figure.code);
                                    return (
                                      <tr key={figure.code}>
                                        <th scope="row">
                                          {labels.get(figure.code) ?? figure.code}
                                          {warning.map((w, i) => (
                                            <p key={i} className="warning-text">
                                              <Icon name="warning" /> {t.warnings[w.rule] ?? t.problems.warning}
                                            </p>
                                          ))}
                                        </th>
                                        <td className="num">{formatNumber(figure.value)}</td>
                                      </tr>
                                    );
                                  })}
                                </tbody>
                              </table>
                            </td>
                          </tr>
                        )}
                      </Fragment>
                    );
                  })}
                </tbody>
              </table>
            </TableScroll>
          </>
        )}
      </QueryState>
      {decision && (
        <DecisionDialog
          decision={decision}
          onClose={() => setDecision(null)}
          onDone={(text) => {
            setDecision(null);
            setMessage(text);
            refresh();
          }}
        />
      )}
    </section>
  );
}

function DecisionDialog({ decision, onClose, onDone }: { decision: Decision; onClose: () => void; onDone: (message: string) => void }) {
  const id = useId();
  const [comment, setComment] = useState('');
  const report = decision.row.report!;
  const isReturn = decision.kind === 'return';
  const returnReport = useApiMutation(RETURN_QUARTERLY_REPORT);
  const reopenReport = useApiMutation(REOPEN_QUARTERLY_REPORT);
  const mutation = isReturn ? returnReport : reopenReport;
  const school = decision.row.schoolName;

  function submit(event: FormEvent) {
    event.preventDefault();
    const variables = { id: report.id, expectedVersion: report.version, comment: comment.trim() };
    if (isReturn) returnReport.mutate(variables, { onSuccess: () => onDone(t.reports.returned(school)) });
    else reopenReport.mutate(variables, { onSuccess: () => onDone(t.reports.reopened(school)) });
  }

  return (
    <Dialog title={isReturn ? t.reports.returnTitle(school) : t.reports.reopenTitle(school)} open onClose={onClose}>
      <form onSubmit={submit}>
        {mutation.error && <ErrorMessage error={mutation.error} />}
        <div className="field">
          <label htmlFor={`${id}-comment`}>
            {isReturn ? t.reports.returnComment : t.reports.reopenComment}
            <span className="required" aria-hidden="true">
              {' '}
              {t.app.requiredMark}
            </span>
            <span className="visually-hidden"> ({t.app.required})</span>
          </label>
          <textarea
            id={`${id}-comment`}
            rows={4}
            required
            maxLength={4000}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            autoFocus
          />
        </div>
        <div className="form-actions">
          <button type="button" className="button secondary" onClick={onClose}>
            {t.app.cancel}
          </button>
          <button type="submit" className="button primary" disabled={mutation.isPending || !comment.trim()}>
            {isReturn ? t.reports.confirmReturn : t.reports.confirmReopen}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
