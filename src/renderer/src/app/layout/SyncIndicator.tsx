import { CloudOutlined, DisconnectOutlined, ExclamationCircleFilled, SyncOutlined } from '@ant-design/icons';
import { Badge, Flex, Progress, Tooltip, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { formatInstant } from '../../lib/format';
import { api, type LocalOutputs } from '../../lib/trpc';

type SyncStatus = LocalOutputs['sync']['status'];

const RETRY_MS = 5_000;

// The offline cache's sync in the header: online / offline / syncing, changes not yet on the
// server, and (tooltip) when it last synced. Follows the core's status feed; a broken feed is
// reopened after a pause.
export function SyncIndicator() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const qc = useQueryClient();
  const lastState = useRef<SyncStatus['state'] | null>(null);
  // Back from offline: what failed to load meanwhile (pages do not retry an unreachable server
  // themselves) loads again now.
  useEffect(() => {
    if (!status) return;
    if (lastState.current === 'offline' && status.state !== 'offline') {
      void qc.refetchQueries({ predicate: (q) => q.state.status === 'error' });
    }
    lastState.current = status.state;
  }, [status, qc]);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let sub: { unsubscribe(): void } | undefined;
    const retry = () => {
      if (stopped) return;
      sub?.unsubscribe();
      clearTimeout(timer);
      timer = setTimeout(open, RETRY_MS);
    };
    const open = () => {
      sub = api.sync.onStatus.subscribe(undefined, { onData: (s) => setStatus(s as SyncStatus), onError: retry, onComplete: retry });
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      sub?.unsubscribe();
    };
  }, []);
  if (!status) return null;

  const icon =
    status.state === 'syncing' ? <SyncOutlined spin /> : status.state === 'online' ? <CloudOutlined style={{ color: '#52c41a' }} /> : <DisconnectOutlined style={{ color: '#faad14' }} />;
  const lines = [
    t(`sync.state.${status.state}`),
    status.pending ? t('sync.pending', { count: status.pending }) : t('sync.nothingPending'),
    status.lastSyncAt ? t('sync.lastSync', { time: formatInstant(status.lastSyncAt) }) : t('sync.neverSynced'),
  ];
  const first = status.firstSync;
  const percent = first ? Math.floor((100 * first.done) / Math.max(first.total, 1)) : 0;
  if (first) lines.unshift(t('sync.firstSyncDetail', { done: first.done.toLocaleString(), total: first.total.toLocaleString() }));
  if (status.conflicts) lines.push(t('sync.conflicts', { count: status.conflicts }));
  if (status.rejected) lines.push(t('sync.rejected', { count: status.rejected }));
  // Conflicts and refused changes wait for the user: a badge, and a click opens their review.
  const toReview = status.conflicts + status.rejected;
  if (toReview) lines.push(t('syncReview.open'));
  return (
    <Tooltip title={lines.map((l) => <div key={l}>{l}</div>)}>
      <Flex
        align="center"
        gap={6}
        role="button"
        tabIndex={0}
        style={{ padding: '0 8px', cursor: 'pointer' }}
        data-testid="sync-indicator"
        data-state={status.state}
        onClick={() => navigate('/sync-review')}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') navigate('/sync-review');
        }}
      >
        <Badge count={status.pending} size="small" offset={[2, -2]}>
          {icon}
        </Badge>
        {first ? (
          <Flex align="center" gap={6} data-testid="first-sync-progress">
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('sync.firstSync', { percent })}
            </Typography.Text>
            <Progress percent={percent} size={[60, 6]} showInfo={false} />
          </Flex>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`sync.state.${status.state}`)}
          </Typography.Text>
        )}
        {toReview > 0 && (
          <Badge count={toReview} size="small" data-testid="sync-review-badge" title={t('syncReview.title')}>
            <ExclamationCircleFilled style={{ color: '#ff4d4f' }} />
          </Badge>
        )}
      </Flex>
    </Tooltip>
  );
}
