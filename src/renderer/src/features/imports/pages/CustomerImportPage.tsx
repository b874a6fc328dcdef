import { FileExcelOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Radio, Result, Segmented, Select, Statistic, Steps, Table, Upload } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { IMPORT_ENTITIES, type ImportEntity, type ImportOwner } from '../../../../../shared/excel/import.schema';
import type { Locale } from '../../../../../shared/i18n';
import { DepartmentSelect } from '../../admin/components/DepartmentSelect';
import { UserSelect } from '../../org/components/UserSelect';
import { PageHeader } from '../../../components/PageHeader';
import { describeError } from '../../../lib/errors';
import { useCan } from '../../../lib/session-context';
import { api, type LocalOutputs } from '../../../lib/trpc';
import { useInvalidate } from '../../../lib/useInvalidate';
import { ImportHistory } from '../components/ImportHistory';
import { ImportProgress, type ImportJobProgress } from '../components/ImportProgress';
import { MappingTemplates } from '../components/MappingTemplates';
import { downloadBase64, readFileBase64 } from '../lib/file-io';

type Preview = LocalOutputs['imports']['preview'];
type Summary = LocalOutputs['imports']['dryRun'];
type Counted = Pick<Summary, 'total' | 'created' | 'updated' | 'skipped' | 'invalid'>;
type Policy = 'skip' | 'update' | 'create';
type OwnerKind = ImportOwner['kind'];
const OWNER_FIELD = 'customer.owner';
// What each entity needs beyond customers.import (the server checks the same).
const CREATE_RIGHT = { customers: 'customers.create', contacts: 'contacts.create', followups: 'followups.create' } as const;

