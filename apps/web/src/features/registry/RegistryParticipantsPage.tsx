import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useId, useState } from 'react';
import { useParams } from 'react-router';
import { formatDate, t } from '../../i18n';
import { ExternalMentorSource, ParticipantKind, StudentMenteeCategory } from '../../shared/api/enums';
import { useApiMutation, useApiQuery } from '../../shared/api/hooks';
import { useSchool } from '../../shared/api/organisation-lookups';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { Notice } from '../../shared/ui/Notice';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { TableScroll } from '../../shared/ui/TableScroll';
import { todayIso } from './registry';
import { ADD_PARTICIPANT, PARTICIPANTS, Participant, WITHDRAW_CONSENT } from './registry-operations';

const KINDS: ParticipantKind[] = ['STUDENT', 'TEACHER', 'EXTERNAL'];
const SOURCES: ExternalMentorSource[] = ['EMPLOYER', 'UNIVERSITY_STUDENT', 'GRADUATE', 'PARENT', 'OTHER'];
const CATEGORIES: StudentMenteeCategory[] = ['GIFTED', 'LOW_RESULTS', 'DISABILITIES', 'DIFFICULT_SITUATION', 'BEHAVIOUR', 'DISENGAGED'];

/** The school's participants: add one (minimal data by kind), see who has a consent, withdraw one. */
export function RegistryParticipantsPage() {
  const { schoolId = '' } = useParams();
  const school = useSchool(schoolId);
  const queryClient = useQueryClient();
  const participants = useApiQuery(PARTICIPANTS, { schoolId, first: 500, offset: 0 });
  const [message, setMessage] = useState<string | null>(null);
  const withdraw = useApiMutation(WITHDRAW_CONSENT, {
    onSuccess: () => {
      setMessage(t.registry.withdrawDone);
      void queryClient.invalidateQueries();
    },
  });

  function onWithdraw(person: Participant) {
    const date = window.prompt(`${t.registry.withdrawConfirm}\n${t.registry.withdrawnOn}:`, todayIso());
    if (date) withdraw.mutate({ participantId: person.id, withdrawnOn: date });
  }

  return (
    <section>
      <PageHeader title={t.registry.participantsTitle} scope={school ? `${school.code} — ${school.name}` : null} />
      <p className="muted">{t.registry.privacy}</p>
      {message && <Notice>{message}</Notice>}
      {withdraw.error && <ErrorMessage error={withdraw.error} />}
      <AddParticipantForm
        schoolId={schoolId}
        onAdded={() => {
          setMessage(t.registry.added);
          void queryClient.invalidateQueries();
        }}
      />
      <QueryState query={participants} retry isEmpty={(answer) => answer.participants.totalCount === 0} empty={t.registry.empty}>
        {(answer) => (
          <TableScroll label={t.registry.participantsTitle}>
            <table className="data-table" aria-label={t.registry.participantsTitle}>
              <thead>
                <tr>
                  <th scope="col">{t.registry.fullName}</th>
                  <th scope="col">{t.registry.kind}</th>
                  <th scope="col">{t.registry.grade}</th>
                  <th scope="col">{t.registry.categories}</th>
                  <th scope="col">{t.registry.consent}</th>
                  <th scope="col">{t.registry.withdraw}</th>
                </tr>
              </thead>
              <tbody>
                {answer.participants.items.map((p) => (
                  <tr key={p.id}>
                    <td>{p.fullName ?? <em className="muted">{t.registry.anonymous}</em>}</td>
                    <td>
                      {t.registry.kinds[p.kind]}
                      {p.youngSpecialist && ` · ${t.registry.youngSpecialist.toLowerCase()}`}
                      {p.externalSource && ` · ${t.registry.sources[p.externalSource]}`}
                    </td>
                    <td>{p.grade ?? t.app.notAvailable}</td>
                    <td>{p.categories.map((c) => t.registry.categoryLabels[c]).join(', ') || t.app.notAvailable}</td>
                    <td>
                      {p.withdrawnOn
                        ? t.registry.withdrawn(formatDate(p.withdrawnOn))
                        : p.hasConsent
                          ? `${t.registry.hasConsent} (${formatDate(p.consent?.signedOn)})`
                          : t.registry.noConsent}
                    </td>
                    <td>
                      {!p.withdrawnOn && (
                        <button type="button" className="button secondary" onClick={() => onWithdraw(p)} disabled={withdraw.isPending}>
                          {t.registry.withdraw}
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

function AddParticipantForm({ schoolId, onAdded }: { schoolId: string; onAdded: () => void }) {
  const id = useId();
  const [kind, setKind] = useState<ParticipantKind>('STUDENT');
  const [fullName, setFullName] = useState('');
  const [grade, setGrade] = useState('');
  const [youngSpecialist, setYoungSpecialist] = useState(false);
  const [source, setSource] = useState<ExternalMentorSource>('EMPLOYER');
  const [categories, setCategories] = useState<StudentMenteeCategory[]>([]);
  const add = useApiMutation(ADD_PARTICIPANT, {
    onSuccess: () => {
      setFullName('');
      setGrade('');
      setCategories([]);
      setYoungSpecialist(false);
      onAdded();
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    add.mutate({
      input: {
        schoolId,
        kind,
        fullName,
        grade: kind === 'STUDENT' && grade ? Number(grade) : null,
        youngSpecialist: kind === 'TEACHER' ? youngSpecialist : null,
        externalSource: kind === 'EXTERNAL' ? source : null,
        categories: kind === 'STUDENT' ? categories : null,
      },
    });
  }

  return (
    <form className="registry-form" onSubmit={onSubmit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.registry.addTitle}</h2>
      {add.error && <ErrorMessage error={add.error} />}
      <div className="field">
        <label htmlFor={`${id}-name`}>{t.registry.fullName}</label>
        <input id={`${id}-name`} value={fullName} onChange={(e) => setFullName(e.target.value)} required maxLength={300} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t.registry.kind}</label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as ParticipantKind)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t.registry.kinds[k]}
            </option>
          ))}
        </select>
      </div>
      {kind === 'STUDENT' && (
        <>
          <div className="field">
            <label htmlFor={`${id}-grade`}>{t.registry.grade}</label>
            <input id={`${id}-grade`} type="number" min={1} max={11} value={grade} onChange={(e) => setGrade(e.target.value)} />
          </div>
          <fieldset className="field">
            <legend>{t.registry.categories}</legend>
            {CATEGORIES.map((c) => (
              <label key={c} className="checkbox">
                <input
                  type="checkbox"
                  checked={categories.includes(c)}
                  onChange={(e) => setCategories((current) => (e.target.checked ? [...current, c] : current.filter((x) => x !== c)))}
                />{' '}
                {t.registry.categoryLabels[c]}
              </label>
            ))}
          </fieldset>
        </>
      )}
      {kind === 'TEACHER' && (
        <label className="checkbox">
          <input type="checkbox" checked={youngSpecialist} onChange={(e) => setYoungSpecialist(e.target.checked)} />{' '}
          {t.registry.youngSpecialist}
        </label>
      )}
      {kind === 'EXTERNAL' && (
        <div className="field">
          <label htmlFor={`${id}-source`}>{t.registry.externalSource}</label>
          <select id={`${id}-source`} value={source} onChange={(e) => setSource(e.target.value as ExternalMentorSource)}>
            {SOURCES.map((s) => (
              <option key={s} value={s}>
                {t.registry.sources[s]}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={add.isPending}>
          {t.registry.add}
        </button>
      </div>
    </form>
  );
}
