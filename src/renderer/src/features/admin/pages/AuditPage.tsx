import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Flex, Input, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader';
import { describeError } from '../../../lib/errors';
import { formatInstant } from '../../../lib/format';
import { api, type LocalOutputs } from '../../../lib/trpc';
import type { Locale } from '../../../../../shared/i18n';
import { downloadBase64 } from '../../imports/lib/file-io';
import { UserSelect } from '../../org/components/UserSelect';
import { useAuditLog } from '../hooks/useAdmin';

type Entry = LocalOutputs['admin']['audit']['list']['items'][number];
type Verdict = LocalOutputs['admin']['audit']['verify'];

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  const [userId, setUserId] = useState<string | undefined>();
  const [action, setAction] = useState('');
  const [entity, setEntity] = useState('');
  const [entityId, setEntityId] = useState('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const filter = {
    userId,
    action: action.trim() || undefined,
    entity: entity.trim() || undefined,
    entityId: entityId.trim() || undefined,
    from: range?.[0]?.startOf('day').toISOString(),
    to: range?.[1]?.endOf('day').toISOString(),
  };
  const log = useAuditLog({ ...filter, page, pageSize });
  // Exports what the filters select (all pages); the server audits the export itself.
  const exportLog = async () => {
    setExporting(true);
    try {
      const file = await api.admin.audit.export.mutate({ ...filter, format: 'xlsx', lang: i18n.language as Locale });
      downloadBase64(file.fileName, file.data);
      void message.success(t('admin.audit.exported', { count: file.rows }));
    } catch (e) {
      void message.error(describeError(t, e));
    } finally {
      setExporting(false);
    }
  };
  const verify = async () => {
    try {
      setVerdict(await api.admin.audit.verify.query());
    } catch (e) {
      void message.error(describeError(t, e));
    }
  };
  const reset = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };

  return (
    <Flex vertical style={{ flex: 1, minHeight: 0 }}>
      <PageHeader
        title={t('admin.audit.title')}
        extra={
          <Space>
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportLog()} data-testid="audit-export">
              {t('admin.audit.export')}
            </Button>
            <Button icon={<SafetyCertificateOutlined />} onClick={() => void verify()} data-testid="audit-verify">
              {t('admin.audit.verify')}
            </Button>
          </Space>
        }
      />
      {verdict && (
        <Alert
          style={{ marginBottom: 12 }}
          type={verdict.ok ? 'success' : 'error'}
          title={verdict.ok ? t('admin.audit.chainOk', { count: verdict.count }) : t('admin.audit.chainBroken', { seq: verdict.seq, reason: verdict.reason })}
          data-testid="audit-verdict"
        />
      )}
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <UserSelect allowClear placeholder={t('admin.audit.user')} value={userId} onChange={(v) => reset(setUserId)(v as string | undefined)} style={{ width: 180 }} />
        <Input allowClear placeholder={t('admin.audit.action')} value={action} onChange={(e) => reset(setAction)(e.target.value)} style={{ width: 180 }} />
        <Input allowClear placeholder={t('admin.audit.entity')} value={entity} onChange={(e) => reset(setEntity)(e.target.value)} style={{ width: 140 }} />
        <Input allowClear placeholder={t('admin.audit.entityId')} value={entityId} onChange={(e) => reset(setEntityId)(e.target.value)} style={{ width: 300 }} />
        <DatePicker.RangePicker value={range} onChange={(v) => reset(setRange)(v)} />
      </Flex>
      <Table<Entry>
        rowKey="seq"
        size="small"
        loading={log.isFetching}
        dataSource={log.data?.items ?? []}
        data-testid="audit-table"
        pagination={{
          current: page,
          pageSize,
          total: log.data?.total ?? 0,
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, s) => {
            setPage(p);
            setPageSize(s);
          },
        }}
        columns={[
          { title: '#', dataIndex: 'seq', width: 80 },
          { title: t('admin.audit.at'), dataIndex: 'at', width: 170, render: (v: string) => formatInstant(v) },
          { title: t('admin.audit.user'), dataIndex: 'username', width: 120, render: (v: string | null) => v ?? t('common.none') },
          { title: t('admin.audit.action'), dataIndex: 'action', width: 180 },
          { title: t('admin.audit.entity'), key: 'entity', width: 200, render: (_: unknown, e) => (e.entity ? `${e.entity} ${e.entityId ?? ''}` : t('common.none')) },
          { title: t('admin.audit.ip'), dataIndex: 'ip', width: 120 },
          {
            title: t('admin.audit.detail'),
            dataIndex: 'detail',
            render: (d: unknown) => (d ? <Typography.Text code style={{ fontSize: 12, wordBreak: 'break-all' }}>{JSON.stringify(d)}</Typography.Text> : null),
          },
        ]}
      />
    </Flex>
  );
}
