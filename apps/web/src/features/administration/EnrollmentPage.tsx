import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useParams } from 'react-router';
import { formatNumber, t } from '../../i18n';
import { operationKey, useApiMutation, useApiQuery } from '../../shared/api/hooks';
import { useSchool } from '../../shared/api/organisation-lookups';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { Notice } from '../../shared/ui/Notice';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { TableScroll } from '../../shared/ui/TableScroll';
import { ENROLLMENT_HISTORY, SET_ENROLLMENT } from './admin-operations';
import { TextField } from './TextField';

const a = t.admin;

/** A school's enrollment by year: the base of its targets (a year's record holds until a later one). */
export function EnrollmentPage() {
  const { schoolId = '' } = useParams();
  const school = useSchool(schoolId);
  const queryClient = useQueryClient();
  const history = useApiQuery(ENROLLMENT_HISTORY, { schoolId });
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [students, setStudents] = useState('');
  const [mentorBase, setMentorBase] = useState('');
  const [saved, setSaved] = useState<number | null>(null);
  const save = useApiMutation(SET_ENROLLMENT, {
    onSuccess: (data) => {
      setSaved(data.setEnrollment.year);
      void queryClient.invalidateQueries({ queryKey: operationKey(ENROLLMENT_HISTORY) });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    save.mutate({
      input: { schoolId, year: Number(year), students: Number(students), mentorBase: mentorBase.trim() === '' ? null : Number(mentorBase) },
    });
  }

  return (
    <section>
      <PageHeader title={a.enrollment.title} scope={school ? `${school.name} (${school.code})` : null} />
      <QueryState query={history} retry isEmpty={(answer) => answer.enrollmentHistory.length === 0} empty={a.enrollment.none}>
        {(answer) => (
          <TableScroll label={a.enrollment.caption}>
            <table className="data-table">
              <caption>{a.enrollment.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{a.enrollment.year}</th>
                  <th scope="col">{a.enrollment.students}</th>
                  <th scope="col">{a.enrollment.mentorBase}</th>
                </tr>
              </thead>
              <tbody>
                {answer.enrollmentHistory.map((row) => (
                  <tr key={row.id}>
                    <th scope="row">{row.year}</th>
                    <td className="number">{formatNumber(row.students)}</td>
                    <td className="number">{formatNumber(row.mentorBase)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </QueryState>
      <p className="hint">{a.enrollment.fromYear}</p>
      <form onSubmit={submit} className="inline-form">
        {saved !== null && <Notice>{a.enrollment.saved(saved)}</Notice>}
        {save.error && <ErrorMessage error={save.error} />}
        <TextField label={a.enrollment.year} value={year} onChange={setYear} required inputMode="numeric" />
        <TextField label={a.enrollment.students} value={students} onChange={setStudents} required inputMode="numeric" />
        <TextField
          label={a.enrollment.mentorBase}
          value={mentorBase}
          onChange={setMentorBase}
          hint={a.enrollment.mentorBaseHint}
          inputMode="numeric"
        />
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={save.isPending}>
            {a.enrollment.save}
          </button>
        </div>
      </form>
    </section>
  );
}
