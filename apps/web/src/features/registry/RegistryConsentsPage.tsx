import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useParams } from 'react-router';
import { t } from '../../i18n';
import { useApiMutation, useApiQuery } from '../../shared/api/hooks';
import { useSchool } from '../../shared/api/organisation-lookups';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { Notice } from '../../shared/ui/Notice';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { todayIso } from './registry';
import { PARTICIPANTS, Participant, RECORD_CONSENT } from './registry-operations';

/** Who lacks a consent, and recording one: without it no one joins a pair or group. */
export function RegistryConsentsPage() {
  const { schoolId = '' } = useParams();
  const school = useSchool(schoolId);
  const queryClient = useQueryClient();
  const lacking = useApiQuery(PARTICIPANTS, { schoolId, first: 500, offset: 0, withoutConsent: true });
  const [message, setMessage] = useState<string | null>(null);

  return (
    <section>
      <PageHeader title={t.registry.consentsTitle} scope={school ? `${school.code} — ${school.name}` : null} />
      <p className="muted">{t.registry.privacy}</p>
      {message && <Notice>{message}</Notice>}
      <h2>{t.registry.lacking}</h2>
      <QueryState query={lacking} retry isEmpty={(answer) => answer.participants.items.length === 0} empty={t.registry.lackingNone}>
        {(answer) => (
          <ul className="consent-list">
            {answer.participants.items.map((person) => (
              <ConsentForm
                key={person.id}
                person={person}
                onRecorded={() => {
                  setMessage(t.registry.consentRecorded);
                  void queryClient.invalidateQueries();
                }}
              />
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}

function ConsentForm({ person, onRecorded }: { person: Participant; onRecorded: () => void }) {
  const [signedOn, setSignedOn] = useState(todayIso());
  const [signedBy, setSignedBy] = useState(person.kind === 'STUDENT' ? '' : (person.fullName ?? ''));
  const [documentNumber, setDocumentNumber] = useState('');
  const record = useApiMutation(RECORD_CONSENT, { onSuccess: onRecorded });
  const prefix = `consent-${person.id}`;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    record.mutate({ input: { participantId: person.id, signedOn, signedBy, documentNumber: documentNumber || null } });
  }

  return (
    <li>
      <form className="registry-form inline" onSubmit={onSubmit} aria-label={`${t.registry.recordConsent}: ${person.fullName}`}>
        <p>
          <strong>{person.fullName}</strong> · {t.registry.kinds[person.kind]}
        </p>
        {record.error && <ErrorMessage error={record.error} />}
        <div className="field">
          <label htmlFor={`${prefix}-on`}>{t.registry.signedOn}</label>
          <input id={`${prefix}-on`} type="date" value={signedOn} onChange={(e) => setSignedOn(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor={`${prefix}-by`}>{t.registry.signedBy}</label>
          <input id={`${prefix}-by`} value={signedBy} onChange={(e) => setSignedBy(e.target.value)} required maxLength={300} />
        </div>
        <div className="field">
          <label htmlFor={`${prefix}-doc`}>{t.registry.documentNumber}</label>
          <input id={`${prefix}-doc`} value={documentNumber} onChange={(e) => setDocumentNumber(e.target.value)} maxLength={100} />
        </div>
        <button type="submit" className="button primary" disabled={record.isPending}>
          {t.registry.recordConsent}
        </button>
      </form>
    </li>
  );
}
