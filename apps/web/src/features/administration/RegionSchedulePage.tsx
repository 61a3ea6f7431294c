import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { t } from '../../i18n';
import type { TargetIndicator } from '../../shared/api/enums';
import { operationKey, useApiMutation, useApiQuery } from '../../shared/api/hooks';
import { useRegionName } from '../../shared/api/organisation-lookups';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { Notice } from '../../shared/ui/Notice';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { useUser } from '../auth/session';
import type { TargetSchedule } from '../target-plan/target-plan-operations';
import { REGION_TARGET_SCHEDULES, SET_REGION_TARGET_SCHEDULE } from './admin-operations';
import { fixedRegionOf } from './admin-scope';
import { useSearchParam } from './list-params';
import { RegionSelect } from './RegionSelect';

const a = t.admin;

/** The region's default schedule of both indicators (districts without their own use it). */
export function RegionSchedulePage() {
  const user = useUser();
  const fixed = fixedRegionOf(user);
  const [picked, setPicked] = useSearchParam('region', ['district']);
  const regionId = fixed ?? picked;
  const regionName = useRegionName(regionId || undefined);
  const schedules = useApiQuery(REGION_TARGET_SCHEDULES, { regionId }, { enabled: !!regionId });
  return (
    <section>
      <PageHeader title={a.schedule.title} scope={regionName} />
      <p>{a.schedule.intro}</p>
      {!fixed && <RegionSelect value={picked} onChange={(id) => setPicked(id || null)} />}
      {!regionId ? (
        <p>{a.region.pickAny}.</p>
      ) : (
        <QueryState query={schedules} retry>
          {(answer) =>
            answer.regionTargetSchedules.map((schedule) => (
              <ScheduleEditor key={`${regionId}-${schedule.indicator}`} regionId={regionId} schedule={schedule} />
            ))
          }
        </QueryState>
      )}
    </section>
  );
}

interface Draft {
  key: number;
  year: string;
  percent: string;
}

function ScheduleEditor({ regionId, schedule }: { regionId: string; schedule: TargetSchedule }) {
  const queryClient = useQueryClient();
  const [drafts, setDrafts] = useState<Draft[]>(() =>
    schedule.points.map((p, i) => ({ key: i, year: String(p.year), percent: String(p.percent) })),
  );
  const [saved, setSaved] = useState(false);
  const save = useApiMutation(SET_REGION_TARGET_SCHEDULE, {
    onSuccess: () => {
      setSaved(true);
      void queryClient.invalidateQueries({ queryKey: operationKey(REGION_TARGET_SCHEDULES) });
    },
  });
  const title = a.schedule.indicator[schedule.indicator] ?? schedule.indicator;
  const labels = { points: a.schedule.title, year: a.schedule.year, percent: a.schedule.percent };

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    save.mutate({
      input: {
        regionId,
        indicator: schedule.indicator as TargetIndicator,
        points: drafts.map((d) => ({ year: Number(d.year), percent: Number(d.percent.replace(',', '.')) })),
      },
    });
  }

  function addYear() {
    const last = drafts[drafts.length - 1];
    const year = last ? Number(last.year) + 1 : new Date().getFullYear();
    setDrafts([...drafts, { key: Date.now(), year: String(year), percent: last?.percent ?? '' }]);
  }

  return (
    <form onSubmit={submit} className="schedule-card" aria-label={title}>
      <h2>{title}</h2>
      {saved && <Notice>{a.schedule.saved}</Notice>}
      {save.error && <ErrorMessage error={save.error} labels={labels} />}
      <ul className="schedule-editor">
        {drafts.map((draft) => (
          <li key={draft.key}>
            <div className="field inline">
              <label htmlFor={`${schedule.indicator}-y-${draft.key}`}>{a.schedule.year}</label>
              <input
                id={`${schedule.indicator}-y-${draft.key}`}
                inputMode="numeric"
                value={draft.year}
                onChange={(e) => setDrafts(drafts.map((d) => (d.key === draft.key ? { ...d, year: e.target.value } : d)))}
              />
            </div>
            <div className="field inline">
              <label htmlFor={`${schedule.indicator}-p-${draft.key}`}>{a.schedule.percent}</label>
              <input
                id={`${schedule.indicator}-p-${draft.key}`}
                inputMode="decimal"
                value={draft.percent}
                onChange={(e) => setDrafts(drafts.map((d) => (d.key === draft.key ? { ...d, percent: e.target.value } : d)))}
              />
            </div>
            <button
              type="button"
              className="button ghost small"
              aria-label={a.schedule.removeYear(Number(draft.year) || 0)}
              onClick={() => setDrafts(drafts.filter((d) => d.key !== draft.key))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <div className="form-actions">
        <button type="button" className="button secondary" onClick={addYear}>
          {a.schedule.addYear}
        </button>
        <button type="submit" className="button primary" disabled={save.isPending}>
          {a.schedule.save}
        </button>
      </div>
    </form>
  );
}
