import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useId, useState } from 'react';
import { useParams } from 'react-router';
import { formatDate, formatDateTime, t } from '../../i18n';
import { operationKey, useApiMutation, useApiQuery } from '../../shared/api/hooks';
import { useSchool } from '../../shared/api/organisation-lookups';
import { problemMessage } from '../../shared/lib/problems';
import { Dialog } from '../../shared/ui/Dialog';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { Notice } from '../../shared/ui/Notice';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { TableScroll } from '../../shared/ui/TableScroll';
import { useUser } from '../auth/session';
import { COMPLETE_ROADMAP_STAGE, SCHOOL_ROADMAP, SchoolRoadmapStage } from './roadmap-operations';
import { schoolYearOf } from './school-year';
import { SchoolYearPicker } from './SchoolYearPicker';
import { StageStateBadge } from './StageStateBadge';

export function SchoolRoadmapPage() {
  const { schoolId = '' } = useParams();
  const user = useUser();
  const school = useSchool(schoolId);
  const [schoolYear, setSchoolYear] = useState(() => schoolYearOf(new Date()));
  const roadmap = useApiQuery(SCHOOL_ROADMAP, { schoolId, schoolYear });
  const [completing, setCompleting] = useState<SchoolRoadmapStage | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const canComplete = user.role === 'SCHOOL_CURATOR' || user.role === 'ADMIN';

  return (
    <section>
      <PageHeader title={t.roadmap.title} scope={school ? `${school.code} — ${school.name}` : null} />
      <SchoolYearPicker value={schoolYear} onChange={setSchoolYear} />
      {message && <Notice>{message}</Notice>}
      <QueryState
        query={roadmap}
        retry
        isEmpty={(answer) => !answer.schoolRoadmap}
        empty={<Notice kind="info">{t.roadmap.noRoadmap}</Notice>}
      >
        {({ schoolRoadmap: data }) =>
          data && (
            <>
              <h2>{data.title}</h2>
              <p className="muted">
                {t.roadmap.asOf(formatDate(data.asOf))} · {t.roadmap.summary(data.summary.done, data.summary.total)}
              </p>
              <TableScroll label={data.title}>
                <table className="data-table roadmap-table">
                  <caption className="visually-hidden">{data.title}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t.roadmap.stage}</th>
                      <th scope="col">{t.roadmap.deadline}</th>
                      <th scope="col">{t.dashboard.status}</th>
                      <th scope="col">{t.roadmap.evidence}</th>
                      {canComplete && (
                        <th scope="col">
                          <span className="visually-hidden">{t.reports.actions}</span>
                        </th>
                      )}
                    </tr>
                  </thead>
                  <tbody>
                    {data.stages.map((stage) => (
                      <tr key={stage.stageId} className={`stage-row stage-row-${stage.state.toLowerCase()}`}>
                        <th scope="row">
                          <span className="stage-code">{stage.code}.</span> {stage.title}
                          {stage.description && <p className="muted small">{stage.description}</p>}
                        </th>
                        <td>{formatDate(stage.deadline)}</td>
                        <td>
                          <StageStateBadge state={stage.state} />
                        </td>
                        <td>
                          <Evidence stage={stage} />
                        </td>
                        {canComplete && (
                          <td>
                            {stage.state !== 'DONE' && (
                              <button
                                type="button"
                                className="button secondary small"
                                onClick={() => setCompleting(stage)}
                                aria-label={`${t.roadmap.markDone}: ${stage.code}. ${stage.title}`}
                              >
                                {stage.state === 'REJECTED' ? t.roadmap.markDoneAgain : t.roadmap.markDone}
                              </button>
                            )}
                          </td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </>
          )
        }
      </QueryState>
      {completing && (
        <CompleteDialog
          schoolId={schoolId}
          stage={completing}
          onClose={() => setCompleting(null)}
          onDone={() => {
            setMessage(t.roadmap.marked(`${completing.code}. ${completing.title}`));
            setCompleting(null);
          }}
        />
      )}
    </section>
  );
}

function Evidence({ stage }: { stage: SchoolRoadmapStage }) {
  const completion = stage.completion;
  if (!completion) return <>{t.app.notAvailable}</>;
  return (
    <div className="evidence">
      {completion.state === 'REJECTED' && completion.reviewComment && (
        <p className="warning-text">
          {t.roadmap.rejectedBecause} {completion.reviewComment}
        </p>
      )}
      <p>{t.roadmap.completedAt(formatDateTime(completion.completedAt))}</p>
      {completion.documentNumber && <p>{t.roadmap.document(completion.documentNumber, formatDate(completion.documentDate))}</p>}
      {completion.note && <p className="muted">{completion.note}</p>}
    </div>
  );
}

function CompleteDialog({
  schoolId,
  stage,
  onClose,
  onDone,
}: {
  schoolId: string;
  stage: SchoolRoadmapStage;
  onClose: () => void;
  onDone: () => void;
}) {
  const id = useId();
  const queryClient = useQueryClient();
  const [documentNumber, setDocumentNumber] = useState(stage.completion?.documentNumber ?? '');
  const [documentDate, setDocumentDate] = useState(stage.completion?.documentDate ?? '');
  const [note, setNote] = useState(stage.completion?.note ?? '');
  const [link, setLink] = useState(stage.completion?.link ?? '');
  const mutation = useApiMutation(COMPLETE_ROADMAP_STAGE, {
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: operationKey(SCHOOL_ROADMAP) });
      onDone();
    },
  });
  const problem = (field: string) => mutation.error?.problemsOf(field) ?? [];

  function submit(event: FormEvent) {
    event.preventDefault();
    mutation.mutate({
      input: {
        stageId: stage.stageId,
        schoolId,
        documentNumber: documentNumber.trim() || null,
        documentDate: documentDate || null,
        note: note.trim() || null,
        link: link.trim() || null,
      },
    });
  }

  const field = (name: string, label: string, value: string, set: (v: string) => void, type = 'text', required = false) => {
    const problems = problem(name);
    return (
      <div className="field">
        <label htmlFor={`${id}-${name}`}>
          {label}
          {required && (
            <>
              <span className="required" aria-hidden="true">
                {' '}
                {t.app.requiredMark}
              </span>
              <span className="visually-hidden"> ({t.app.required})</span>
            </>
          )}
        </label>
        <input
          id={`${id}-${name}`}
          type={type}
          value={value}
          required={required}
          onChange={(e) => set(e.target.value)}
          aria-invalid={problems.length > 0 || undefined}
          aria-describedby={problems.length ? `${id}-${name}-error` : undefined}
        />
        {problems.length > 0 && (
          <p id={`${id}-${name}-error`} className="error-text">
            {problems.map((p) => problemMessage(p)).join('; ')}
          </p>
        )}
      </div>
    );
  };

  return (
    <Dialog title={t.roadmap.evidenceTitle(`${stage.code}. ${stage.title}`)} open onClose={onClose}>
      <form onSubmit={submit}>
        {stage.evidenceRequired && <p className="muted">{t.roadmap.evidenceRequired}</p>}
        {mutation.error && mutation.error.fields.length === 0 && <ErrorMessage error={mutation.error} />}
        {field('documentNumber', t.roadmap.documentNumber, documentNumber, setDocumentNumber, 'text', stage.evidenceRequired)}
        {field('documentDate', t.roadmap.documentDate, documentDate, setDocumentDate, 'date', stage.evidenceRequired)}
        {field('link', t.roadmap.link, link, setLink, 'url')}
        <div className="field">
          <label htmlFor={`${id}-note`}>{t.roadmap.note}</label>
          <textarea id={`${id}-note`} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
        </div>
        <div className="form-actions">
          <button type="button" className="button secondary" onClick={onClose}>
            {t.app.cancel}
          </button>
          <button type="submit" className="button primary" disabled={mutation.isPending}>
            {t.roadmap.save}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
