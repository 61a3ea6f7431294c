import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useParams } from 'react-router';
import { formatDate, formatDateTime, t } from '../../i18n';
import { ApiError } from '../../shared/api/graphql-client';
import { operationKey, useApiMutation, useApiQuery } from '../../shared/api/hooks';
import { useDistrictName } from '../../shared/api/organisation-lookups';
import { usePeriod } from '../../shared/lib/period';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { Notice } from '../../shared/ui/Notice';
import { PageHeader } from '../../shared/ui/PageHeader';
import { PeriodPicker } from '../../shared/ui/PeriodPicker';
import { QueryState } from '../../shared/ui/QueryState';
import { TableScroll } from '../../shared/ui/TableScroll';
import { useUser } from '../auth/session';
import { DISTRICT_QUARTERLY_REPORTS } from '../quarterly-report/quarterly-report-operations';
import {
  ACCEPT_DISTRICT_QUARTER,
  DISTRICT_QUARTER,
  DistrictQuarter,
  GRANT_REPORTING_EXTENSION,
  REPORTING_EXTENSIONS,
  REVOKE_REPORTING_EXTENSION,
  SEND_BACK_DISTRICT_QUARTER,
  SIGN_OFF_DISTRICT_QUARTER,
} from './reporting-workflow-operations';

/** The district's quarter: signing it off to the region, the region's decision, and extensions for single schools. */
export function DistrictSignOffPage() {
  const { districtId = '' } = useParams();
  const user = useUser();
  const [period, setPeriod] = usePeriod();
  const districtName = useDistrictName(districtId);
  const queryClient = useQueryClient();
  const variables = { districtId, year: period.year, quarter: period.quarter };
  const quarter = useApiQuery(DISTRICT_QUARTER, variables);
  const [message, setMessage] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: operationKey(DISTRICT_QUARTER) });
    void queryClient.invalidateQueries({ queryKey: operationKey(DISTRICT_QUARTERLY_REPORTS) });
  };
  const done = (text: string) => () => {
    setMessage(text);
    setComment('');
    refresh();
  };
  const signOff = useApiMutation(SIGN_OFF_DISTRICT_QUARTER, { onSuccess: done(t.signOff.signedOk) });
  const accept = useApiMutation(ACCEPT_DISTRICT_QUARTER, { onSuccess: done(t.signOff.acceptedOk) });
  const sendBack = useApiMutation(SEND_BACK_DISTRICT_QUARTER, { onSuccess: done(t.signOff.sentBackOk) });
  const error = signOff.error ?? accept.error ?? sendBack.error;
  const label = t.period.long(period.year, period.quarter);
  const coordinator = user.role === 'DISTRICT_COORDINATOR' || user.role === 'ADMIN';
  const region = user.role === 'AUTHORITY' || user.role === 'ADMIN';

  const onSendBack = (event: FormEvent) => {
    event.preventDefault();
    sendBack.mutate({ ...variables, comment });
  };

  return (
    <section>
      <PageHeader title={t.signOff.title} scope={districtName} />
      <PeriodPicker
        value={period}
        onChange={(next) => {
          setMessage(null);
          setPeriod(next);
        }}
      />
      {message && <Notice>{message}</Notice>}
      {error && <ErrorMessage error={error} />}
      {error instanceof ApiError && error.reason === 'REPORTS_AWAITING_DECISION' && (
        <p>
          {t.signOff.awaiting(
            ((error.extensions.schools as { code: string; name: string }[] | undefined) ?? []).map((s) => `${s.code} ${s.name}`).join(', '),
          )}
        </p>
      )}
      <QueryState query={quarter} retry>
        {(answer) => (
          <>
            <QuarterState data={answer.districtQuarter} />
            <p className="muted">{t.signOff.intro}</p>
            <div className="actions">
              {coordinator && answer.districtQuarter.state === 'OPEN' && (
                <button
                  type="button"
                  className="button primary"
                  disabled={signOff.isPending}
                  onClick={() => {
                    if (window.confirm(t.signOff.confirmSignOff(label))) signOff.mutate(variables);
                  }}
                >
                  {t.signOff.signOff}
                </button>
              )}
              {region && answer.districtQuarter.state === 'SIGNED_OFF' && (
                <button type="button" className="button primary" disabled={accept.isPending} onClick={() => accept.mutate(variables)}>
                  {t.signOff.accept}
                </button>
              )}
            </div>
            {region && answer.districtQuarter.state !== 'OPEN' && (
              <form className="form" onSubmit={onSendBack}>
                <label htmlFor="send-back-comment">{t.signOff.sendBackComment}</label>
                <textarea id="send-back-comment" value={comment} onChange={(e) => setComment(e.target.value)} rows={3} required />
                <button type="submit" className="button secondary" disabled={sendBack.isPending || comment.trim() === ''}>
                  {t.signOff.sendBack}
                </button>
              </form>
            )}
          </>
        )}
      </QueryState>
      <Extensions districtId={districtId} year={period.year} quarter={period.quarter} />
    </section>
  );
}

