import type { Messages } from './en.ts';

/** 简体中文. The type makes a missing or extra key a compile error. */
export const zh: Messages = {
  app: { name: '店账', language: '语言', help: '帮助', loading: '加载中…', retry: '重试', empty: '暂无内容', save: '保存', cancel: '取消', close: '关闭', search: '搜索', all: '全部', yes: '是', no: '否', shortcuts: '快捷键', loadMore: '正在加载更多…', saved: '已保存' },
  nav: { home: '首页', orders: '订单', newOrder: '新建订单', products: '商品', stock: '库存', customers: '客户', settings: '设置' },
  errors: {
    invalid: '请检查此项',
    not_found: '未找到，可能已在别处被修改',
    conflict: '当前状态下不能执行此操作',
    insufficient_stock: '库存不足',
    insufficientStock: '{{sku}} 库存不足：可用 {{available}}',
    forbidden: '您没有执行此操作的权限',
    internal: '出现问题，未做任何更改',
    network: '无法连接账本，未做任何更改',
    loadFailed: '无法加载',
    required: '必填',
    money: '请输入金额，例如 12.50',
  },
  status: { draft: '草稿', pending_approval: '待审批', approved: '已审批', picking: '拣货中', packed: '已打包', partially_shipped: '部分发货', shipped: '已发货', delivered: '已送达', completed: '已完成', cancelled: '已取消' },
  home: { title: '今日', toApprove: '待审批', toPick: '待拣货', toShip: '待发货', lowStock: '库存不足', todaySales: '今日销售额', ordersToday: '今日 {{count}} 笔订单', noLowStock: '暂无库存不足的商品', open: '打开' },
  orders: {
    title: '订单', number: '单号', date: '日期', customer: '客户', status: '状态', channel: '渠道', warehouse: '仓库', total: '金额',
    searchPlaceholder: '单号、客户、货号…', dateRange: '日期', newest: '最新在前', oldest: '最早在前', count: '已显示 {{count}} 条', more: '下方还有更多',
    filters: '筛选', clear: '清除筛选', views: '已存视图', saveView: '保存视图', viewName: '视图名称',
  },
  entry: {
    title: '新建订单', editTitle: '编辑订单 {{number}}', customer: '客户', customerPlaceholder: '输入姓名、编号或电话', newCustomer: '新建客户', warehouse: '仓库',
    scan: '添加商品', scanPlaceholder: '扫描条码或输入货号、名称后按回车', notFound: '没有与“{{term}}”匹配的商品',
    sku: '货号', product: '商品', quantity: '数量', price: '单价', discount: '折扣 %', available: '可用', lineTotal: '小计', remove: '删除此行',
    oversell: '仅可用 {{available}}', oversellWarning: '部分商品数量超过可用库存。到货之前确认将会失败。',
    orderDiscount: '整单优惠', notes: '备注', subtotal: '商品合计', discounts: '优惠', net: '不含税', tax: '税额', gross: '总计', taxAt: '税率 {{rate}}',
    saveDraft: '保存草稿', confirm: '确认订单', noLines: '请至少添加一个商品', savedDraft: '草稿 {{number}} 已保存', confirmed: '订单 {{number}}：{{status}}',
  },
  detail: {
    title: '订单 {{number}}', lines: '明细', reserved: '已预留', shipped: '已发货', totals: '金额', reservations: '库存预留', noReservations: '此订单没有预留库存',
    timeline: '时间线', by: '操作人 {{actor}}', approve: '审批通过', reject: '退回', confirm: '确认订单', cancelOrder: '取消订单', split: '拆分', merge: '合并', edit: '编辑',
    cancelReason: '取消原因', splitHelp: '将以下数量移到新订单', splitQty: '移出', mergeHelp: '与该客户的其他未完成订单合并', mergeWith: '要合并的订单',
    noMergeCandidates: '该客户没有可合并的其他订单', splitFrom: '拆分自', mergedInto: '已合并到', approvalReason: '待审批原因', done: '完成', back: '返回订单列表',
    rows: '{{count}} 行', nothingToSplit: '请至少选择一个要移出的数量',
    reasons: { amount_at_least: '金额达到审批限额', first_order_of_new_customer: '新客户首笔订单' },
    actors: { 'local-owner': '店主（本机）', system: '系统' },
    channels: { manual: '手工录入' },
    reservedIn: '预留于 {{warehouse}}',
  },
  ops: {
    orders_create: '创建订单', orders_update: '修改订单', orders_confirm: '确认', orders_approve: '审批通过', orders_reject: '退回', orders_cancel: '取消',
    orders_split: '拆分', orders_merge: '合并', orders_startPicking: '开始拣货', orders_pack: '打包', orders_ship: '发货', orders_deliver: '送达', orders_complete: '完成', other: '修改',
  },
  products: {
    title: '商品', sku: '货号', name: '名称', altName: '第二名称（如中文名）', unit: '单位', price: '价格', taxRate: '税率', barcodes: '条码', barcodesHelp: '多个条码用空格分隔',
    allowBackorder: '允许无库存销售', stockPerWarehouse: '各仓库存', newProduct: '新建商品', edit: '编辑', created: '商品 {{sku}} 已创建', searchPlaceholder: '货号、名称或条码', noTaxRates: '请先在设置中创建税率',
  },
  stock: {
    title: '库存', product: '商品', warehouse: '仓库', onHand: '在库', reserved: '已预留', available: '可用', expected: '在途采购', lowOnly: '仅看库存不足', receive: '收货入库', adjust: '调整',
    quantity: '数量', delta: '变动（正数或负数）', reason: '原因', movements: '出入库记录', received: '已入库 {{quantity}} × {{sku}}', adjusted: '库存已调整', kind: '类型', when: '时间',
    kinds: { receipt: '入库', adjustment: '调整', reservation: '预留', release: '释放', shipment: '出库' },
  },
  customers: { title: '客户', code: '编号', name: '姓名', email: '邮箱', phone: '电话', newCustomer: '新建客户', created: '客户 {{name}} 已创建', searchPlaceholder: '姓名、编号、邮箱或电话' },
  settings: {
    title: '设置', shop: '店铺', shopName: '店铺名称', currency: '币种', station: '站点代码', pricesIncludeTax: '价格含税', approval: '审批规则',
    amountAtLeast: '达到此金额的订单需审批', amountHelp: '留空即关闭', firstOrder: '新客户的首笔订单需审批', language: '语言',
    warehouses: '仓库', taxRates: '税率', code: '代码', name: '名称', rate: '税率 %', add: '添加', addWarehouse: '新建仓库', addTaxRate: '新建税率', saved: '设置已保存',
  },
  help: { title: '帮助', notFound: '此页面暂无帮助。' },
};
