import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useCallback, useId, useRef, useState } from 'react';
import { formatNumber, t } from '../../i18n';
import { ApiError } from '../../shared/api/graphql-client';
import type { Job } from '../../shared/api/job-operations';
import { useDistrictName } from '../../shared/api/organisation-lookups';
import { fieldLabel, problemMessage } from '../../shared/lib/problems';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { JobProgress } from '../../shared/ui/JobProgress';
import { Notice } from '../../shared/ui/Notice';
import { PageHeader } from '../../shared/ui/PageHeader';
import { TableScroll } from '../../shared/ui/TableScroll';
import { useSession, useUser } from '../auth/session';
import {
  EnrollmentImportResult,
  IMPORT_ENROLLMENT,
  IMPORT_OUTCOME,
  IMPORT_SCHOOLS,
  ImportOutcome,
  ImportRowError,
  SchoolImportResult,
  TAKE_IMPORT_CREDENTIALS,
} from './admin-operations';
import { fixedDistrictOf, fixedRegionOf } from './admin-scope';
import { DistrictSelect } from './DistrictSelect';
import { useSearchParam } from './list-params';
import { RegionSelect } from './RegionSelect';

const a = t.admin;
const MAX_BYTES = 1024 * 1024;

type Kind = 'schools' | 'enrollment';

/** Templates: the columns the server reads, with one example row (`;` opens correctly in a Russian Excel). */
const TEMPLATES: Record<Kind, { name: string; text: string }> = {
  schools: {
    name: 'shablon-shkoly.csv',
    text: 'code;name;inn;curator_email;curator_name;curator_password\n001;МБОУ СОШ № 1;7801234567;kurator1@example.ru;Иванова Ирина Ивановна;\n',
  },
  enrollment: {
    name: 'shablon-kontingent.csv',
    text: 'school_code;year;students;mentor_base\n001;2025;850;300\n',
  },
};