function QuarterState({ data }: { data: DistrictQuarter }) {
  return (
    <>
      <dl className="cards">
        <div className="card">
          <dt>{t.signOff.state}</dt>
          <dd data-testid="district-quarter-state">{t.signOff.states[data.state]}</dd>
        </div>
        {data.comment && (
          <div className="card">
            <dt>{t.signOff.regionComment}</dt>
            <dd>{data.comment}</dd>
          </div>
        )}
      </dl>
      {data.version > 0 && (
        <>
          <h2>{t.signOff.missingTitle}</h2>
          {data.missingSchools.length === 0 ? (
            <p>{t.signOff.noMissing}</p>
          ) : (
            <ul aria-label={t.signOff.missingTitle}>
              {data.missingSchools.map((s) => (
                <li key={s.schoolId}>
                  {s.code} — {s.name}
                </li>
              ))}
            </ul>
          )}
          <TableScroll label={t.signOff.history}>
            <table className="data-table">
              <caption>{t.signOff.history}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.signOff.when}</th>
                  <th scope="col">{t.signOff.step}</th>
                  <th scope="col">{t.signOff.who}</th>
                  <th scope="col">{t.signOff.regionComment}</th>
                </tr>
              </thead>
              <tbody>
                {data.revisions.map((r) => (
                  <tr key={r.version}>
                    <td>{formatDateTime(r.createdAt)}</td>
                    <td>{t.signOff.actions[r.action]}</td>
                    <td>{t.roles[r.authorRole] ?? t.app.notAvailable}</td>
                    <td>{r.comment ?? t.app.notAvailable}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </>
  );
}

function Extensions({ districtId, year, quarter }: { districtId: string; year: number; quarter: number }) {
  const queryClient = useQueryClient();
  const variables = { districtId, year, quarter };
  const list = useApiQuery(REPORTING_EXTENSIONS, variables);
  const schools = useApiQuery(DISTRICT_QUARTERLY_REPORTS, variables);
  const [form, setForm] = useState({ schoolId: '', until: '', reason: '' });
  const [message, setMessage] = useState<string | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: operationKey(REPORTING_EXTENSIONS) });
    void queryClient.invalidateQueries({ queryKey: operationKey(DISTRICT_QUARTERLY_REPORTS) });
  };
  const grant = useApiMutation(GRANT_REPORTING_EXTENSION, {
    onSuccess: () => {
      setMessage(t.extensions.granted);
      setForm({ schoolId: '', until: '', reason: '' });
      refresh();
    },
  });
  const revoke = useApiMutation(REVOKE_REPORTING_EXTENSION, {
    onSuccess: () => {
      setMessage(t.extensions.revoked);
      refresh();
    },
  });
  const caption = t.extensions.caption(t.period.long(year, quarter));
  const onGrant = (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    grant.mutate({ input: { schoolId: form.schoolId, year, quarter, until: form.until, reason: form.reason } });
  };

  return (
    <section aria-labelledby="extensions-title">
      <h2 id="extensions-title">{t.extensions.title}</h2>
      <p className="muted">{t.extensions.intro}</p>
      {message && <Notice>{message}</Notice>}
      {(grant.error ?? revoke.error) && <ErrorMessage error={grant.error ?? revoke.error} />}
      <form className="form inline-form extension-form" onSubmit={onGrant}>
        <div className="field inline">
          <label htmlFor="extension-school">{t.extensions.school}</label>
          <select id="extension-school" value={form.schoolId} onChange={(e) => setForm({ ...form, schoolId: e.target.value })} required>
            <option value="" />
            {(schools.data?.districtQuarterlyReports ?? []).map((s) => (
              <option key={s.schoolId} value={s.schoolId}>
                {s.schoolCode} — {s.schoolName}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="extension-until">{t.extensions.until}</label>
          <input
            id="extension-until"
            type="date"
            value={form.until}
            onChange={(e) => setForm({ ...form, until: e.target.value })}
            required
          />
        </div>
        <div className="field inline extension-reason">
          <label htmlFor="extension-reason">{t.extensions.reason}</label>
          <input
            id="extension-reason"
            type="text"
            value={form.reason}
            onChange={(e) => setForm({ ...form, reason: e.target.value })}
            required
          />
        </div>
        <button type="submit" className="button primary" disabled={grant.isPending}>
          {t.extensions.grant}
        </button>
      </form>
      <QueryState query={list} isEmpty={(answer) => answer.reportingExtensions.length === 0} empty={t.extensions.none}>
        {(answer) => (
          <TableScroll label={caption}>
            <table className="data-table">
              <caption>{caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.extensions.school}</th>
                  <th scope="col">{t.extensions.until}</th>
                  <th scope="col">{t.extensions.reason}</th>
                  <th scope="col">{t.extensions.state}</th>
                  <th scope="col">{t.reports.actions}</th>
                </tr>
              </thead>
              <tbody>
                {answer.reportingExtensions.map((e) => (
                  <tr key={e.id}>
                    <th scope="row">
                      {e.schoolCode} — {e.schoolName}
                    </th>
                    <td>{formatDate(e.until)}</td>
                    <td>{e.reason}</td>
                    <td>{e.inForce ? t.extensions.inForce : t.extensions.ended}</td>
                    <td>
                      {e.inForce && (
                        <button
                          type="button"
                          className="button secondary small"
                          disabled={revoke.isPending}
                          aria-label={`${t.extensions.revoke}: ${e.schoolName}`}
                          onClick={() => revoke.mutate({ schoolId: e.schoolId, year, quarter })}
                        >
                          {t.extensions.revoke}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </QueryState>
    </section>
  );
}
