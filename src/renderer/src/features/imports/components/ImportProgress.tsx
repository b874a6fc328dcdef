import { Button, Card, Flex, Progress, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type LocalOutputs } from '../../../lib/trpc';

export type ImportJobProgress = LocalOutputs['imports']['progress'];

// The commit runs on the server; this polls it until it ends. Leaving the page does not stop
// it (the history lists it); Cancel stops it after the batch in progress.
export function ImportProgress({ jobId, onEnd }: { jobId: string; onEnd: (p: ImportJobProgress) => void }) {
  const { t } = useTranslation();
  const progress = useQuery({
    queryKey: ['imports', 'progress', jobId],
    queryFn: () => api.imports.progress.query({ jobId }),
    refetchInterval: (q) => (q.state.data && q.state.data.status !== 'running' ? false : 500),
  });
  const cancel = useMutation({ mutationFn: () => api.imports.cancel.mutate({ jobId }) });
  const p = progress.data;
  useEffect(() => {
    if (p && p.status !== 'running') onEnd(p);
  }, [p, onEnd]);
  const percent = p && p.total ? Math.floor((p.done / p.total) * 100) : 0;
  return (
    <Card>
      <Flex vertical gap={12} data-testid="import-progress">
        <Typography.Text strong>{t(cancel.isSuccess ? 'importWizard.cancelling' : 'importWizard.running')}</Typography.Text>
        <Progress percent={percent} status="active" />
        <Typography.Text type="secondary">
          {t('importWizard.rowsDone', { done: p?.done ?? 0, total: p?.total ?? 0 })}
          {p?.etaSeconds != null && ` · ${t('importWizard.timeLeft', { seconds: p.etaSeconds })}`}
        </Typography.Text>
        <Flex>
          <Button danger loading={cancel.isPending} disabled={cancel.isSuccess} onClick={() => cancel.mutate()} data-testid="import-cancel">
            {t('importWizard.cancel')}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}
