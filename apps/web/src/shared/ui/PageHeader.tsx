import { ReactNode } from 'react';
import { useTitle } from '../lib/title';

/** The page's h1 (also the tab title), the name of the district/school/region it is about, and actions. */
export function PageHeader({ title, scope, children }: { title: string; scope?: string | null; children?: ReactNode }) {
  useTitle(scope ? `${title}: ${scope}` : title);
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {scope && <p className="scope-name">{scope}</p>}
      </div>
      {children && <div className="page-actions">{children}</div>}
    </div>
  );
}
