import type { EntityCatalog, Lang } from './catalog';
import { customerCatalog } from './customer-catalog';
import type { ImportEntity } from './import.schema';
import { contactCatalog, followUpCatalog } from './related-catalogs';

export interface ImportEntityDef {
  catalog: EntityCatalog;
  // Columns a row cannot do without (marked * in the blank template). For contacts and
  // follow-ups the customer may be named by credit code instead of name.
  required: readonly string[];
  // One made-up row for the blank template, per language.
  example: Record<Lang, Record<string, string>>;
}

export const IMPORT_ENTITY_DEFS: Record<ImportEntity, ImportEntityDef> = {
  customers: {
    catalog: customerCatalog,
    required: ['customer.name'],
    example: {
      'zh-CN': {
        'customer.name': '上海示例科技有限公司', 'customer.kind': '企业客户', 'customer.level': 'A类', 'customer.status': '潜在', 'customer.industry': '软件',
        'customer.source': '转介绍', 'customer.tags': '重点, 华东', 'contact.name': '张三', 'contact.mobile': '13800138000', 'customer.owner': 'am1',
      },
      en: {
        'customer.name': 'Example Tech Ltd', 'customer.kind': 'Company', 'customer.level': 'A', 'customer.status': 'Potential', 'customer.industry': 'IT',
        'customer.source': 'Referral', 'customer.tags': 'key, east', 'contact.name': 'Zhang San', 'contact.mobile': '13800138000', 'customer.owner': 'am1',
      },
    },
  },
  contacts: {
    catalog: contactCatalog,
    required: ['customer.name', 'contact.name'],
    example: {
      'zh-CN': { 'customer.name': '上海示例科技有限公司', 'contact.name': '李四', 'contact.title': '采购经理', 'contact.mobile': '13900139000', 'contact.decisionRole': '决策人' },
      en: { 'customer.name': 'Example Tech Ltd', 'contact.name': 'Li Si', 'contact.title': 'Purchasing manager', 'contact.mobile': '13900139000', 'contact.decisionRole': 'Decision maker' },
    },
  },
  followups: {
    catalog: followUpCatalog,
    required: ['customer.name', 'followUp.at', 'followUp.content'],
    example: {
      'zh-CN': { 'customer.name': '上海示例科技有限公司', 'followUp.type': '电话', 'followUp.at': '2026-01-05 14:30', 'followUp.content': '确认报价，下周拜访', 'followUp.nextAt': '2026-01-12' },
      en: { 'customer.name': 'Example Tech Ltd', 'followUp.type': 'Call', 'followUp.at': '2026-01-05 14:30', 'followUp.content': 'Confirmed the quote; visit next week', 'followUp.nextAt': '2026-01-12' },
    },
  },
};
