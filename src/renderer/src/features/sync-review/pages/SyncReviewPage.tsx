import { Badge, Skeleton, Tabs } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { ConflictList } from '../components/ConflictList';
import { RejectedList } from '../components/RejectedList';
import { useConflicts, useRejected, useReviewFollowsSync } from '../hooks/useSyncReview';

// What the offline sync could not settle by itself: fields changed on both sides, and changes
// the server refused. Opened from the sync indicator in the header.
export function SyncReviewPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const conflicts = useConflicts();
  const rejected = useRejected();
  useReviewFollowsSync();
  const nConflicts = conflicts.data?.length ?? 0;
  const nRejected = rejected.data?.length ?? 0;
  const tab = params.get('tab') ?? (nConflicts === 0 && nRejected > 0 ? 'rejected' : 'conflicts');
  const body = (q: typeof conflicts | typeof rejected, render: () => ReactNode) =>
    q.isPending ? <Skeleton active /> : q.isError ? <QueryError error={q.error} onRetry={() => void q.refetch()} /> : render();
  return (
    <div style={{ maxWidth: 1080, width: '100%', margin: '0 auto' }}>
      <PageHeader title={t('syncReview.title')} />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        items={[
          {
            key: 'conflicts',
            label: (
              <Badge count={nConflicts} size="small" offset={[8, 0]}>
                {t('syncReview.conflictsTitle')}
              </Badge>
            ),
            children: body(conflicts, () => <ConflictList conflicts={conflicts.data ?? []} />),
          },
          {
            key: 'rejected',
            label: (
              <Badge count={nRejected} size="small" offset={[8, 0]}>
                {t('syncReview.rejectedTitle')}
              </Badge>
            ),
            children: body(rejected, () => <RejectedList rejected={rejected.data ?? []} />),
          },
        ]}
      />
    </div>
  );
}
