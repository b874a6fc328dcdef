import { theme } from 'antd';

export function AppLogo({ size = 24 }: { size?: number }) {
  const { token } = theme.useToken();
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden style={{ flexShrink: 0 }}>
      <rect width="32" height="32" rx="8" fill={token.colorPrimary} />
      <circle cx="13" cy="12" r="5" fill="#fff" />
      <path d="M4 26c1.5-5 5-7.5 9-7.5s7.5 2.5 9 7.5z" fill="#fff" />
      <circle cx="23" cy="13" r="3.5" fill="#fff" opacity="0.7" />
      <path d="M20 19.5c3.5 0 6.4 2 7.6 6.5H23c-.5-2.6-1.5-4.8-3-6.5z" fill="#fff" opacity="0.7" />
    </svg>
  );
}
