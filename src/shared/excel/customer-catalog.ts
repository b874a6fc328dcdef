import { DECISION_ROLES } from '../domain/contact.schema';
import { CUSTOMER_KINDS, CUSTOMER_LEVELS, CUSTOMER_SOURCES, CUSTOMER_STATUSES, INDUSTRIES } from '../domain/customer.schema';
import type { EntityCatalog } from './catalog';
import { dateColumn, enumColumn, listColumn, mobileColumn, textColumn } from './column-kinds';

// Customers with their primary contact, one row each: the columns staff lists carry.
export const customerCatalog: EntityCatalog = {
  entity: 'customers',
  columns: [
    textColumn('customer.name', { 'zh-CN': '客户名称', en: 'Customer name' }, [
      '客户', '客户名', '公司名称', '公司', '公司名', '单位名称', '单位', '企业名称', '企业', '名称', '客户全称', '公司全称',
      'customer', 'company', 'company name', 'name', 'account', 'account name',
    ]),
    enumColumn('customer.kind', { 'zh-CN': '类型', en: 'Kind' }, ['客户类型', '客户性质', 'type', 'customer type'], 'kind', CUSTOMER_KINDS, {
      company: ['企业', '公司', '单位', '法人'],
      individual: ['个人', '自然人', 'person'],
    }),
    textColumn('customer.creditCode', { 'zh-CN': '统一社会信用代码', en: 'Credit code' }, [
      '信用代码', '社会信用代码', '统一信用代码', '税号', '纳税人识别号', '组织机构代码', 'uscc', 'credit code', 'tax id', 'tax number',
    ]),
    enumColumn('customer.level', { 'zh-CN': '客户级别', en: 'Level' }, ['级别', '客户等级', '等级', '客户分级', 'grade', 'rating', 'customer level'], 'level', CUSTOMER_LEVELS, {
      A: ['重要', 'important'],
      B: ['普通', 'regular'],
      C: ['一般', 'minor'],
      D: ['低价值', 'low value'],
    }),
    enumColumn('customer.status', { 'zh-CN': '客户状态', en: 'Status' }, ['状态', '客户阶段', '阶段', 'stage', 'customer status'], 'status', CUSTOMER_STATUSES, {
      potential: ['意向', '潜在', 'prospect', 'lead'],
      active: ['已成交', '合作中', 'customer'],
      key: ['重点', 'vip'],
      dormant: ['沉睡', 'inactive'],
      lost: ['已流失', 'churned'],
    }),
    enumColumn('customer.industry', { 'zh-CN': '行业', en: 'Industry' }, ['所属行业', '行业类别', 'sector'], 'industry', INDUSTRIES, {
      it: ['IT', '互联网', '软件', '计算机'],
      manufacturing: ['制造', '工业'],
      wholesale: ['批发', '贸易'],
      healthcare: ['医疗', '医药'],
      construction: ['建筑'],
      logistics: ['物流', '运输'],
    }),
    enumColumn('customer.source', { 'zh-CN': '客户来源', en: 'Source' }, ['来源', '获客渠道', '渠道', 'lead source', 'channel'], 'source', CUSTOMER_SOURCES, {
      referral: ['转介绍', '介绍'],
      website: ['网站', '官方网站'],
      cold_call: ['电销', '陌拜'],
    }),
    textColumn('customer.address', { 'zh-CN': '详细地址', en: 'Address' }, ['地址', '公司地址', '单位地址', '通讯地址', '注册地址', '办公地址', 'address', 'street']),
    textColumn('customer.phone', { 'zh-CN': '电话', en: 'Phone' }, ['公司电话', '单位电话', '座机', '总机', '固定电话', 'telephone', 'tel', 'company phone', 'office phone']),
    textColumn('customer.website', { 'zh-CN': '网址', en: 'Website' }, ['网站', '官网', '主页', 'url', 'web', 'homepage']),
    listColumn('customer.tags', { 'zh-CN': '标签', en: 'Tags' }, ['客户标签', 'tag', 'labels']),
    // Read only when the import gives each row the owner its file names (owner mode "column").
    textColumn('customer.owner', { 'zh-CN': '负责人', en: 'Owner' }, [
      '客户负责人', '归属人', '归属销售', '所属销售', '销售', '销售员', '业务员', '客户经理', '跟进人', 'owner', 'sales', 'sales rep', 'account manager', 'account owner',
    ]),
    textColumn('customer.remarks', { 'zh-CN': '备注', en: 'Remarks' }, ['说明', '备注信息', '客户备注', 'notes', 'note', 'comment', 'comments', 'memo']),
    textColumn('contact.name', { 'zh-CN': '联系人', en: 'Contact' }, [
      '联系人姓名', '姓名', '联系人名称', '主要联系人', '首要联系人', '负责人姓名', 'contact name', 'contact person', 'primary contact',
    ]),
    textColumn('contact.title', { 'zh-CN': '职务', en: 'Job title' }, ['职位', '联系人职务', '联系人职位', '岗位', 'title', 'position', 'job title']),
    textColumn('contact.department', { 'zh-CN': '部门', en: 'Department' }, ['联系人部门', '所在部门', 'dept', 'department']),
    mobileColumn('contact.mobile', { 'zh-CN': '手机', en: 'Mobile' }, [
      '手机号', '手机号码', '联系电话', '联系方式', '联系人手机', '联系人电话', '移动电话', '电话号码', 'mobile', 'mobile phone', 'cell', 'cellphone', 'phone number',
    ]),
    textColumn('contact.email', { 'zh-CN': '邮箱', en: 'Email' }, ['电子邮箱', '电子邮件', '邮件', '联系人邮箱', 'email', 'e-mail', 'mail']),
    textColumn('contact.wechat', { 'zh-CN': '微信', en: 'WeChat' }, ['微信号', '联系人微信', 'wechat', 'weixin', 'wx']),
    dateColumn('contact.birthday', { 'zh-CN': '生日', en: 'Birthday' }, ['出生日期', '联系人生日', 'birthday', 'date of birth', 'dob']),
    enumColumn('contact.decisionRole', { 'zh-CN': '决策角色', en: 'Decision role' }, ['角色', '联系人角色', 'role'], 'decisionRole', DECISION_ROLES),
  ],
};
