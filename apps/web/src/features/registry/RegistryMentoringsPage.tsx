import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useId, useState } from 'react';
import { useParams } from 'react-router';
import { formatDate, t } from '../../i18n';
import { MentoringFormCode } from '../../shared/api/enums';
import { useApiMutation, useApiQuery } from '../../shared/api/hooks';
import { useSchool } from '../../shared/api/organisation-lookups';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { Notice } from '../../shared/ui/Notice';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { TableScroll } from '../../shared/ui/TableScroll';
import { todayIso } from './registry';
import { END_MENTORING, Mentoring, MENTORINGS, PARTICIPANTS, Participant, START_MENTORING } from './registry-operations';

const FORMS: { form: MentoringFormCode; label: string }[] = [
  { form: 'STUDENT_STUDENT', label: 'ученик – ученик' },
  { form: 'TEACHER_STUDENT', label: 'учитель – ученик' },
  { form: 'UNIVERSITY_STUDENT_STUDENT', label: 'студент – ученик' },
  { form: 'EMPLOYER_STUDENT', label: 'работодатель – ученик' },
  { form: 'TEACHER_TEACHER', label: 'учитель – учитель' },
  { form: 'HEAD_TEACHER', label: 'руководитель ОО – педагог' },
  { form: 'UNIVERSITY_TEACHER_YOUNG_TEACHER', label: 'педагог вуза/колледжа – молодой педагог' },
];
const formLabel = (form: MentoringFormCode) => FORMS.find((f) => f.form === form)?.label ?? form;

/** Pairs and groups: start one from people with a consent, see start and end, end one. */
export function RegistryMentoringsPage() {
  const { schoolId = '' } = useParams();
  const school = useSchool(schoolId);
  const queryClient = useQueryClient();
  const mentorings = useApiQuery(MENTORINGS, { schoolId, first: 500, offset: 0 });
  const people = useApiQuery(PARTICIPANTS, { schoolId, first: 500, offset: 0 });
  const [message, setMessage] = useState<string | null>(null);
  const refresh = (text: string) => {
    setMessage(text);
    void queryClient.invalidateQueries();
  };

  return (
    <section>
      <PageHeader title={t.registry.mentoringsTitle} scope={school ? `${school.code} — ${school.name}` : null} />
      <p className="muted">{t.registry.privacy}</p>
      {message && <Notice>{message}</Notice>}
      {people.data && (
        <StartForm
          schoolId={schoolId}
          people={people.data.participants.items.filter((p) => p.hasConsent)}
          onStarted={() => refresh(t.registry.started)}
        />
      )}
      <QueryState query={mentorings} retry isEmpty={(answer) => answer.mentorings.items.length === 0} empty={t.registry.empty}>
        {(answer) => (
          <TableScroll label={t.registry.mentoringsTitle}>
            <table className="data-table" aria-label={t.registry.mentoringsTitle}>
              <thead>
                <tr>
                  <th scope="col">{t.registry.form}</th>
                  <th scope="col">{t.registry.type}</th>
                  <th scope="col">{t.registry.members}</th>
                  <th scope="col">{t.registry.startedOn}</th>
                  <th scope="col">{t.registry.endedOn}</th>
                </tr>
              </thead>
              <tbody>
                {answer.mentorings.items.map((m) => (
                  <MentoringRow key={m.id} mentoring={m} onEnded={() => refresh(t.registry.ended)} />
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </QueryState>
    </section>
  );
}

function MentoringRow({ mentoring, onEnded }: { mentoring: Mentoring; onEnded: () => void }) {
  const [endedOn, setEndedOn] = useState(todayIso());
  const end = useApiMutation(END_MENTORING, { onSuccess: onEnded });
  const name = (m: Mentoring['members'][number]) => m.fullName ?? t.registry.anonymous;
  return (
    <tr>
      <td>{formLabel(mentoring.form)}</td>
      <td>{mentoring.isGroup ? t.registry.group : t.registry.pair}</td>
      <td>
        {mentoring.members.map((m) => (
          <div key={m.participantId}>
            {name(m)} — {m.role === 'MENTOR' ? t.registry.roleMentor : t.registry.roleMentee}
          </div>
        ))}
      </td>
      <td>{formatDate(mentoring.startedOn)}</td>
      <td>
        {mentoring.endedOn ? (
          formatDate(mentoring.endedOn)
        ) : (
          <form
            className="inline"
            onSubmit={(e) => {
              e.preventDefault();
              end.mutate({ id: mentoring.id, endedOn });
            }}
          >
            <span>{t.registry.atWork}</span>{' '}
            <input type="date" aria-label={t.registry.endedOn} value={endedOn} onChange={(e) => setEndedOn(e.target.value)} />{' '}
            <button type="submit" className="button secondary" disabled={end.isPending}>
              {t.registry.end}
            </button>
            {end.error && <ErrorMessage error={end.error} />}
          </form>
        )}
      </td>
    </tr>
  );
}

function StartForm({ schoolId, people, onStarted }: { schoolId: string; people: Participant[]; onStarted: () => void }) {
  const id = useId();
  const [form, setForm] = useState<MentoringFormCode>('TEACHER_STUDENT');
  const [mentorIds, setMentorIds] = useState<string[]>([]);
  const [menteeIds, setMenteeIds] = useState<string[]>([]);
  const [startedOn, setStartedOn] = useState(todayIso());
  const start = useApiMutation(START_MENTORING, {
    onSuccess: () => {
      setMentorIds([]);
      setMenteeIds([]);
      onStarted();
    },
  });
  const toggle = (list: string[], set: (next: string[]) => void, personId: string, on: boolean) =>
    set(on ? [...list, personId] : list.filter((x) => x !== personId));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    start.mutate({ input: { schoolId, form, mentorIds, menteeIds, startedOn } });
  }

  return (
    <form className="registry-form" onSubmit={onSubmit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.registry.startTitle}</h2>
      <p className="muted small">{t.registry.onlyConsented}</p>
      {start.error && <ErrorMessage error={start.error} />}
      <div className="field">
        <label htmlFor={`${id}-form`}>{t.registry.form}</label>
        <select id={`${id}-form`} value={form} onChange={(e) => setForm(e.target.value as MentoringFormCode)}>
          {FORMS.map((f) => (
            <option key={f.form} value={f.form}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      {(
        [
          [t.registry.mentors, mentorIds, setMentorIds, 'mentor'],
          [t.registry.mentees, menteeIds, setMenteeIds, 'mentee'],
        ] as const
      ).map(([legend, list, set, role]) => (
        <fieldset key={role} className="field">
          <legend>{legend}</legend>
          {people.map((p) => (
            <label key={p.id} className="checkbox">
              <input
                type="checkbox"
                name={`${role}-${p.id}`}
                checked={list.includes(p.id)}
                onChange={(e) => toggle(list, set, p.id, e.target.checked)}
              />{' '}
              {p.fullName} ({t.registry.kinds[p.kind]})
            </label>
          ))}
        </fieldset>
      ))}
      <div className="field">
        <label htmlFor={`${id}-start`}>{t.registry.startedOn}</label>
        <input id={`${id}-start`} type="date" value={startedOn} onChange={(e) => setStartedOn(e.target.value)} required />
      </div>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={start.isPending}>
          {t.registry.start}
        </button>
      </div>
    </form>
  );
}
