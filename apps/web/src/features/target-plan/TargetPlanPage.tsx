import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useId, useState } from 'react';
import { useParams } from 'react-router';
import { formatNumber, t } from '../../i18n';
import { TargetIndicator } from '../../shared/api/enums';
import { operationKey, useApiMutation, useApiQuery } from '../../shared/api/hooks';
import { useDistrictName } from '../../shared/api/organisation-lookups';
import { FIRST_YEAR } from '../../shared/lib/period';
import { problemLine } from '../../shared/lib/problems';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { Notice } from '../../shared/ui/Notice';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { TableScroll } from '../../shared/ui/TableScroll';
import { useUser } from '../auth/session';
import {
  DISTRICT_TARGET_PLAN,
  DistrictTargetPlan,
  PlanCell,
  SET_TARGET_SCHEDULE,
  TARGET_SCHEDULES,
  TargetSchedule,
} from './target-plan-operations';

const INDICATORS: TargetIndicator[] = ['MENTEE_COVERAGE', 'STUDENT_MENTORS'];

/** The plan's default years: those the schedules name, else 2020 to this year. */
function scheduleYears(schedules: readonly TargetSchedule[]): { from: number; to: number } {
  const years = schedules.flatMap((s) => s.points.map((p) => p.year));
  const now = new Date().getFullYear();
  if (!years.length) return { from: FIRST_YEAR, to: now };
  return { from: Math.min(...years), to: Math.max(...years) };
}

export function TargetPlanPage() {
  const { districtId = '' } = useParams();
  const user = useUser();
  const districtName = useDistrictName(districtId);
  const schedules = useApiQuery(TARGET_SCHEDULES, { districtId });
  const [chosenRange, setRange] = useState<{ from: number; to: number } | null>(null);
  const [draft, setDraftRange] = useState<{ from: string; to: string } | null>(null);
  const id = useId();
  // Until the coordinator applies other years, the plan covers the years the schedules have.
  const range = chosenRange ?? (schedules.data ? scheduleYears(schedules.data.targetSchedules) : null);
  const draftRange = draft ?? (range ? { from: String(range.from), to: String(range.to) } : { from: '', to: '' });

  const plan = useApiQuery(
    DISTRICT_TARGET_PLAN,
    { districtId, fromYear: range?.from ?? FIRST_YEAR, toYear: range?.to ?? FIRST_YEAR },
    { enabled: !!range },
  );
  const canEdit = user.role === 'DISTRICT_COORDINATOR' || user.role === 'AUTHORITY' || user.role === 'ADMIN';

  function applyRange(event: FormEvent) {
    event.preventDefault();
    const from = Number(draftRange.from);
    const to = Number(draftRange.to);
    if (Number.isInteger(from) && Number.isInteger(to) && from <= to) setRange({ from, to });
  }

  return (
    <section>
      <PageHeader title={t.plan.title} scope={districtName} />
      <p className="muted">{t.plan.subtitle}</p>
      <form className="inline-form" onSubmit={applyRange}>
        <div className="field inline">
          <label htmlFor={`${id}-from`}>{t.plan.fromYear}</label>
          <input
            id={`${id}-from`}
            type="number"
            min={2000}
            max={2100}
            value={draftRange.from}
            onChange={(e) => setDraftRange({ ...draftRange, from: e.target.value })}
          />
        </div>
        <div className="field inline">
          <label htmlFor={`${id}-to`}>{t.plan.toYear}</label>
          <input
            id={`${id}-to`}
            type="number"
            min={2000}
            max={2100}
            value={draftRange.to}
            onChange={(e) => setDraftRange({ ...draftRange, to: e.target.value })}
          />
        </div>
        <button type="submit" className="button secondary">
          {t.plan.show}
        </button>
      </form>
      {schedules.error ? (
        <ErrorMessage error={schedules.error} title={t.errors.loadFailed} />
      ) : (
        // The plan is asked for once the years are known (from the schedules): until then it is pending.
        <QueryState query={plan} retry>
          {(answer) => range && <PlanTable plan={answer.districtTargetPlan} from={range.from} to={range.to} />}
        </QueryState>
      )}
      {schedules.data && (
        <section aria-labelledby="schedules-title" className="schedules">
          <h2 id="schedules-title">{t.plan.schedulesTitle}</h2>
          <div className="schedule-grid">
            {INDICATORS.map((indicator) => {
              const schedule = schedules.data.targetSchedules.find((s) => s.indicator === indicator) ?? {
                indicator,
                source: 'REGION_DEFAULT' as const,
                points: [],
              };
              return <ScheduleCard key={indicator} districtId={districtId} schedule={schedule} canEdit={canEdit} />;
            })}
          </div>
        </section>
      )}
    </section>
  );
}

