import { AutoComplete, Flex, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export interface ProfileOption {
  id: string;
  name: string;
  url: string;
  lastUsername: string | null;
}

interface Props {
  id?: string;
  value?: string;
  onChange?: (v: string) => void;
  profiles: ProfileOption[];
  onPick: (p: ProfileOption) => void;
  onForget: (p: ProfileOption) => void;
}

// Server address, with the remembered servers offered while typing and listed below it:
// a click picks one, its × forgets it (with the saved sign-in, if any).
export function ServerField({ id, value, onChange, profiles, onPick, onForget }: Props) {
  const { t } = useTranslation();
  const pick = (p: ProfileOption) => {
    onChange?.(p.url);
    onPick(p);
  };
  return (
    <Flex vertical gap={8}>
      <AutoComplete
        id={id}
        value={value}
        onChange={onChange}
        onSelect={(url: string) => {
          const p = profiles.find((x) => x.url === url);
          if (p) onPick(p);
        }}
        options={profiles.map((p) => ({ value: p.url, label: p.url }))}
        placeholder={t('login.serverPlaceholder')}
        data-testid="server-field"
      />
      {profiles.length > 0 && (
        <Flex wrap gap={4} align="center">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('login.rememberedServers')}
          </Typography.Text>
          {profiles.map((p) => (
            <Tooltip key={p.id} title={p.lastUsername ?? undefined}>
              <Tag
                closable
                closeIcon={<span aria-label={t('login.forget')}>×</span>}
                onClose={(e) => {
                  e.preventDefault();
                  onForget(p);
                }}
                onClick={() => pick(p)}
                style={{ cursor: 'pointer', marginInlineEnd: 0 }}
                color={p.url === value ? 'processing' : undefined}
              >
                {p.name || p.url}
              </Tag>
            </Tooltip>
          ))}
        </Flex>
      )}
    </Flex>
  );
}
