import type { Industry } from '../../../src/shared/domain/customer.schema';
import { REGION_TREE, type RegionNode } from '../../../src/shared/domain/regions';

// Word lists the demo generator builds plausible Chinese companies, people and notes from.

export interface DemoCity {
  short: string; // 上海, as it starts a company name
  provinceCode: string;
  cityCode: string;
  cityName: string; // 上海市, for government bodies
  areaCode: string; // telephone area code
  districts: RegionNode[];
  weight: number;
}

// [province, city within it ('市辖区' for the municipalities), short name, area code, weight]
const CITY_SPECS: [string, string, string, string, number][] = [
  ['上海市', '市辖区', '上海', '021', 14],
  ['北京市', '市辖区', '北京', '010', 12],
  ['广东省', '深圳市', '深圳', '0755', 10],
  ['广东省', '广州市', '广州', '020', 9],
  ['浙江省', '杭州市', '杭州', '0571', 9],
  ['江苏省', '苏州市', '苏州', '0512', 6],
  ['江苏省', '南京市', '南京', '025', 5],
  ['四川省', '成都市', '成都', '028', 5],
  ['湖北省', '武汉市', '武汉', '027', 4],
  ['天津市', '市辖区', '天津', '022', 3],
  ['重庆市', '市辖区', '重庆', '023', 3],
  ['陕西省', '西安市', '西安', '029', 3],
  ['浙江省', '宁波市', '宁波', '0574', 3],
  ['福建省', '厦门市', '厦门', '0592', 2],
  ['安徽省', '合肥市', '合肥', '0551', 2],
  ['湖南省', '长沙市', '长沙', '0731', 2],
  ['河南省', '郑州市', '郑州', '0371', 2],
  ['山东省', '青岛市', '青岛', '0532', 2],
  ['江苏省', '无锡市', '无锡', '0510', 2],
  ['广东省', '东莞市', '东莞', '0769', 2],
  ['广东省', '佛山市', '佛山', '0757', 2],
  ['山东省', '济南市', '济南', '0531', 1],
  ['福建省', '福州市', '福州', '0591', 1],
  ['云南省', '昆明市', '昆明', '0871', 1],
  ['辽宁省', '沈阳市', '沈阳', '024', 1],
  ['辽宁省', '大连市', '大连', '0411', 1],
  ['浙江省', '温州市', '温州', '0577', 1],
  ['浙江省', '嘉兴市', '嘉兴', '0573', 1],
  ['浙江省', '绍兴市', '绍兴', '0575', 1],
  ['江苏省', '常州市', '常州', '0519', 1],
];

// Resolved against the national division data, so every code the demo stores is real.
export const DEMO_CITIES: DemoCity[] = CITY_SPECS.map(([provinceName, cityName, short, areaCode, weight]) => {
  const province = REGION_TREE.find((p) => p.name === provinceName);
  const city = province?.children?.find((c) => c.name === cityName);
  if (!province || !city) throw new Error(`demo city ${provinceName}/${cityName} is not in the region data`);
  return {
    short,
    provinceCode: province.code,
    cityCode: city.code,
    cityName: cityName === '市辖区' ? provinceName : cityName,
    areaCode,
    // Only real districts (6 digits); 东莞 lists towns (9 digits) and gets none.
    districts: (city.children ?? []).filter((d) => /^\d{6}$/.test(d.code)),
    weight,
  };
});

export const TRADE_NAME_FIRST = [...'星华恒博瑞宏鼎天金中新海嘉盛汇永东安百诚润宇联信明德'];
export const TRADE_NAME_SECOND = [...'辰信通源达远盛成桥锐纳禾泰丰创航科昌隆和晟澜峰维拓'];

export const INDUSTRY_WORDS: Record<Exclude<Industry, 'government'>, string[]> = {
  manufacturing: ['机械制造', '精密机械', '电子科技', '新材料', '汽车零部件', '包装制品', '五金制品'],
  it: ['信息技术', '网络科技', '软件', '数据科技', '智能科技'],
  finance: ['融资租赁', '投资管理', '商业保理', '资产管理'],
  retail: ['商贸', '连锁超市', '百货', '电子商务'],
  wholesale: ['贸易', '国际贸易', '供应链管理', '进出口'],
  education: ['教育科技', '职业培训', '文化教育'],
  healthcare: ['医疗器械', '生物医药', '健康管理', '医药'],
  construction: ['建设工程', '建筑装饰', '市政工程', '钢结构工程'],
  real_estate: ['置业', '房地产开发', '物业管理'],
  logistics: ['物流', '供应链', '货运代理', '仓储服务'],
  energy: ['新能源', '能源科技', '光伏科技', '电力工程'],
  agriculture: ['农业发展', '生态农业', '食品', '农业科技'],
  media: ['文化传媒', '广告', '影视文化', '品牌管理'],
  hospitality: ['餐饮管理', '酒店管理', '餐饮服务'],
  professional_services: ['企业管理咨询', '人力资源服务', '知识产权代理', '检测技术'],
  other: ['实业', '综合服务'],
};