function downloadTemplate(kind: Kind) {
  // A BOM so that Excel reads the Cyrillic as UTF-8; the server ignores it.
  const blob = new Blob(['\uFEFF', TEMPLATES[kind].text], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = TEMPLATES[kind].name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

function downloadCsv(name: string, rows: (string | number)[][]) {
  const quote = (v: string | number) => (/[;"\n\r]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const text = rows.map((row) => row.map(quote).join(';')).join('\r\n') + '\r\n';
  const blob = new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** The code of a failed job's error (`CODE: text`); the page says it in Russian. */
function failureCode(error: string | null | undefined): string | null {
  return error?.match(/^([A-Z_]+):/)?.[1] ?? null;
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

type Outcome = { kind: 'schools'; result: SchoolImportResult } | { kind: 'enrollment'; result: EnrollmentImportResult };

/** Schools with their curators, or enrollment, from a CSV/XLSX: a dry run listing row errors, then the real run. */
export function ImportPage() {
  const session = useSession();
  const user = useUser();
  const queryClient = useQueryClient();
  const fixedRegion = fixedRegionOf(user);
  const fixedDistrict = fixedDistrictOf(user);
  const [pickedRegion, setPickedRegion] = useSearchParam('region', ['district']);
  const [pickedDistrict, setPickedDistrict] = useSearchParam('district');
  const [kindParam, setKind] = useSearchParam('kind');
  const kind: Kind = kindParam === 'enrollment' ? 'enrollment' : 'schools';
  const districtId = fixedDistrict ?? pickedDistrict;
  const districtName = useDistrictName(districtId || undefined);
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<'check' | 'run' | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  // The real run: its job, then what it wrote; generated passwords are taken once.
  const [finished, setFinished] = useState<Job | null>(null);
  const [written, setWritten] = useState<ImportOutcome | null>(null);
  const [credentials, setCredentials] = useState<'idle' | 'taking' | 'taken' | 'gone'>('idle');
  const id = useId();

  function reset() {
    setOutcome(null);
    setError(null);
    setLocalError(null);
    setFinished(null);
    setWritten(null);
    setCredentials('idle');
  }

  const jobDone = useCallback(
    (job: Job) => {
      setFinished(job);
      if (job.state !== 'COMPLETED') return;
      void queryClient.invalidateQueries();
      session.request(IMPORT_OUTCOME, { jobId: job.id }).then((r) => setWritten(r.importOutcome), setError);
    },
    [queryClient, session],
  );

  async function takeCredentials(jobId: string) {
    setCredentials('taking');
    try {
      const { takeImportCredentials } = await session.request(TAKE_IMPORT_CREDENTIALS, { jobId });
      downloadCsv(a.import.credentialsFileName, [
        a.import.credentialsColumns,
        ...takeImportCredentials.map((c) => [c.line, c.schoolCode, c.email, c.password]),
      ]);
      setCredentials('taken');
    } catch (e) {
      if (e instanceof ApiError && e.code === 'NOT_FOUND') setCredentials('gone');
      else {
        setCredentials('idle');
        setError(e);
      }
    }
  }

  async function send(dryRun: boolean) {
    reset();
    if (!file) return setLocalError(a.import.noFile);
    if (file.size > MAX_BYTES) return setLocalError(a.import.tooLarge);
    setBusy(dryRun ? 'check' : 'run');
    try {
      const input = { districtId, fileName: file.name, contentBase64: await readBase64(file), dryRun };
      if (kind === 'schools') {
        const { importSchools } = await session.request(IMPORT_SCHOOLS, { input });
        setOutcome({ kind, result: importSchools });
      } else {
        const { importEnrollment } = await session.request(IMPORT_ENROLLMENT, { input });
        setOutcome({ kind, result: importEnrollment });
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(true);
  }

  // A real run refused in the request (the file changed since its check) lists its rows too.
  const refusedRows =
    error instanceof ApiError && Array.isArray(error.extensions.rowErrors) ? (error.extensions.rowErrors as ImportRowError[]) : [];
  const errors: ImportRowError[] = outcome?.result.errors.length ? outcome.result.errors : refusedRows;
  const checkedOk = outcome && outcome.result.dryRun && errors.length === 0;
  const job = outcome && !outcome.result.dryRun ? outcome.result.job : null;
  const failed = finished?.state === 'FAILED' ? (a.import.failed[failureCode(finished.error) ?? ''] ?? null) : null;

  return (
    <section>
      <PageHeader title={a.import.title} scope={districtName} />
      {!fixedDistrict && (
        <div className="filters">
          {!fixedRegion && <RegionSelect value={pickedRegion} onChange={(v) => setPickedRegion(v || null)} />}
          <DistrictSelect
            regionId={fixedRegion ?? (pickedRegion || null)}
            value={pickedDistrict}
            onChange={(v) => {
              reset();
              setPickedDistrict(v || null);
            }}
          />
        </div>
      )}
      <fieldset className="kind-picker">
        <legend>{a.import.kind}</legend>
        {(['schools', 'enrollment'] as Kind[]).map((k) => (
          <label key={k} className="radio">
            <input
              type="radio"
              name={`${id}-kind`}
              value={k}
              checked={kind === k}
              onChange={() => {
                reset();
                setKind(k === 'schools' ? null : k);
              }}
            />
            {k === 'schools' ? a.import.schools : a.import.enrollment}
          </label>
        ))}
      </fieldset>
      <div className="hint">
        <p>{a.import.columns}:</p>
        <ul>
          {(kind === 'schools' ? a.import.schoolColumns : a.import.enrollmentColumns).map(([column, meaning]) => (
            <li key={column}>
              <code>{column}</code> — {meaning}
            </li>
          ))}
        </ul>
        <p>{a.import.allOrNothing}</p>
      </div>
      <button type="button" className="button secondary" onClick={() => downloadTemplate(kind)}>
        {a.import.template}
      </button>
      {districtId ? (
        <form onSubmit={submit} className="import-form">
          <div className="field">
            <label htmlFor={`${id}-file`}>{a.import.file}</label>
            {/* The browser's own file button speaks the browser's language: ours says it in Russian. */}
            <div className="file-picker">
              <input
                ref={fileRef}
                id={`${id}-file`}
                className="visually-hidden"
                type="file"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                onChange={(e) => {
                  reset();
                  setFile(e.target.files?.[0] ?? null);
                }}
              />
              <label htmlFor={`${id}-file`} className="button secondary" aria-hidden="true">
                {a.import.chooseFile}
              </label>
              <span className="muted">{file ? file.name : a.import.noFileChosen}</span>
            </div>
          </div>
          <div className="form-actions">
            <button type="submit" className="button secondary" disabled={busy !== null}>
              {busy === 'check' ? a.import.checking : a.import.check}
            </button>
            <button type="button" className="button primary" disabled={busy !== null || !checkedOk} onClick={() => void send(false)}>
              {busy === 'run' ? a.import.running : a.import.run}
            </button>
          </div>
        </form>
      ) : (
        <p>{a.district.pickAny}.</p>
      )}
      {localError && (
        <div className="alert alert-error" role="alert">
          {localError}
        </div>
      )}
      {error !== null && <ErrorMessage error={error} />}
      {checkedOk && <Notice>{a.import.checkedOk(outcome.result.rowCount)}</Notice>}
      {errors.length > 0 && (
        <>
          <div className="alert alert-error" role="alert">
            {a.import.checkedErrors(errors.length)}
          </div>
          <TableScroll label={a.import.errorsCaption}>
            <table className="data-table">
              <caption>{a.import.errorsCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{a.import.line}</th>
                  <th scope="col">{a.import.column}</th>
                  <th scope="col">{a.import.problem}</th>
                </tr>
              </thead>
              <tbody>
                {errors.map((e, i) => (
                  <tr key={i}>
                    <td className="number">{e.line}</td>
                    <td>{fieldLabel(e.field)}</td>
                    <td>{problemMessage(e)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
      {job && (
        <>
          {!finished && <Notice>{a.import.started}</Notice>}
          <JobProgress key={job.id} jobId={job.id} label={a.import.jobLabel[kind] ?? ''} onDone={jobDone} />
        </>
      )}
      {failed && (
        <div className="alert alert-error" role="alert">
          {failed}
        </div>
      )}
      {written?.kind === 'SCHOOLS' && <Notice>{a.import.doneSchools(written.schoolsCreated, written.curatorsCreated)}</Notice>}
      {written?.kind === 'ENROLLMENT' && (
        <Notice>{a.import.doneEnrollment(written.enrollmentInserted, written.enrollmentUpdated, written.enrollmentUnchanged)}</Notice>
      )}
      {outcome?.kind === 'enrollment' && outcome.result.rows.length > 0 && errors.length === 0 && (
        <TableScroll label={a.import.planCaption}>
          <table className="data-table">
            <caption>{a.import.planCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{a.import.line}</th>
                <th scope="col">{a.import.school}</th>
                <th scope="col">{a.enrollment.year}</th>
                <th scope="col">{a.enrollment.students}</th>
                <th scope="col">{a.enrollment.mentorBase}</th>
                <th scope="col">{a.import.action}</th>
              </tr>
            </thead>
            <tbody>
              {outcome.result.rows.map((row) => (
                <tr key={row.line}>
                  <td className="number">{row.line}</td>
                  <td>
                    <span className="school-code">{row.schoolCode}</span>
                  </td>
                  <td className="number">{row.year}</td>
                  <td className="number">{formatNumber(row.students)}</td>
                  <td className="number">{formatNumber(row.mentorBase)}</td>
                  <td>{a.import.actions[row.action] ?? row.action}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {written && written.passwordsGenerated > 0 && (written.credentialsWaiting || credentials !== 'idle') && (
        <div className="credentials-download">
          {credentials === 'taken' ? (
            <Notice>{a.import.credentialsTaken}</Notice>
          ) : credentials === 'gone' ? (
            <div className="alert alert-warning" role="note">
              {a.import.credentialsGone}
            </div>
          ) : (
            <>
              <div className="alert alert-warning" role="note">
                {a.import.credentialsHint(written.passwordsGenerated)}
              </div>
              <button
                type="button"
                className="button primary"
                disabled={credentials === 'taking'}
                onClick={() => void takeCredentials(written.jobId)}
              >
                {credentials === 'taking' ? a.import.downloadingCredentials : a.import.downloadCredentials}
              </button>
            </>
          )}
        </div>
      )}
    </section>
  );
}
