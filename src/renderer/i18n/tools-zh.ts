import type { Messages } from './en.ts';

/** 盘点、运费、打印机、备份与同步的中文（并入 zh.ts）。 */
export const countsZh: Messages['counts'] = {
  title: '库存盘点', newSheet: '新建盘点单', warehouse: '仓库', binFrom: '起始库位', binTo: '结束库位', binHelp: '两项都不填则盘点整个仓库',
  create: '建立盘点单', created: '盘点单 {{number}} 已建立', sheet: '盘点单 {{number}}', open: '进行中', posted: '已过账',
  scan: '扫描商品或输入编码（12*编码 计十二件），然后回车', scanned: '{{code}} +{{quantity}}', refused: '未计入：{{reason}}',
  sku: '货号', bin: '库位', expected: '账面', counted: '实盘', difference: '差异', notCounted: '未盘',
  progress: '已盘 {{counted}} / {{lines}} 行', differences: '{{count}} 行有差异：盘盈 {{plus}}，盘亏 {{minus}}',
  reason: '调整原因', post: '过账差异', postConfirm: '将 {{number}} 的差异作为库存调整过账？', postHelp: '每个已盘行都调整为实盘数量；未盘的行保持不变。',
  postedOk: '盘点单 {{number}} 已过账', backToList: '全部盘点单', unknownCode: '未知编码 {{code}}', notOnSheet: '{{code}} 不在本盘点单上', reasonNeeded: '请先填写原因',
  product: '商品', sheets: '盘点单', number: '单号', bins: '库位', allBins: '全部库位', status: '状态', progressColumn: '已盘', createdAt: '建立时间',
  filterWarehouse: '按仓库筛选', allWarehouses: '全部仓库', filterStatus: '按状态筛选', allStatuses: '进行中和已过账',
  noSheets: '还没有盘点单', listHelp: '选择盘点单并打开：',
};

export const feeZh: Messages['fee'] = {
  title: '配送与运费', method: '配送方式', none: '不选配送方式', computed: '计算运费', charged: '实收运费', weight: '重量：{{grams}} 克',
  zone: '区域：{{zone}}', unweighed: '未填重量（按 0 克计）：{{skus}}', override: '改收其他运费', overrideHelp: '留空则收取计算运费',
  overridden: '已手动修改', needCustomer: '请先选择客户：运费取决于寄往何处。', needLines: '请先添加商品：运费取决于重量和金额。',
  destination: '寄往 {{place}}', noAddress: '无收货地址，按基础运费',
  steps: {
    pickup_free: '门店自提：免运费', zone: '目的地区域 {{zone}}', flat: '固定运费', first_weight: '首重 {{grams}} 克',
    additional_weight: '续重 {{steps}} × {{stepGrams}} 克，每份 {{stepFee}}', value_band: '订单金额满 {{from}}', per_item: '{{items}} 件 × {{each}}',
    free_from: '满 {{threshold}} 免运费', other: '其他步骤',
  },
};

export const printersZh: Messages['printers'] = {
  title: '本工作站的打印机', kind: '单据', printer: '打印机', paper: '纸张', copies: '份数', silent: '不弹出对话框',
  dialog: '打印对话框', defaultPaper: '按打印机设置', browserNote: '在网页浏览器中无法读取打印机列表：单据在打印对话框中打开，在那里选择打印机、纸张和份数。',
  shellNote: '打印机属于这台电脑：这些选择只保存在本工作站，不会同步。', saved: '{{kind}} 的打印机已保存', noPrinters: '这台电脑上没有找到打印机',
  kinds: { invoice: '发票', 'credit-note': '红字发票', 'packing-slip': '装箱单', 'pick-list': '拣货单', 'shipping-label': '快递面单', 'purchase-order': '采购单' },
  papers: { A4: '210 × 297 毫米', Letter: '美国信纸（216 × 279 毫米）', 'label-100x150': '面单 100 × 150 毫米' },
};

export const backupsZh: Messages['backups'] = {
  title: '备份', folder: '备份文件夹', folderHelp: '绝对路径的文件夹，例如移动硬盘或网络共享', noFolder: '尚未设置文件夹：不会进行备份。',
  everyHours: '每隔多少小时备份一次', keepDaily: '保留每日备份份数', keepMonthly: '保留每月备份份数', onExit: '关闭程序时也备份',
  save: '保存备份设置', saved: '备份设置已保存', now: '立即备份', done: '已写入备份 {{name}}（{{size}}）', list: '文件夹中的备份', none: '文件夹中还没有备份',
  taken: '备份时间', size: '大小', name: '文件', restore: '恢复', check: '检查', checking: '正在检查备份…',
  restoreTitle: '恢复 {{name}}？', restoreSummary: '检查通过，其中有 {{orders}} 个订单、{{products}} 个商品、{{customers}} 个客户，日志到第 {{seq}} 条。',
  restoreWarn: '{{taken}} 之后录入的内容将从本账本中消失。当前账本会另存，不会删除。', restoreType: '输入“{{word}}”以确认', restoreWord: '恢复',
  reasons: { missing: '文件不存在', unreadable: '文件已损坏或不完整', wrong_key: '无法用此密钥打开', newer_version: '由更新版本的店账创建', failed_verify: '未通过账本检查' },
  restoreDo: '立即恢复', pending: '备份已通过检查，将在下次启动店账时恢复：请关闭店账后重新打开。届时当前账本会另存。', restored: '已恢复。原账本另存为 {{aside}}。请重新登录。', refused: '此备份无法恢复：{{reason}}',
};

export const syncZh: Messages['sync'] = {
  off: '同步未开启', syncing: '正在同步…', upToDate: '已是最新', offline: '离线', error: '同步出错', lastSynced: '上次同步 {{when}}', never: '从未同步',
  waiting: '{{count}} 条待发送', issues: '{{count}} 项待处理', title: '同步', server: '服务器', notConfigured: '本工作站尚未登记到同步服务器：独立工作。',
  lastError: '最近的错误', opsWaiting: '等待发送的更改', openIssues: '超卖提醒与冲突', noIssues: '没有待处理的事项',
  restoredLabel: '已从备份恢复', restored: '于 {{when}} 恢复。新的订单、发票等编号单据需等本工作站同步一次之后才能创建，以先取回备份之后已发出的编号。',
  kind: '类型', subject: '涉及', message: '发生了什么', since: '时间', resolve: '处理完毕', note: '处理说明', resolved: '已标记为处理完毕', refresh: '刷新',
  oversell: '同步后可用 {{available}}（在库 {{onHand}}，已预留 {{reserved}}）；相关订单 {{orders}}',
  kinds: { oversell: '超卖', transition: '冲突', parked: '等待中', clock: '时钟' },
};
