import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useId, useState } from 'react';
import { useParams } from 'react-router';
import { formatDate, formatDateTime, t } from '../../i18n';
import { operationKey, useApiMutation, useApiQuery } from '../../shared/api/hooks';
import { useDistrictName } from '../../shared/api/organisation-lookups';
import { Dialog } from '../../shared/ui/Dialog';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { Notice } from '../../shared/ui/Notice';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { TableScroll } from '../../shared/ui/TableScroll';
import { useUser } from '../auth/session';
import { PUBLISH_ROADMAP, REJECT_ROADMAP_STAGE, ROADMAP_MATRIX, RoadmapMatrix, UPDATE_ROADMAP_STAGE } from './roadmap-operations';
import { schoolYearOf, templateDeadlines, todayDate } from './school-year';
import { SchoolYearPicker } from './SchoolYearPicker';
import { StageStateBadge } from './StageStateBadge';

type Row = RoadmapMatrix['rows'][number];
type Cell = Row['cells'][number];

/** The district's schools × roadmap stages: which are done, due, overdue or rejected. */
export function DistrictRoadmapPage() {
  const { districtId = '' } = useParams();
  const user = useUser();
  const districtName = useDistrictName(districtId);
  const [schoolYear, setSchoolYear] = useState(() => schoolYearOf(new Date()));
  const queryClient = useQueryClient();
  const matrix = useApiQuery(ROADMAP_MATRIX, { districtId, schoolYear });
  const [message, setMessage] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<{ row: Row; cell: Cell } | null>(null);
  const canManage = user.role === 'DISTRICT_COORDINATOR' || user.role === 'ADMIN';
  const publish = useApiMutation(PUBLISH_ROADMAP, {
    onSuccess: () => {
      setMessage(t.roadmap.published);
      void queryClient.invalidateQueries({ queryKey: operationKey(ROADMAP_MATRIX) });
    },
  });
  // Published after the template's first deadline (but within the year), the stages would open
  // overdue: offer to shift them from today, checked by default.
  const today = todayDate();
  const deadlines = templateDeadlines(schoolYear, today);
  const canShift = today > deadlines.template[0]! && today <= `${schoolYear + 1}-08-31`;
  const [shift, setShift] = useState(true);
  const passed = deadlines.template.filter((d) => d < today).length;

  return (
    <section>
      <PageHeader title={t.roadmap.title} scope={districtName} />
      <SchoolYearPicker
        value={schoolYear}
        onChange={(year) => {
          setMessage(null);
          setSchoolYear(year);
        }}
      />
      {message && <Notice>{message}</Notice>}
      {publish.error && <ErrorMessage error={publish.error} />}
      <QueryState
        query={matrix}
        retry
        isEmpty={(answer) => !answer.roadmapMatrix}
        empty={
          <>
            <Notice kind="info">{t.roadmap.noRoadmap}</Notice>
            {canManage && (
              <>
                {canShift && (
                  <fieldset className="roadmap-shift">
                    <p>{t.roadmap.shiftOffer}</p>
                    <label>
                      <input type="checkbox" checked={shift} onChange={(e) => setShift(e.target.checked)} /> {t.roadmap.shiftLabel}
                    </label>
                    <p className="muted" aria-live="polite">
                      {shift
                        ? t.roadmap.shiftResult(
                            formatDate(deadlines.shifted[0]),
                            formatDate(deadlines.shifted[deadlines.shifted.length - 1]),
                          )
                        : t.roadmap.noShiftResult(passed)}
                    </p>
                  </fieldset>
                )}
                <button
                  type="button"
                  className="button primary"
                  disabled={publish.isPending}
                  onClick={() => publish.mutate({ input: { districtId, schoolYear, shiftFromToday: canShift && shift } })}
                >
                  {t.roadmap.publishTemplate}
                </button>
              </>
            )}
          </>
        }
      >
        {({ roadmapMatrix: data }) =>
          data && (
            <>
              <h2>{data.roadmap.title}</h2>
              <p className="muted">{t.roadmap.asOf(formatDate(data.roadmap.asOf))}</p>
              <TableScroll label={t.roadmap.matrixCaption(data.roadmap.title)}>
                <table className="data-table matrix-table">
                  <caption className="visually-hidden">{t.roadmap.matrixCaption(data.roadmap.title)}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t.roadmap.school}</th>
                      {data.roadmap.stages.map((stage) => (
                        <th key={stage.id} scope="col" className="stage-head">
                          <abbr title={stage.title}>{stage.code}</abbr>
                          <span className="small muted">{formatDate(stage.deadline)}</span>
                          <span className="small muted">{t.roadmap.stageCounts(stage.counts.done, stage.counts.overdue)}</span>
                        </th>
                      ))}
                      <th scope="col">{t.roadmap.summaryColumn}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.rows.map((row) => (
                      <tr key={row.school.id}>
                        <th scope="row">
                          <span className="school-code">{row.school.code}</span> {row.school.name}
                        </th>
                        {row.cells.map((cell) => {
                          const stage = data.roadmap.stages.find((s) => s.id === cell.stageId);
                          return (
                            <td key={cell.stageId} className={`matrix-cell cell-${cell.state.toLowerCase()}`}>
                              <StageStateBadge state={cell.state} />
                              {cell.completion && <span className="small muted">{formatDateTime(cell.completion.completedAt)}</span>}
                              {/* The evidence the school attached: document, date, link, note. */}
                              {cell.completion?.documentNumber && (
                                <span className="small">
                                  {t.roadmap.document(cell.completion.documentNumber, formatDate(cell.completion.documentDate))}
                                </span>
                              )}
                              {cell.completion?.link && (
                                <a className="small" href={cell.completion.link} target="_blank" rel="noopener noreferrer">
                                  {t.roadmap.evidenceLink}
                                </a>
                              )}
                              {cell.completion?.note && <span className="small muted">{cell.completion.note}</span>}
                              {canManage && cell.state === 'DONE' && (
                                <button
                                  type="button"
                                  className="button ghost tiny"
                                  onClick={() => setRejecting({ row, cell })}
                                  aria-label={`${t.roadmap.reject}: ${row.school.name}, ${cell.code}. ${stage?.title ?? ''}`}
                                >
                                  {t.roadmap.reject}
                                </button>
                              )}
                            </td>
                          );
                        })}
                        <td>{t.roadmap.summary(row.summary.done, row.summary.total)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
              <section aria-labelledby="stages-legend">
                <h3 id="stages-legend">{t.roadmap.stagesLegend}</h3>
                <dl className="stage-legend">
                  {data.roadmap.stages.map((stage) => (
                    <div key={stage.id}>
                      <dt>{stage.code}</dt>
                      <dd>
                        {stage.title}{' '}
                        <span className="muted">
                          ({t.roadmap.deadline.toLowerCase()} {formatDate(stage.deadline)})
                        </span>
                        {canManage && (
                          <StageDeadline
                            stage={stage}
                            onDone={() => {
                              setMessage(t.roadmap.deadlineSaved(stage.code));
                              void queryClient.invalidateQueries({ queryKey: operationKey(ROADMAP_MATRIX) });
                            }}
                          />
                        )}
                      </dd>
                    </div>
                  ))}
                </dl>
              </section>
            </>
          )
        }
      </QueryState>
      {rejecting && (
        <RejectDialog
          row={rejecting.row}
          cell={rejecting.cell}
          onClose={() => setRejecting(null)}
          onDone={() => {
            setRejecting(null);
            setMessage(t.roadmap.rejected);
            void queryClient.invalidateQueries({ queryKey: operationKey(ROADMAP_MATRIX) });
          }}
        />
      )}
    </section>
  );
}

function RejectDialog({ row, cell, onClose, onDone }: { row: Row; cell: Cell; onClose: () => void; onDone: () => void }) {
  const id = useId();
  const [comment, setComment] = useState('');
  const mutation = useApiMutation(REJECT_ROADMAP_STAGE, { onSuccess: onDone });
  function submit(event: FormEvent) {
    event.preventDefault();
    mutation.mutate({
      input: { stageId: cell.stageId, schoolId: row.school.id, comment: comment.trim(), expectedVersion: cell.completion?.version ?? null },
    });
  }
  return (
    <Dialog title={t.roadmap.rejectTitle(row.school.name, cell.code)} open onClose={onClose}>
      <form onSubmit={submit}>
        {mutation.error && <ErrorMessage error={mutation.error} />}
        <div className="field">
          <label htmlFor={`${id}-comment`}>
            {t.roadmap.rejectComment}
            <span className="required" aria-hidden="true">
              {' '}
              {t.app.requiredMark}
            </span>
            <span className="visually-hidden"> ({t.app.required})</span>
          </label>
          <textarea id={`${id}-comment`} rows={4} required value={comment} onChange={(e) => setComment(e.target.value)} autoFocus />
        </div>
        <div className="form-actions">
          <button type="button" className="button secondary" onClick={onClose}>
            {t.app.cancel}
          </button>
          <button type="submit" className="button primary" disabled={mutation.isPending || !comment.trim()}>
            {t.roadmap.reject}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** The coordinator moves a stage's deadline (e.g. a roadmap published mid-year); a concurrent edit conflicts. */
function StageDeadline({ stage, onDone }: { stage: RoadmapMatrix['roadmap']['stages'][number]; onDone: () => void }) {
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(stage.deadline);
  const save = useApiMutation(UPDATE_ROADMAP_STAGE, {
    onSuccess: () => {
      setEditing(false);
      onDone();
    },
  });
  if (!editing) {
    return (
      <button
        type="button"
        className="button ghost tiny"
        onClick={() => setEditing(true)}
        aria-label={`${t.roadmap.editDeadline}: ${stage.code}. ${stage.title}`}
      >
        {t.roadmap.editDeadline}
      </button>
    );
  }
  return (
    <form
      className="deadline-form"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        save.mutate({ input: { stageId: stage.id, expectedVersion: stage.version, deadline: value } });
      }}
    >
      {save.error && <ErrorMessage error={save.error} />}
      <label htmlFor={id}>{t.roadmap.deadlineOf(stage.code)}</label>
      <input id={id} type="date" value={value} required onChange={(e) => setValue(e.target.value)} />
      <div className="form-actions">
        <button type="submit" className="button primary small" disabled={save.isPending}>
          {t.app.save}
        </button>
        <button type="button" className="button secondary small" onClick={() => setEditing(false)}>
          {t.app.cancel}
        </button>
      </div>
    </form>
  );
}
