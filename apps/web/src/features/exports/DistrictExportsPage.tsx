import { useParams } from 'react-router';
import { t } from '../../i18n';
import { useDistrictName } from '../../shared/api/organisation-lookups';
import { PageHeader } from '../../shared/ui/PageHeader';
import { ExportPanel } from './ExportPanel';

export function DistrictExportsPage() {
  const { districtId = '' } = useParams();
  const districtName = useDistrictName(districtId);
  return (
    <section>
      <PageHeader title={t.exports.title} scope={districtName} />
      <ExportPanel scope={{ districtId }} forms={['TARGET_PLAN', 'MONITORING_SUMMARY', 'ROADMAP_MATRIX']} />
    </section>
  );
}
