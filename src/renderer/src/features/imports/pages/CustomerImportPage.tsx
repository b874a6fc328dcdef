import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Radio, Result, Select, Statistic, Steps, Table, Upload } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { Locale } from '../../../../../shared/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { describeError } from '../../../lib/errors';
import { useCan } from '../../../lib/session-context';
import { api, type LocalOutputs } from '../../../lib/trpc';
import { useInvalidate } from '../../../lib/useInvalidate';
import { ImportHistory } from '../components/ImportHistory';
import { ImportProgress, type ImportJobProgress } from '../components/ImportProgress';
import { downloadBase64, readFileBase64 } from '../lib/file-io';

type Preview = LocalOutputs['imports']['preview'];
type Summary = LocalOutputs['imports']['dryRun'];
type Counted = Pick<Summary, 'total' | 'created' | 'updated' | 'skipped' | 'invalid'>;
type Policy = 'skip' | 'update' | 'create';

// Choose a file -> check the columns -> dry run -> import -> summary. Every step asks the
// server, which reads the file again: nothing is half-imported if the window closes.
export function CustomerImportPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const can = useCan();
  const invalidate = useInvalidate();
  const [step, setStep] = useState(0);
  const [busy, setBusy] = useState(false);
  const [file, setFile] = useState<{ fileName: string; data: string } | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [mapping, setMapping] = useState<Record<number, string | null>>({});
  const [policy, setPolicy] = useState<Policy>('skip');
  const [owner, setOwner] = useState<'me' | 'pool'>('me');
  const [dry, setDry] = useState<Summary | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [done, setDone] = useState<ImportJobProgress | null>(null);
  const lang = i18n.language as Locale;
  const onEnd = useCallback(
    (p: ImportJobProgress) => {
      setDone(p);
      void invalidate('customers');
    },
    [invalidate],
  );

  const guarded = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      message.error(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };
  const request = (sheet = preview?.sheet) => ({
    ...file!,
    sheet,
    mapping: Object.entries(mapping).map(([col, field]) => ({ col: Number(col), field })),
    onDuplicate: policy,
    owner: { kind: owner } as const,
  });

  const loadPreview = (f: { fileName: string; data: string }, sheet?: number) =>
    guarded(async () => {
      const p = await api.imports.preview.mutate({ ...f, sheet });
      setFile(f);
      setPreview(p);
      setMapping(Object.fromEntries(p.columns.map((c) => [c.col, c.field])));
      setStep(1);
    });

  const fieldOptions = [
    { value: '', label: t('importWizard.ignore') },
    ...(preview?.fields ?? []).map((f) => ({ value: f.field, label: f.header[lang] })),
  ];
  const errorColumns = [
    { title: t('importWizard.row'), dataIndex: 'row', width: 80 },
    { title: t('importWizard.column'), dataIndex: 'column', width: 160 },
    { title: t('importWizard.reason'), dataIndex: 'reason', render: (r: string) => t(r, { defaultValue: r }) },
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader title={t('importWizard.title')} />
      <Steps
        current={step}
        items={['chooseFile', 'mapping', 'dryRun', 'summary'].map((k) => ({ title: t(`importWizard.steps.${k}`) }))}
      />
      {step === 0 && (
        <Upload.Dragger
          accept=".xlsx,.xls,.csv,.ods"
          showUploadList={false}
          disabled={busy}
          beforeUpload={(f) => {
            void readFileBase64(f).then((data) => loadPreview({ fileName: f.name, data }));
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>{t('importWizard.dropHint')}</p>
          <p style={{ color: '#888' }}>{t('importWizard.limits')}</p>
        </Upload.Dragger>
      )}
      {step === 0 && <ImportHistory />}
      {step === 1 && preview && (
        <Card>
          <Flex vertical gap={12}>
            <Flex gap={12} align="center" wrap>
              <span>{t('importWizard.sheet')}</span>
              <Select
                style={{ minWidth: 160 }}
                value={preview.sheet}
                options={preview.sheets.map((name, i) => ({ value: i, label: name }))}
                onChange={(s) => void loadPreview(file!, s)}
              />
              <span>{t('importWizard.headerAt', { row: preview.headerRow, count: preview.totalRows })}</span>
            </Flex>
            <Table
              size="small"
              rowKey="col"
              pagination={false}
              dataSource={preview.columns}
              columns={[
                { title: t('importWizard.fileColumn'), dataIndex: 'header' },
                { title: t('importWizard.sample'), render: (_, c) => preview.sample[0]?.[c.col] ?? '' },
                {
                  title: t('importWizard.field'),
                  render: (_, c) => (
                    <Select
                      style={{ width: 200 }}
                      value={mapping[c.col] ?? ''}
                      options={fieldOptions}
                      onChange={(v: string) => setMapping((m) => ({ ...m, [c.col]: v || null }))}
                      data-testid={`map-${c.col}`}
                    />
                  ),
                },
              ]}
            />
            <Flex gap={12} align="center" wrap>
              <span>{t('importWizard.onDuplicate')}</span>
              <Radio.Group value={policy} onChange={(e) => setPolicy(e.target.value as Policy)}>
                <Radio value="skip">{t('importWizard.policy.skip')}</Radio>
                {can('customers.edit') && <Radio value="update">{t('importWizard.policy.update')}</Radio>}
                <Radio value="create">{t('importWizard.policy.create')}</Radio>
              </Radio.Group>
              {can('customers.transfer') && (
                <>
                  <span>{t('importWizard.owner')}</span>
                  <Radio.Group value={owner} onChange={(e) => setOwner(e.target.value as 'me' | 'pool')}>
                    <Radio value="me">{t('importWizard.ownerMe')}</Radio>
                    <Radio value="pool">{t('importWizard.ownerPool')}</Radio>
                  </Radio.Group>
                </>
              )}
            </Flex>
            <Flex gap={8}>
              <Button onClick={() => setStep(0)}>{t('common.back')}</Button>
              <Button type="primary" loading={busy} onClick={() => void guarded(async () => {
                setDry(await api.imports.dryRun.mutate(request()));
                setStep(2);
              })}>
                {t('importWizard.runDry')}
              </Button>
            </Flex>
          </Flex>
        </Card>
      )}
      {step === 2 && dry && (
        <Card>
          <Flex vertical gap={12}>
            <Counts s={dry} t={t} />
            {dry.errors.length > 0 && (
              <>
                <Alert type="warning" showIcon message={t('importWizard.invalidHint', { count: dry.invalid })} />
                <Table size="small" rowKey={(e) => `${e.row}:${e.field}`} dataSource={dry.errors} columns={errorColumns} pagination={{ pageSize: 10 }} />
                <Button onClick={() => void guarded(async () => {
                  const r = await api.imports.errorReport.mutate({ ...file!, sheet: preview?.sheet, mapping: request().mapping, lang });
                  downloadBase64(lang === 'en' ? 'import-errors.xlsx' : '导入错误.xlsx', r.data);
                })}>
                  {t('importWizard.errorReport')}
                </Button>
              </>
            )}
            <Flex gap={8}>
              <Button onClick={() => setStep(1)}>{t('common.back')}</Button>
              <Button type="primary" loading={busy} disabled={dry.created + dry.updated === 0} data-testid="import-commit" onClick={() => void guarded(async () => {
                setDone(null);
                setJobId((await api.imports.commit.mutate(request())).jobId);
                setStep(3);
              })}>
                {t('importWizard.commit', { count: dry.created + dry.updated })}
              </Button>
            </Flex>
          </Flex>
        </Card>
      )}
      {step === 3 && jobId && !done && <ImportProgress jobId={jobId} onEnd={onEnd} />}
      {step === 3 && done && (
        <Result
          status={done.status === 'done' ? (done.invalid ? 'warning' : 'success') : done.status === 'cancelled' ? 'info' : 'error'}
          title={t(done.status === 'done' ? 'importWizard.finished' : done.status === 'cancelled' ? 'importWizard.cancelled' : 'importWizard.failed')}
          subTitle={<Counts s={done} t={t} />}
          extra={<Button type="primary" onClick={() => navigate('/customers')}>{t('importWizard.toList')}</Button>}
        />
      )}
    </Flex>
  );
}

function Counts({ s, t }: { s: Counted; t: (k: string) => string }) {
  return (
    <Flex gap={32} data-testid="import-counts">
      <Statistic title={t('importWizard.counts.total')} value={s.total} />
      <Statistic title={t('importWizard.counts.created')} value={s.created} />
      <Statistic title={t('importWizard.counts.updated')} value={s.updated} />
      <Statistic title={t('importWizard.counts.skipped')} value={s.skipped} />
      <Statistic title={t('importWizard.counts.invalid')} value={s.invalid} />
    </Flex>
  );
}