export const GOVERNMENT_BODIES = [
  '教育局',
  '卫生健康委员会',
  '人力资源和社会保障局',
  '市场监督管理局',
  '交通运输局',
  '住房和城乡建设局',
  '财政局',
  '科学技术局',
  '文化和旅游局',
  '商务局',
];

// The most common surnames, most frequent first (the generator favours the front).
export const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石'];
export const GIVEN_NAME_CHARS = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚华建国志海文晓红玉兰婷宇浩俊鹏欣怡佳晨博思雨嘉子梓一诗琳凯鑫'];

export const COMPANY_TITLES: { title: string; department: string; role: 'decision_maker' | 'influencer' | 'user' | 'gatekeeper' | 'champion' }[] = [
  { title: '总经理', department: '总经办', role: 'decision_maker' },
  { title: '董事长', department: '总经办', role: 'decision_maker' },
  { title: '副总经理', department: '总经办', role: 'influencer' },
  { title: '采购经理', department: '采购部', role: 'gatekeeper' },
  { title: '采购专员', department: '采购部', role: 'gatekeeper' },
  { title: '财务总监', department: '财务部', role: 'influencer' },
  { title: '财务经理', department: '财务部', role: 'influencer' },
  { title: 'IT主管', department: '信息技术部', role: 'user' },
  { title: '信息部经理', department: '信息技术部', role: 'champion' },
  { title: '行政主管', department: '行政部', role: 'user' },
  { title: '技术总监', department: '技术部', role: 'influencer' },
  { title: '项目经理', department: '项目部', role: 'champion' },
  { title: '运营总监', department: '运营部', role: 'influencer' },
];

export const GOVERNMENT_TITLES: typeof COMPANY_TITLES = [
  { title: '副局长', department: '局领导', role: 'decision_maker' },
  { title: '办公室主任', department: '办公室', role: 'gatekeeper' },
  { title: '科长', department: '计划财务科', role: 'influencer' },
  { title: '主任科员', department: '信息中心', role: 'user' },
];

export const ROADS = [
  '人民路', '解放路', '中山路', '建设路', '和平路', '新华路', '长江路', '黄河路', '文化路', '科技路',
  '创业路', '高新大道', '世纪大道', '滨江大道', '学院路', '工业园路', '金融街', '迎宾大道', '光明路', '振兴路',
];

export const CUSTOMER_TAGS = ['高意向', '老客户', '政府采购', '展会线索', '价格敏感', '需上门', '年度框架', '渠道商', 'VIP', '待回款', '竞品在用', '决策周期长'];

export const PRODUCTS = ['ERP系统', '财务软件', '办公设备', '工业传感器', '云服务器', '安防监控系统', '办公家具', '数据分析平台', '物流管理系统', '检测设备'];

// {contact} {product} {month} {amount} {city} are filled in by the generator.
export const FOLLOW_UP_TEMPLATES = [
  '电话联系{contact}，了解{product}的采购计划，对方预计{month}月启动选型。',
  '上门拜访{contact}，演示了{product}，客户对报表功能比较感兴趣，要求提供报价。',
  '发送{product}方案和报价单，总价约{amount}万元，等待客户内部审批。',
  '{contact}反馈预算已批，约定下周到现场做需求调研。',
  '参加客户的项目启动会，确认{product}的实施范围和时间表。',
  '微信沟通合同条款，对方法务对付款方式有异议，需要再协商。',
  '客户暂无需求，{month}月份再跟进。',
  '回访{product}使用情况，{contact}反映运行稳定，提出两个改进建议。',
  '催收第二期款项{amount}万元，财务答复月底前安排支付。',
  '邀请{contact}参加我司在{city}举办的产品交流会，对方表示会派人参加。',
  '竞争对手报价更低，客户在比较，需要申请特价。',
  '节日问候{contact}，顺便了解明年的预算安排。',
  '邮件发送合同初稿，{contact}会在本周内反馈修改意见。',
  '客户更换了对接人，新的负责人是{contact}，已加微信。',
  '陪同技术同事到现场排查{product}的问题，已解决，客户满意。',
];

export const REMARKS = [
  '客户要求开具增值税专用发票。',
  '付款周期较长，注意回款风险。',
  '分支机构较多，采购由总部统一决策。',
  '每年第四季度集中采购。',
  '对售后响应速度要求高。',
  '与我司合作多年，关系稳定。',
];
