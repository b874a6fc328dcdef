import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { Locale } from '../../shared/i18n';

const LABELS = {
  'zh-CN': {
    app: '客户关系管理', file: '文件', quit: '退出', edit: '编辑', undo: '撤销', redo: '重做', cut: '剪切', copy: '复制',
    paste: '粘贴', selectAll: '全选', view: '视图', reload: '重新加载', zoomIn: '放大', zoomOut: '缩小', resetZoom: '实际大小',
    fullscreen: '全屏', devTools: '开发者工具', window: '窗口', minimize: '最小化', close: '关闭窗口', help: '帮助', about: '关于',
  },
  en: {
    app: 'CRM', file: 'File', quit: 'Quit', edit: 'Edit', undo: 'Undo', redo: 'Redo', cut: 'Cut', copy: 'Copy',
    paste: 'Paste', selectAll: 'Select All', view: 'View', reload: 'Reload', zoomIn: 'Zoom In', zoomOut: 'Zoom Out',
    resetZoom: 'Actual Size', fullscreen: 'Full Screen', devTools: 'Developer Tools', window: 'Window', minimize: 'Minimize',
    close: 'Close Window', help: 'Help', about: 'About',
  },
} satisfies Record<Locale, Record<string, string>>;

// The standard menu in the user's language (macOS needs one for copy/paste shortcuts to work).
export function buildAppMenu(locale: Locale, opts: { devTools: boolean; isMac: boolean }): Menu {
  const l = LABELS[locale];
  const template: MenuItemConstructorOptions[] = [
    ...(opts.isMac ? [{ label: l.app, submenu: [{ role: 'about' as const, label: l.about }, { type: 'separator' as const }, { role: 'quit' as const, label: l.quit }] }] : []),
    { label: l.file, submenu: [opts.isMac ? { role: 'close', label: l.close } : { role: 'quit', label: l.quit }] },
    {
      label: l.edit,
      submenu: [
        { role: 'undo', label: l.undo },
        { role: 'redo', label: l.redo },
        { type: 'separator' },
        { role: 'cut', label: l.cut },
        { role: 'copy', label: l.copy },
        { role: 'paste', label: l.paste },
        { role: 'selectAll', label: l.selectAll },
      ],
    },
    {
      label: l.view,
      submenu: [
        { role: 'reload', label: l.reload },
        ...(opts.devTools ? [{ role: 'toggleDevTools' as const, label: l.devTools }] : []),
        { type: 'separator' },
        { role: 'resetZoom', label: l.resetZoom },
        { role: 'zoomIn', label: l.zoomIn },
        { role: 'zoomOut', label: l.zoomOut },
        { type: 'separator' },
        { role: 'togglefullscreen', label: l.fullscreen },
      ],
    },
    { label: l.window, submenu: [{ role: 'minimize', label: l.minimize }, { role: 'close', label: l.close }] },
  ];
  return Menu.buildFromTemplate(template);
}