type Plan = Pick<DistrictTargetPlan, 'rows' | 'totals'>;

/** The plan as the district order prints it: a row per school, a pair of columns per year, ИТОГО. */
function PlanTable({ plan, from, to }: { plan: Plan; from: number; to: number }) {
  const years: number[] = [];
  for (let y = from; y <= to; y++) years.push(y);
  const caption = t.plan.tableCaption(from, to);
  const cellOf = (cells: PlanCell[], year: number) => cells.find((c) => c.year === year);
  const totalOf = (year: number) => plan.totals.find((c) => c.year === year);
  if (!plan.rows.length) return <p>{t.plan.noRows}</p>;
  return (
    <>
      <TableScroll label={caption}>
        <table className="data-table plan-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                {t.plan.school}
              </th>
              {years.map((year) => (
                <th key={year} scope="colgroup" colSpan={2} className="year-head">
                  {year}
                </th>
              ))}
            </tr>
            <tr>
              {years.map((year) => (
                <PairHead key={year} />
              ))}
            </tr>
          </thead>
          <tbody>
            {plan.rows.map((row) => (
              <tr key={row.school.id}>
                <th scope="row">
                  <span className="school-code">{row.school.code}</span> {row.school.name}
                </th>
                {years.map((year) => {
                  const cell = cellOf(row.cells, year);
                  return <PairCells key={year} mentees={cell?.menteeTarget} mentors={cell?.mentorTarget} />;
                })}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="total-row">
              <th scope="row">{t.plan.total}</th>
              {years.map((year) => (
                <PairCells key={year} mentees={totalOf(year)?.menteeTarget} mentors={totalOf(year)?.mentorTarget} />
              ))}
            </tr>
            <tr className="sum-row">
              <th scope="row">{t.plan.sumOfSchools}</th>
              {years.map((year) => (
                <PairCells key={year} mentees={totalOf(year)?.sumOfSchoolMenteeTargets} mentors={totalOf(year)?.sumOfSchoolMentorTargets} />
              ))}
            </tr>
          </tfoot>
        </table>
      </TableScroll>
      <p className="muted small">{t.plan.totalNote}</p>
    </>
  );
}

function PairHead() {
  return (
    <>
      <th scope="col" className="num" title={t.plan.menteesLong}>
        {t.plan.mentees}
      </th>
      <th scope="col" className="num" title={t.plan.mentorsLong}>
        {t.plan.mentors}
      </th>
    </>
  );
}

function PairCells({ mentees, mentors }: { mentees: number | null | undefined; mentors: number | null | undefined }) {
  return (
    <>
      <td className="num">{formatNumber(mentees)}</td>
      <td className="num">{formatNumber(mentors)}</td>
    </>
  );
}

interface PointDraft {
  key: string;
  year: string;
  percent: string;
}

let draftKey = 0;
const toDrafts = (schedule: TargetSchedule): PointDraft[] =>
  schedule.points.map((p) => ({ key: String(++draftKey), year: String(p.year), percent: String(p.percent) }));

function ScheduleCard({ districtId, schedule, canEdit }: { districtId: string; schedule: TargetSchedule; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  const [drafts, setDrafts] = useState<PointDraft[]>(() => toDrafts(schedule));
  const [saved, setSaved] = useState(false);
  const queryClient = useQueryClient();
  const id = useId();
  const mutation = useApiMutation(SET_TARGET_SCHEDULE, {
    onSuccess: () => {
      setEditing(false);
      setSaved(true);
      void queryClient.invalidateQueries({ queryKey: operationKey(TARGET_SCHEDULES) });
      void queryClient.invalidateQueries({ queryKey: operationKey(DISTRICT_TARGET_PLAN) });
    },
  });
  const title = t.plan.scheduleIndicator[schedule.indicator] ?? schedule.indicator;
  const problemOf = (index: number, field: 'year' | 'percent') =>
    mutation.error?.fields.filter((p) => p.field.endsWith(`points[${index}].${field}`) || p.field.endsWith(`points.${index}.${field}`)) ??
    [];

  function save(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    mutation.mutate({
      input: {
        districtId,
        indicator: schedule.indicator,
        points: drafts.map((d) => ({ year: Number(d.year), percent: Number(d.percent.replace(',', '.')) })),
      },
    });
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <p className="muted small">{t.plan.scheduleSource[schedule.source === 'DISTRICT_OVERRIDE' ? 'DISTRICT' : 'REGION']}</p>
      {saved && <Notice>{t.plan.scheduleSaved}</Notice>}
      {!editing ? (
        <>
          <TableScroll label={title}>
            <table className="data-table compact">
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  {schedule.points.map((p) => (
                    <th key={p.year} scope="col" className="num">
                      {p.year}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  {schedule.points.map((p) => (
                    <td key={p.year} className="num">
                      {p.percent.toLocaleString(t.locale)} %
                    </td>
                  ))}
                </tr>
              </tbody>
            </table>
          </TableScroll>
          {canEdit && (
            <button
              type="button"
              className="button secondary small"
              onClick={() => {
                setDrafts(toDrafts(schedule));
                setSaved(false);
                mutation.reset();
                setEditing(true);
              }}
            >
              {t.plan.editSchedule}
            </button>
          )}
        </>
      ) : (
        <form onSubmit={save} aria-label={t.plan.scheduleFormTitle(title)}>
          {mutation.error && <ErrorMessage error={mutation.error} />}
          <ul className="schedule-editor">
            {drafts.map((draft, index) => (
              <li key={draft.key}>
                <div className="field inline">
                  <label htmlFor={`${id}-year-${draft.key}`}>{t.plan.scheduleYear}</label>
                  <input
                    id={`${id}-year-${draft.key}`}
                    type="number"
                    min={2000}
                    max={2100}
                    required
                    value={draft.year}
                    aria-invalid={problemOf(index, 'year').length > 0 || undefined}
                    onChange={(e) => setDrafts(drafts.map((d) => (d.key === draft.key ? { ...d, year: e.target.value } : d)))}
                  />
                </div>
                <div className="field inline">
                  <label htmlFor={`${id}-percent-${draft.key}`}>{t.plan.schedulePercent(Number(draft.year) || 0)}</label>
                  <input
                    id={`${id}-percent-${draft.key}`}
                    type="text"
                    inputMode="decimal"
                    required
                    value={draft.percent}
                    aria-invalid={problemOf(index, 'percent').length > 0 || undefined}
                    onChange={(e) => setDrafts(drafts.map((d) => (d.key === draft.key ? { ...d, percent: e.target.value } : d)))}
                  />
                </div>
                <button
                  type="button"
                  className="button ghost small"
                  onClick={() => setDrafts(drafts.filter((d) => d.key !== draft.key))}
                  aria-label={t.plan.removeYear(Number(draft.year) || 0)}
                >
                  ✕
                </button>
                {[...problemOf(index, 'year'), ...problemOf(index, 'percent')].map((p, i) => (
                  <p key={i} className="error-text">
                    {problemLine(p)}
                  </p>
                ))}
              </li>
            ))}
          </ul>
          <div className="form-actions">
            <button
              type="button"
              className="button ghost small"
              onClick={() => {
                const last = Math.max(FIRST_YEAR - 1, ...drafts.map((d) => Number(d.year) || 0));
                setDrafts([...drafts, { key: String(++draftKey), year: String(last + 1), percent: drafts.at(-1)?.percent ?? '0' }]);
              }}
            >
              {t.plan.addYear}
            </button>
            <button type="button" className="button secondary" onClick={() => setEditing(false)}>
              {t.app.cancel}
            </button>
            {schedule.source === 'DISTRICT_OVERRIDE' && (
              <button
                type="button"
                className="button secondary"
                disabled={mutation.isPending}
                onClick={() => mutation.mutate({ input: { districtId, indicator: schedule.indicator, points: [] } })}
              >
                {t.plan.resetSchedule}
              </button>
            )}
            <button type="submit" className="button primary" disabled={mutation.isPending}>
              {t.plan.saveSchedule}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
