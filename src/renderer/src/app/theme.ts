import type { ThemeConfig } from 'antd';

// System UI fonts first, then the common Chinese faces on Windows, macOS and Linux.
const FONT =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif";

export const appTheme: ThemeConfig = {
  token: { fontFamily: FONT, colorPrimary: '#1f6feb', borderRadius: 6 },
  components: {
    Layout: { headerBg: '#ffffff', siderBg: '#ffffff', headerPadding: '0 20px', headerHeight: 56 },
    Table: { headerBg: '#fafbfc' },
  },
};
