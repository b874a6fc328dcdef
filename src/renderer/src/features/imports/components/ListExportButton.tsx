import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Flex, Progress } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../../../shared/i18n';
import { describeError } from '../../../lib/errors';
import { useCan } from '../../../lib/session-context';
import { api, type LocalInputs } from '../../../lib/trpc';
import { downloadBase64 } from '../lib/file-io';

type Format = 'xlsx' | 'csv';
type Start = LocalInputs['exports']['start'];
export type ExportList = Start['list'];
// A list's filters as on screen, without paging and file options.
export type ExportFilters<L extends ExportList> = Omit<Extract<Start, { list: L }>['input'], 'format' | 'lang'>;

const POLL_MS = 400;

// Exports a list as it is filtered on screen. The server gathers the rows in the background
// (scope, masks and the export permission are its business); this shows how far it got,
// offers Cancel, and downloads the file when it is ready.
export function ListExportButton<L extends ExportList>({
  list,
  filters,
  testId,
  size,
}: {
  list: L;
  filters: ExportFilters<L>;
  testId: string;
  size?: 'small' | 'middle';
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const [job, setJob] = useState<{ id: string; percent: number } | null>(null);
  const alive = useRef(true);
  // Set again on mount: StrictMode unmounts and remounts once in development.
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  if (!can('customers.export')) return null;

  const go = async (format: Format) => {
    try {
      const input = { ...filters, format, lang: i18n.language as Locale };
      const { jobId } = await api.exports.start.mutate({ list, input } as Start);
      setJob({ id: jobId, percent: 0 });
      for (;;) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        if (!alive.current) return;
        const p = await api.exports.progress.query({ jobId });
        if (p.status === 'running') {
          setJob({ id: jobId, percent: p.total ? Math.floor((p.done / p.total) * 100) : 0 });
          continue;
        }
        if (p.status === 'done') {
          const file = await api.exports.result.mutate({ jobId });
          downloadBase64(file.fileName, file.data);
          message.success(t(file.truncated ? 'exportList.truncated' : 'exportList.doneRows', { count: file.rows }));
        } else if (p.status === 'cancelled') message.info(t('exportList.cancelled'));
        else message.error(t(`errors.${p.error ?? 'INTERNAL'}`));
        return;
      }
    } catch (e) {
      message.error(describeError(t, e));
    } finally {
      if (alive.current) setJob(null);
    }
  };

  return (
    <Flex gap={8} align="center">
      {job && (
        <>
          <Progress percent={job.percent} size="small" style={{ width: 120, margin: 0 }} data-testid={`${testId}-progress`} />
          <Button size="small" type="link" onClick={() => void api.exports.cancel.mutate({ jobId: job.id })}>
            {t('exportList.cancel')}
          </Button>
        </>
      )}
      {/* On click, like the other header menus: a menu that opens under a passing pointer gets
          in the way of the buttons beside it. */}
      <Dropdown
        trigger={['click']}
        disabled={!!job}
        menu={{
          items: [
            { key: 'xlsx', label: t('exportList.xlsx') },
            { key: 'csv', label: t('exportList.csv') },
          ],
          onClick: ({ key }) => void go(key as Format),
        }}
      >
        <Button size={size} icon={<DownloadOutlined />} loading={!!job} data-testid={testId}>
          {t('exportList.button')}
        </Button>
      </Dropdown>
    </Flex>
  );
}
