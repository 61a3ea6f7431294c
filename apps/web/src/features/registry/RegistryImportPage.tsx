import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useParams } from 'react-router';
import { t } from '../../i18n';
import { useApiMutation } from '../../shared/api/hooks';
import { useSchool } from '../../shared/api/organisation-lookups';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { Notice } from '../../shared/ui/Notice';
import { PageHeader } from '../../shared/ui/PageHeader';
import { TableScroll } from '../../shared/ui/TableScroll';
import { useSession } from '../auth/session';
import { IMPORT_REGISTRY, REGISTRY_EXPORT, RegistryImportResult } from './registry-operations';

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The school's spreadsheet in (check first, then all or nothing) and its own registry out. */
export function RegistryImportPage() {
  const { schoolId = '' } = useParams();
  const school = useSchool(schoolId);
  const session = useSession();
  const queryClient = useQueryClient();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<RegistryImportResult | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const run = useApiMutation(IMPORT_REGISTRY, {
    onSuccess: (data) => {
      setResult(data.importRegistry);
      if (data.importRegistry.imported) void queryClient.invalidateQueries();
    },
  });

  async function send(dryRun: boolean) {
    if (!file) return;
    setResult(null);
    run.mutate({ input: { schoolId, fileName: file.name, contentBase64: await base64Of(file), dryRun } });
  }

  async function download() {
    setExportError(null);
    try {
      const { registryExport } = await session.request(REGISTRY_EXPORT, { schoolId });
      const bytes = Uint8Array.from(atob(registryExport.contentBase64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = registryExport.fileName;
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setExportError(error);
    }
  }

  return (
    <section>
      <PageHeader title={t.registry.importTitle} scope={school ? `${school.code} — ${school.name}` : null} />
      <p>{t.registry.importIntro}</p>
      <div className="field">
        <label htmlFor={`${id}-file`}>{t.registry.file}</label>
        {/* The browser's own file button speaks the browser's language: ours says it in Russian. */}
        <div className="file-picker">
          <input
            id={`${id}-file`}
            className="visually-hidden"
            type="file"
            accept=".csv,.xlsx"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
          <label htmlFor={`${id}-file`} className="button secondary" aria-hidden="true">
            {t.registry.chooseFile}
          </label>
          <span className="muted">{file ? file.name : t.registry.noFileChosen}</span>
        </div>
      </div>
      <div className="form-actions">
        <button type="button" className="button secondary" disabled={!file || run.isPending} onClick={() => void send(true)}>
          {t.registry.check}
        </button>
        <button type="button" className="button primary" disabled={!file || run.isPending} onClick={() => void send(false)}>
          {t.registry.import}
        </button>
      </div>
      {run.error && <ErrorMessage error={run.error} />}
      {result && (
        <div role="status">
          <p>{t.registry.checked(result.rowCount, result.participants, result.mentorings)}</p>
          {result.errors.length > 0 ? (
            <>
              <Notice kind="warning">{t.registry.importErrors(result.errors.length)}</Notice>
              <TableScroll label={t.registry.importErrors(result.errors.length)}>
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col" className="num">
                        {t.registry.errorLine}
                      </th>
                      <th scope="col">{t.registry.errorField}</th>
                      <th scope="col">{t.registry.errorMessage}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.errors.map((e, i) => (
                      <tr key={i}>
                        <td className="num">{e.line}</td>
                        <td>{e.field}</td>
                        <td lang="en">{e.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </>
          ) : (
            result.imported && <Notice>{t.registry.imported}</Notice>
          )}
        </div>
      )}
      <h2>{t.registry.export}</h2>
      <button type="button" className="button secondary" onClick={() => void download()}>
        {t.registry.export}
      </button>
      {exportError !== null && <ErrorMessage error={exportError} />}
    </section>
  );
}
