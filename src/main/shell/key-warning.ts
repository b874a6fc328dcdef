import fs from 'node:fs';
import path from 'node:path';
import { dialog, type BrowserWindow } from 'electron';
import type { Locale } from '../../shared/i18n';

const TEXT: Record<Locale, { title: string; message: string; detail: string }> = {
  'zh-CN': {
    title: '离线缓存未受系统密钥环保护',
    message: '此电脑没有可用的系统密钥环（如 GNOME Keyring 或 KWallet），离线缓存的密钥无法加密保存。',
    detail: '能读取本账户文件的人即可读取缓存中的客户数据，且每次启动都需要重新登录。请安装并解锁系统密钥环，或联系管理员。',
  },
  en: {
    title: 'Offline cache not protected by a keyring',
    message: 'This computer has no usable OS keyring (such as GNOME Keyring or KWallet), so the offline cache key cannot be stored encrypted.',
    detail: "Anyone who can read this account's files can read the cached customer data, and you will need to sign in again at every start. Install and unlock a keyring, or contact your administrator.",
  },
};

// Said once per data directory (the log says it at every start): on Linux without a keyring,
// safeStorage's fallback protects nothing and the user should know their cache is exposed.
export function warnWeakKeyProtection(win: BrowserWindow, dataDir: string, locale: Locale): void {
  const marker = path.join(dataDir, 'weak-keyring-warned');
  if (fs.existsSync(marker)) return;
  const t = TEXT[locale];
  void dialog.showMessageBox(win, { type: 'warning', title: t.title, message: t.message, detail: t.detail }).then(() => {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(marker, new Date().toISOString());
  });
}
