import { App, Button, Checkbox, Flex, Input, Select, Switch, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DATA_SCOPES,
  FIELD_VISIBILITIES,
  MODULES,
  SCOPED_MODULES,
  SENSITIVE_FIELDS,
  type FieldVisibility,
  type ModuleName,
  type Permission,
  type DataScope,
  type SensitiveField,
} from '../../../../../shared/permissions/catalog';
import { describeError } from '../../../lib/errors';
import type { LocalOutputs } from '../../../lib/trpc';
import { useAdminActions } from '../hooks/useAdmin';

type Role = LocalOutputs['admin']['roles']['list'][number];
const ACTIONS = [...new Set(Object.values(MODULES).flat())] as string[];

interface Draft {
  name: string;
  permissions: Set<Permission>;
  dataScopes: Partial<Record<(typeof SCOPED_MODULES)[number], DataScope>>;
  fieldRules: Partial<Record<SensitiveField, FieldVisibility>>;
}

// The permission matrix of one role: actions per module (checkboxes), data scope per module,
// visibility per sensitive field. Built-in roles are shown read-only (copy them to change).
export function RoleEditor({ role, onSaved }: { role: Role | null; onSaved: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { createRole, updateRole, setRoleTwoFactor } = useAdminActions();
  const [draft, setDraft] = useState<Draft>(() => fromRole(role));
  useEffect(() => setDraft(fromRole(role)), [role]);
  const readOnly = !!role?.builtIn;

  const toggle = (p: Permission, on: boolean) =>
    setDraft((d) => {
      const permissions = new Set(d.permissions);
      if (on) permissions.add(p);
      else permissions.delete(p);
      return { ...d, permissions };
    });

  const save = async () => {
    const grant = { permissions: [...draft.permissions], dataScopes: draft.dataScopes, fieldRules: draft.fieldRules };
    try {
      const saved = role ? await updateRole.mutateAsync({ id: role.id, name: draft.name, grant }) : await createRole.mutateAsync({ name: draft.name, grant });
      void message.success(t('common.saved'));
      onSaved(saved.id);
    } catch (e) {
      void message.error(describeError(t, e));
    }
  };

  // Applies at once, apart from Save: a sign-in policy, allowed on built-in roles too.
  const requireTwoFactor = async (required: boolean) => {
    if (!role) return;
    try {
      await setRoleTwoFactor.mutateAsync({ id: role.id, required });
      void message.success(t('common.saved'));
    } catch (e) {
      void message.error(describeError(t, e));
    }
  };

  const rows = (Object.keys(MODULES) as ModuleName[]).map((m) => ({ module: m }));
  return (
    <Flex vertical gap={16} data-testid="role-editor">
      <Flex gap={8} align="center">
        <Typography.Text strong>{t('admin.roles.name')}</Typography.Text>
        <Input value={draft.name} disabled={readOnly} onChange={(e) => setDraft({ ...draft, name: e.target.value })} style={{ maxWidth: 320 }} data-testid="role-name" />
      </Flex>
      {role && (
        <Flex gap={8} align="center">
          <Switch
            checked={role.requireTwoFactor}
            loading={setRoleTwoFactor.isPending}
            onChange={(v) => void requireTwoFactor(v)}
            data-testid="role-require-2fa"
          />
          <Typography.Text strong>{t('admin.roles.requireTwoFactor')}</Typography.Text>
          <Typography.Text type="secondary">{t('admin.roles.requireTwoFactorHint')}</Typography.Text>
        </Flex>
      )}
      <Table
        rowKey="module"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t('admin.roles.module'), dataIndex: 'module', render: (m: string) => t(`admin.modules.${m}`) },
          ...ACTIONS.map((a) => ({
            title: t(`admin.actions.${a}`),
            key: a,
            render: (_: unknown, r: { module: ModuleName }) => {
              if (!(MODULES[r.module] as readonly string[]).includes(a)) return null;
              const p = `${r.module}.${a}` as Permission;
              return <Checkbox checked={draft.permissions.has(p)} disabled={readOnly} onChange={(e) => toggle(p, e.target.checked)} data-testid={`perm-${p}`} />;
            },
          })),
        ]}
      />
      <Flex gap={24} wrap>
        {SCOPED_MODULES.map((m) => (
          <Flex key={m} gap={8} align="center">
            <Typography.Text>{t('admin.roles.scopeOf', { module: t(`admin.modules.${m}`) })}</Typography.Text>
            <Select
              style={{ width: 160 }}
              disabled={readOnly}
              value={draft.dataScopes[m] ?? 'own'}
              onChange={(v: DataScope) => setDraft({ ...draft, dataScopes: { ...draft.dataScopes, [m]: v } })}
              options={DATA_SCOPES.map((s) => ({ value: s, label: t(`enums.dataScope.${s}`) }))}
              data-testid={`scope-${m}`}
            />
          </Flex>
        ))}
      </Flex>
      <Flex gap={16} wrap>
        {SENSITIVE_FIELDS.map((f) => (
          <Flex key={f} gap={8} align="center">
            <Typography.Text>{t(`admin.sensitive.${f.replace('.', '_')}`)}</Typography.Text>
            <Select
              style={{ width: 110 }}
              disabled={readOnly}
              value={draft.fieldRules[f] ?? 'visible'}
              onChange={(v: FieldVisibility) => setDraft({ ...draft, fieldRules: { ...draft.fieldRules, [f]: v } })}
              options={FIELD_VISIBILITIES.map((v) => ({ value: v, label: t(`admin.visibility.${v}`) }))}
              data-testid={`field-${f}`}
            />
          </Flex>
        ))}
      </Flex>
      {readOnly ? (
        <Typography.Text type="secondary">{t('admin.roles.builtInHint')}</Typography.Text>
      ) : (
        <Button type="primary" onClick={() => void save()} loading={createRole.isPending || updateRole.isPending} style={{ alignSelf: 'flex-start' }} data-testid="role-save">
          {t('common.save')}
        </Button>
      )}
    </Flex>
  );
}

function fromRole(role: Role | null): Draft {
  return {
    name: role?.name ?? '',
    permissions: new Set(role?.permissions ?? []),
    dataScopes: { customers: 'own', ...role?.dataScopes },
    fieldRules: { ...role?.fieldRules },
  };
}
