import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Flex, Input, Popconfirm, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportEntity } from '../../../../../shared/excel/import.schema';
import { describeError } from '../../../lib/errors';
import { api } from '../../../lib/trpc';

interface Props {
  entity: ImportEntity;
  // The file's columns with the field each is mapped to now.
  columns: { header: string; field: string | null }[];
  // The template the server applied to this file, if any.
  applied: { id: string; name: string } | null;
}

// Save the mapping on screen under a name, and see / delete the saved ones. A saved mapping is
// applied by the server to any later file with the same headers.
export function MappingTemplates({ entity, columns, applied }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [name, setName] = useState(applied?.name ?? '');
  const key = ['imports', 'templates', entity];
  const list = useQuery({ queryKey: key, queryFn: () => api.imports.templates.query({ entity }) });
  const refresh = () => void qc.invalidateQueries({ queryKey: key });
  const save = useMutation({
    mutationFn: () => api.imports.saveTemplate.mutate({ entity, name, columns }),
    onSuccess: () => {
      void message.success(t('importWizard.templateSaved'));
      refresh();
    },
    onError: (e) => void message.error(describeError(t, e)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.imports.deleteTemplate.mutate({ id }),
    onSuccess: refresh,
    onError: (e) => void message.error(describeError(t, e)),
  });
  return (
    <Flex gap={8} align="center" wrap data-testid="mapping-templates">
      <span>{t('importWizard.templates')}</span>
      {(list.data ?? []).map((tpl) => (
        <Tag key={tpl.id} color={tpl.id === applied?.id ? 'blue' : undefined}>
          {tpl.name}
          <Popconfirm title={t('importWizard.deleteTemplate')} onConfirm={() => remove.mutate(tpl.id)}>
            <DeleteOutlined style={{ marginInlineStart: 6, cursor: 'pointer' }} aria-label={t('importWizard.deleteTemplate')} />
          </Popconfirm>
        </Tag>
      ))}
      <Input
        style={{ width: 180 }}
        maxLength={60}
        placeholder={t('importWizard.templateName')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        data-testid="template-name"
      />
      <Button icon={<SaveOutlined />} disabled={!name.trim()} loading={save.isPending} onClick={() => save.mutate()} data-testid="template-save">
        {t('importWizard.saveTemplate')}
      </Button>
    </Flex>
  );
}
