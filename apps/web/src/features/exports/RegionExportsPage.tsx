import { useParams } from 'react-router';
import { t } from '../../i18n';
import { useRegionName } from '../../shared/api/organisation-lookups';
import { PageHeader } from '../../shared/ui/PageHeader';
import { ExportPanel } from './ExportPanel';

export function RegionExportsPage() {
  const { regionId = '' } = useParams();
  const regionName = useRegionName(regionId);
  return (
    <section>
      <PageHeader title={t.exports.regionTitle} scope={regionName} />
      <ExportPanel scope={{ regionId }} forms={['FEDERAL_FORM', 'MONITORING_SUMMARY']} />
    </section>
  );
}