// Choose what to import and a file -> check the columns -> dry run -> import -> summary.
// Every step asks the server, which reads the file again: nothing is half-imported if the
// window closes. Customers, contacts and follow-ups share the wizard (?entity=).
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
  const [params, setParams] = useSearchParams();
  const wanted = params.get('entity') as ImportEntity | null;
  const entity: ImportEntity = wanted && IMPORT_ENTITIES.includes(wanted) ? wanted : 'customers';
  const [owner, setOwner] = useState<OwnerKind>('me');
  const [ownerUser, setOwnerUser] = useState<string | null>(null);
  const [ownerDept, setOwnerDept] = useState<string | null>(null);
  const [dry, setDry] = useState<Summary | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [done, setDone] = useState<ImportJobProgress | null>(null);
  const lang = i18n.language as Locale;
  const onEnd = useCallback(
    (p: ImportJobProgress) => {
      setDone(p);
      void invalidate('customers');
      void invalidate('contacts');
      void invalidate('followUps');
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
  const ownerChoice = (): ImportOwner => {
    if (owner === 'user' && ownerUser) return { kind: 'user', userId: ownerUser };
    if (owner === 'roundRobin' && ownerDept) return { kind: 'roundRobin', departmentId: ownerDept };
    return { kind: owner === 'user' || owner === 'roundRobin' ? 'me' : owner };
  };
  const request = (sheet = preview?.sheet) => ({
    ...file!,
    entity,
    sheet,
    mapping: Object.entries(mapping).map(([col, field]) => ({ col: Number(col), field })),
    onDuplicate: policy,
    owner: ownerChoice(),
  });
  const ownerMapped = Object.values(mapping).includes(OWNER_FIELD);
  const ownerIncomplete = (owner === 'user' && !ownerUser) || (owner === 'roundRobin' && !ownerDept) || (owner === 'column' && !ownerMapped);

  const loadPreview = (f: { fileName: string; data: string }, sheet?: number) =>
    guarded(async () => {
      const p = await api.imports.preview.mutate({ ...f, entity, sheet });
      setFile(f);
      setPreview(p);
      setMapping(Object.fromEntries(p.columns.map((c) => [c.col, c.field])));
      // A file that names owners usually means them.
      if (p.columns.some((c) => c.field === OWNER_FIELD)) setOwner('column');
      if (p.template) message.info(t('importWizard.templateApplied', { name: p.template.name }));
      setStep(1);
    });

  const downloadBlank = () =>
    guarded(async () => {
      const blank = await api.imports.blankTemplate.query({ entity, lang });
      downloadBase64(blank.fileName, blank.data);
    });

  const fieldOptions = [
    { value: '', label: t('importWizard.ignore') },
    ...(preview?.fields ?? []).map((f) => ({ value: f.field, label: `${f.required ? '*' : ''}${f.header[lang]}` })),
  ];
  const errorColumns = [
    { title: t('importWizard.row'), dataIndex: 'row', width: 80 },
    { title: t('importWizard.column'), dataIndex: 'column', width: 160 },
    {
      title: t('importWizard.reason'),
      dataIndex: 'reason',
      render: (r: string, e: Summary['errors'][number]) => t(r, { value: e.value ?? '', defaultValue: r }),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader title={t(`importWizard.titleOf.${entity}`)} />
      <Steps
        current={step}
        items={['chooseFile', 'mapping', 'dryRun', 'summary'].map((k) => ({ title: t(`importWizard.steps.${k}`) }))}
      />
      {step === 0 && (
        <Flex gap={12} align="center" wrap>
          <span>{t('importWizard.entity')}</span>
          <Segmented
            value={entity}
            options={IMPORT_ENTITIES.filter((e) => can(CREATE_RIGHT[e])).map((e) => ({ value: e, label: t(`importWizard.entities.${e}`) }))}
            onChange={(e) => setParams({ entity: String(e) }, { replace: true })}
            data-testid="import-entity"
          />
          <Button icon={<FileExcelOutlined />} onClick={() => void downloadBlank()} data-testid="import-blank">
            {t('importWizard.blankTemplate')}
          </Button>
        </Flex>
      )}
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
          <p style={{ color: '#888' }}>{t(entity === 'customers' ? 'importWizard.limits' : 'importWizard.limitsRelated')}</p>
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
            {preview.template && <Alert type="info" showIcon message={t('importWizard.templateApplied', { name: preview.template.name })} />}
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
              {entity !== 'followups' && (
                <>
                  <span>{t(entity === 'contacts' ? 'importWizard.onDuplicateContact' : 'importWizard.onDuplicate')}</span>
                  <Radio.Group value={policy} onChange={(e) => setPolicy(e.target.value as Policy)}>
                    <Radio value="skip">{t('importWizard.policy.skip')}</Radio>
                    {can(entity === 'contacts' ? 'contacts.edit' : 'customers.edit') && <Radio value="update">{t('importWizard.policy.update')}</Radio>}
                    <Radio value="create">{t('importWizard.policy.create')}</Radio>
                  </Radio.Group>
                </>
              )}
            </Flex>
            {entity === 'customers' && (
              <Flex gap={12} align="center" wrap>
                <span>{t('importWizard.owner')}</span>
                <Radio.Group value={owner} onChange={(e) => setOwner(e.target.value as OwnerKind)} data-testid="import-owner">
                  <Radio value="me">{t('importWizard.ownerMe')}</Radio>
                  <Radio value="column" disabled={!ownerMapped}>{t('importWizard.ownerColumn')}</Radio>
                  {can('customers.transfer') && <Radio value="user">{t('importWizard.ownerUser')}</Radio>}
                  {can('customers.transfer') && <Radio value="roundRobin">{t('importWizard.ownerRoundRobin')}</Radio>}
                  {can('customers.transfer') && <Radio value="pool">{t('importWizard.ownerPool')}</Radio>}
                </Radio.Group>
                {owner === 'user' && (
                  <UserSelect style={{ width: 200 }} placeholder={t('importWizard.pickUser')} value={ownerUser ?? undefined} onChange={(v) => setOwnerUser(v as string)} />
                )}
                {owner === 'roundRobin' && (
                  <DepartmentSelect style={{ width: 220 }} placeholder={t('importWizard.pickDepartment')} value={ownerDept ?? undefined} onChange={(v) => setOwnerDept(v)} />
                )}
              </Flex>
            )}
            <MappingTemplates
              key={preview.template?.id ?? 'none'}
              entity={entity}
              applied={preview.template}
              columns={preview.columns.map((c) => ({ header: c.header, field: mapping[c.col] ?? null }))}
            />
            <Flex gap={8}>
              <Button onClick={() => setStep(0)}>{t('common.back')}</Button>
              <Button type="primary" loading={busy} disabled={ownerIncomplete} data-testid="import-dry-run" onClick={() => void guarded(async () => {
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
                  const r = await api.imports.errorReport.mutate({ ...request(), lang });
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
                {t(entity === 'customers' ? 'importWizard.commit' : 'importWizard.commitRows', { count: dry.created + dry.updated })}
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
          extra={
            <Flex gap={8} justify="center">
              <Button onClick={() => { setStep(0); setPreview(null); setDry(null); setJobId(null); setDone(null); }}>{t('importWizard.again')}</Button>
              <Button type="primary" onClick={() => navigate('/customers')}>{t('importWizard.toList')}</Button>
            </Flex>
          }
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
