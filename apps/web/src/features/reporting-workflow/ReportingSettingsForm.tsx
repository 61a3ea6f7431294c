import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { t } from '../../i18n';
import { operationKey, useApiMutation, useApiQuery } from '../../shared/api/hooks';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { Notice } from '../../shared/ui/Notice';
import { QueryState } from '../../shared/ui/QueryState';
import { REGION_REPORTING_SETTINGS, RegionReportingSettings, SET_REGION_REPORTING_SETTINGS } from './reporting-workflow-operations';

/** The region's automatic closing of quarters and the reminder lead time. */
export function ReportingSettingsForm({ regionId }: { regionId: string }) {
  const settings = useApiQuery(REGION_REPORTING_SETTINGS, { regionId });
  const current = settings.data?.regionReportingSettings;
  // Kept here: the form below starts again (a new key) once the saved version arrives.
  const [saved, setSaved] = useState(false);
  return (
    <section aria-labelledby="reporting-settings-title">
      <h2 id="reporting-settings-title">{t.reportingSettings.title}</h2>
      {saved && <Notice>{t.reportingSettings.saved}</Notice>}
      <QueryState query={settings}>
        {() =>
          // Keyed by version: a saved version starts the form again from what was stored.
          current && (
            <SettingsForm key={current.version} current={current} onSaving={() => setSaved(false)} onSaved={() => setSaved(true)} />
          )
        }
      </QueryState>
    </section>
  );
}

function SettingsForm({ current, onSaving, onSaved }: { current: RegionReportingSettings; onSaving: () => void; onSaved: () => void }) {
  const queryClient = useQueryClient();
  const [autoCloseDays, setAutoCloseDays] = useState(current.autoCloseDays === null ? '' : String(current.autoCloseDays));
  const [reminderDaysBefore, setReminderDaysBefore] = useState(String(current.reminderDaysBefore));
  const save = useApiMutation(SET_REGION_REPORTING_SETTINGS, {
    onSuccess: () => {
      onSaved();
      void queryClient.invalidateQueries({ queryKey: operationKey(REGION_REPORTING_SETTINGS) });
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onSaving();
    save.mutate({
      input: {
        regionId: current.regionId,
        autoCloseDays: autoCloseDays.trim() === '' ? null : Number(autoCloseDays),
        reminderDaysBefore: Number(reminderDaysBefore),
        expectedVersion: current.version,
      },
    });
  };
  return (
    <form className="form" onSubmit={onSubmit}>
      {save.error && <ErrorMessage error={save.error} />}
      <label htmlFor="auto-close-days">{t.reportingSettings.autoCloseDays}</label>
      <input
        id="auto-close-days"
        type="number"
        min={0}
        max={366}
        value={autoCloseDays}
        onChange={(e) => setAutoCloseDays(e.target.value)}
        aria-describedby="auto-close-hint"
      />
      <p id="auto-close-hint" className="muted small">
        {t.reportingSettings.autoCloseHint}
      </p>
      <label htmlFor="reminder-days">{t.reportingSettings.reminderDaysBefore}</label>
      <input
        id="reminder-days"
        type="number"
        min={1}
        max={90}
        required
        value={reminderDaysBefore}
        onChange={(e) => setReminderDaysBefore(e.target.value)}
        aria-describedby="reminder-hint"
      />
      <p id="reminder-hint" className="muted small">
        {t.reportingSettings.reminderHint}
      </p>
      <button type="submit" className="button primary" disabled={save.isPending}>
        {t.app.save}
      </button>
    </form>
  );
}
