import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useId, useRef, useState } from 'react';
import { formatNumber, t } from '../../i18n';
import { useDistrictName } from '../../shared/api/organisation-lookups';
import { fieldLabel, problemMessage } from '../../shared/lib/problems';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { Notice } from '../../shared/ui/Notice';
import { PageHeader } from '../../shared/ui/PageHeader';
import { TableScroll } from '../../shared/ui/TableScroll';
import { useSession, useUser } from '../auth/session';
import { EnrollmentImportResult, IMPORT_ENROLLMENT, IMPORT_SCHOOLS, ImportRowError, SchoolImportResult } from './admin-operations';
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
  const id = useId();

  function reset() {
    setOutcome(null);
    setError(null);
    setLocalError(null);
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
      if (!dryRun) void queryClient.invalidateQueries();
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

  const errors: ImportRowError[] = outcome?.result.errors ?? [];
  const checkedOk = outcome && outcome.result.dryRun && errors.length === 0;
  const done = outcome && !outcome.result.dryRun && errors.length === 0;

  return (
    <section>
      <PageHeader title={a.import.title} scope={districtName} />
      {!fixedDistrict && (
        <div className="filters">
          {!fixedRegion && <RegionSelect value={pickedRegion} onChange={(v) => setPickedRegion(v || null)} />}
          <DistrictSelect regionId={fixedRegion ?? (pickedRegion || null)} value={pickedDistrict} onChange={(v) => { reset(); setPickedDistrict(v || null); }} />
        </div>
      )}
      <fieldset className="kind-picker">
        <legend>{a.import.kind}</legend>
        {(['schools', 'enrollment'] as Kind[]).map((k) => (
          <label key={k} className="radio">
            <input type="radio" name={`${id}-kind`} value={k} checked={kind === k} onChange={() => { reset(); setKind(k === 'schools' ? null : k); }} />
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
      {done && outcome.kind === 'schools' && <Notice>{a.import.doneSchools(outcome.result.schoolsCreated, outcome.result.curatorsCreated)}</Notice>}
      {done && outcome.kind === 'enrollment' && (
        <Notice>{a.import.doneEnrollment(outcome.result.inserted, outcome.result.updated, outcome.result.unchanged)}</Notice>
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
      {done && outcome.kind === 'schools' && outcome.result.credentials.length > 0 && (
        <>
          <div className="alert alert-warning" role="note">
            {a.import.credentialsHint}
          </div>
          <TableScroll label={a.import.credentialsCaption}>
            <table className="data-table">
              <caption>{a.import.credentialsCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{a.import.school}</th>
                  <th scope="col">{a.user.email}</th>
                  <th scope="col">{a.user.password}</th>
                </tr>
              </thead>
              <tbody>
                {outcome.result.credentials.map((c) => (
                  <tr key={c.line}>
                    <td>
                      <span className="school-code">{c.schoolCode}</span>
                    </td>
                    <td className="wrap-anywhere">{c.email}</td>
                    <td>
                      <code className="secret">{c.password}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </section>
  );
}
