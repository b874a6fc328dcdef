import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Dropdown } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerListInput } from '../../../../../shared/domain/customer.schema';
import type { Locale } from '../../../../../shared/i18n';
import { describeError } from '../../../lib/errors';
import { api } from '../../../lib/trpc';
import { downloadBase64 } from '../../imports/lib/file-io';

// Exports the list as it is filtered and sorted on screen; the server applies scope and masks.
export function ExportButton({ input }: { input: CustomerListInput }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (format: 'xlsx' | 'csv') => {
    setBusy(true);
    try {
      const { page: _p, pageSize: _s, ...filters } = input;
      const file = await api.exports.customers.mutate({ ...filters, format, lang: i18n.language as Locale });
      downloadBase64(file.fileName, file.data);
      message.success(t('exportList.done', { count: file.rows }));
    } catch (e) {
      message.error(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dropdown
      menu={{
        items: [
          { key: 'xlsx', label: t('exportList.xlsx') },
          { key: 'csv', label: t('exportList.csv') },
        ],
        onClick: ({ key }) => void run(key as 'xlsx' | 'csv'),
      }}
    >
      <Button icon={<DownloadOutlined />} loading={busy} data-testid="export-customers">
        {t('exportList.button')}
      </Button>
    </Dropdown>
  );
}
