import { DECISION_ROLES } from '../domain/contact.schema';
import { FOLLOWUP_TYPES } from '../domain/followup.schema';
import type { EntityCatalog } from './catalog';
import { dateColumn, dateTimeColumn, enumColumn, mobileColumn, textColumn } from './column-kinds';

// Rows that belong to a customer name it by name or credit code. No bare "name" synonym here:
// in these sheets "姓名 / name" is the contact.
const customerRef = [
  textColumn('customer.name', { 'zh-CN': '客户名称', en: 'Customer name' }, [
    '客户', '客户名', '所属客户', '公司名称', '公司', '所属公司', '单位名称', '单位', '企业名称', '客户全称', 'customer', 'company', 'company name', 'account',
  ]),
  textColumn('customer.creditCode', { 'zh-CN': '统一社会信用代码', en: 'Credit code' }, [
    '信用代码', '社会信用代码', '客户信用代码', '税号', 'uscc', 'credit code', 'tax id',
  ]),
] as const;

export const contactCatalog: EntityCatalog = {
  entity: 'contacts',
  columns: [
    ...customerRef,
    textColumn('contact.name', { 'zh-CN': '联系人', en: 'Contact' }, ['联系人姓名', '姓名', '名字', 'name', 'contact name', 'contact person']),
    textColumn('contact.title', { 'zh-CN': '职务', en: 'Job title' }, ['职位', '岗位', 'title', 'position', 'job title']),
    textColumn('contact.department', { 'zh-CN': '部门', en: 'Department' }, ['所在部门', 'dept', 'department']),
    mobileColumn('contact.mobile', { 'zh-CN': '手机', en: 'Mobile' }, ['手机号', '手机号码', '移动电话', '联系方式', '联系电话', 'mobile', 'mobile phone', 'cell', 'cellphone']),
    textColumn('contact.phone', { 'zh-CN': '电话', en: 'Phone' }, ['座机', '固定电话', '办公电话', 'telephone', 'tel', 'phone', 'office phone']),
    textColumn('contact.email', { 'zh-CN': '邮箱', en: 'Email' }, ['电子邮箱', '电子邮件', '邮件', 'email', 'e-mail', 'mail']),
    textColumn('contact.wechat', { 'zh-CN': '微信', en: 'WeChat' }, ['微信号', 'wechat', 'weixin', 'wx']),
    dateColumn('contact.birthday', { 'zh-CN': '生日', en: 'Birthday' }, ['出生日期', 'birthday', 'date of birth', 'dob']),
    enumColumn('contact.decisionRole', { 'zh-CN': '决策角色', en: 'Decision role' }, ['角色', 'role'], 'decisionRole', DECISION_ROLES),
    textColumn('contact.remarks', { 'zh-CN': '备注', en: 'Remarks' }, ['说明', 'notes', 'note', 'comment', 'memo']),
  ],
};

export const followUpCatalog: EntityCatalog = {
  entity: 'followups',
  columns: [
    ...customerRef,
    enumColumn('followUp.type', { 'zh-CN': '跟进方式', en: 'Type' }, ['方式', '跟进类型', '类型', '沟通方式', 'type', 'method', 'channel'], 'followUpType', FOLLOWUP_TYPES, {
      call: ['电话沟通', '打电话', 'phone', 'phone call'],
      visit: ['上门', '上门拜访', '面访'],
      meeting: ['开会', '会面'],
      wechat: ['微信沟通'],
    }),
    dateTimeColumn('followUp.at', { 'zh-CN': '跟进时间', en: 'Time' }, ['时间', '日期', '跟进日期', '沟通时间', 'date', 'time', 'when']),
    textColumn('followUp.content', { 'zh-CN': '跟进内容', en: 'Content' }, ['内容', '记录', '跟进记录', '沟通内容', '摘要', 'content', 'notes', 'summary']),
    // A contact of that customer, by name.
    textColumn('followUp.contact', { 'zh-CN': '联系人', en: 'Contact' }, ['联系人姓名', '沟通对象', 'contact', 'contact name']),
    dateColumn('followUp.nextAt', { 'zh-CN': '下次跟进', en: 'Next follow-up' }, ['下次跟进日期', '下次联系', 'next', 'next date', 'next follow up']),
  ],
};
