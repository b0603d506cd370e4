/**
 * antd's own texts (pagination, pickers, empty states) in the chosen language.
 */
import type { Locale } from 'antd/es/locale/index.js';
import enUSModule from 'antd/es/locale/en_US.js';
import zhCNModule from 'antd/es/locale/zh_CN.js';
import type { Lang } from '../../../plugin/index.js';

// antd publishes no package "exports", so TypeScript (NodeNext) types these ES files as
// CommonJS and sees `{ default: Locale }`, while Vite hands over the Locale itself.
const unwrap = (mod: unknown): Locale =>
  (typeof mod === 'object' && mod !== null && 'default' in mod ? (mod as { default: Locale }).default : mod) as Locale;

export const antdLocales: Record<Lang, Locale> = { zh: unwrap(zhCNModule), en: unwrap(enUSModule) };

export const htmlLang: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };
